// Reactive, app-wide view of face analysis for the UI: the queue snapshot, whether biometric
// consent is in force, and whether processing is restricted. Refreshed on every change event
// (this tab or another), coalesced so a burst of events costs one read.
import { onConsentChange } from '../privacy/consent';
import { isProcessingRestricted, onRestrictionChange } from '../privacy/prefs';
import { onQueueChange, snapshot, type QueueSnapshot } from './queue/store';
import { onFacesChange } from './repo';
import { hasBiometricConsent } from './service';

export const faceStatus = $state<{ consent: boolean | null; restricted: boolean; queue: QueueSnapshot | null; facesVersion: number }>({
	consent: null,
	restricted: false,
	queue: null,
	facesVersion: 0
});

let wired = false;
let pending: Promise<void> | null = null;
let again = false;

async function refresh() {
	if (pending) {
		again = true;
		return pending;
	}
	pending = (async () => {
		do {
			again = false;
			const [consent, queue] = await Promise.all([hasBiometricConsent(), snapshot()]);
			faceStatus.consent = consent;
			faceStatus.queue = queue;
			faceStatus.restricted = isProcessingRestricted();
		} while (again);
	})()
		.catch((e) => console.error('face status refresh failed', e))
		.finally(() => (pending = null));
	return pending;
}

/** Starts listening (idempotent) and returns a promise for the first read. */
export function watchFaceStatus(): Promise<void> {
	if (!wired) {
		wired = true;
		onQueueChange(() => void refresh());
		onConsentChange(() => void refresh());
		onRestrictionChange(() => void refresh());
		onFacesChange(() => {
			faceStatus.facesVersion++;
		});
	}
	return refresh();
}

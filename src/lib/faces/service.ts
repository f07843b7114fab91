// The page's face-analysis service: wires the queue runner to the library, the consent record,
// the face engine and the faces repository, and keeps face data consistent with the rest of the
// app (items purged from the library lose their faces; withdrawn consent deletes all face data).
import { getMedia, listMedia, listMediaInProject, onLibraryChange } from '../library/repo';
import type { MediaItem } from '../library/types';
import { grantConsent, hasConsent, onConsentChange, withdrawConsent } from '../privacy/consent';
import { isProcessingRestricted, onRestrictionChange, recordFaceUse, setLastFaceUseAt } from '../privacy/prefs';
import { analyzeMediaItem } from './analyze';
import { BIOMETRIC_POLICY_VERSION, BIOMETRIC_NOTICE } from './consent/policy';
import { analyzePixels, stopFaceEngine } from './engine';
import { unitsFor } from './queue/eta';
import { QueueRunner } from './queue/runner';
import * as queue from './queue/store';
import { countFaceData, deleteAllFaceData, deleteFacesForMedia, getAnalysis, saveAnalysis, saveAnalysisError } from './repo';

export const PIPELINE_ID = 'blazeface-256+dlib-resnet-128+faceapi-age-gender';

export const RESTRICTED_MESSAGE = 'Face analysis is on hold: processing is restricted in the Privacy centre.';

let runner: QueueRunner | null = null;
let started = false;

export const hasBiometricConsent = () => hasConsent('biometric', { minPolicyVersion: BIOMETRIC_POLICY_VERSION });

function getRunner(): QueueRunner {
	runner ??= new QueueRunner({
		getMedia,
		hasConsent: hasBiometricConsent,
		isBlocked: () => (isProcessingRestricted() ? RESTRICTED_MESSAGE : null),
		analyze: (item, ctx) => analyzeMediaItem(item, ctx, { analyzePixels }),
		save: async (mediaId, result, opts) => {
			recordFaceUse(); // analysis running = face features in use (retention clock)
			return { faces: (await saveAnalysis(mediaId, result.faces, { replace: opts.replace, frames: result.frames, pipeline: PIPELINE_ID })).length };
		},
		saveError: saveAnalysisError,
		isAnalyzed: async (id) => (await getAnalysis(id))?.status === 'done'
	});
	return runner;
}

/**
 * Called once by the layout-mounted status: resumes a queue left by a reload, keeps face data in
 * step with library deletes and consent withdrawals made anywhere (e.g. the Privacy centre).
 */
export function startFaceService(): void {
	if (started) return;
	started = true;
	onLibraryChange((c) => {
		if (c.kind === 'media' && c.op === 'purged') for (const id of c.ids) void deleteFacesForMedia(id).catch((e) => console.error('could not delete faces of purged item', e));
	});
	onConsentChange((record, purpose) => {
		if ((purpose === 'biometric' && record && !record.granted) || purpose === null) void stopAndDeleteAll();
	});
	onRestrictionChange((restricted) => {
		if (!restricted) void resumeIfAllowed();
	});
	void resumeIfAllowed();
}

async function resumeIfAllowed() {
	if (await hasBiometricConsent()) await getRunner().start();
}

/** Records the user's explicit consent from the dialog. */
export async function grantBiometricConsent(): Promise<void> {
	setLastFaceUseAt(Date.now()); // consenting (re)starts the retention clock
	await grantConsent('biometric', {
		policyVersion: BIOMETRIC_POLICY_VERSION,
		method: 'dialog',
		details: { notice: BIOMETRIC_NOTICE.title, affirmation: BIOMETRIC_NOTICE.affirmation, lang: typeof navigator !== 'undefined' ? navigator.language : undefined }
	});
}

async function itemsToJobs(items: MediaItem[]): Promise<queue.JobInput[]> {
	return items.filter((m) => m.deletedAt == null).map((m) => ({ mediaId: m.id, name: m.name, kind: m.kind, units: unitsFor(m.kind, m.duration) }));
}

/** Queues items for analysis (consent must have been given). Returns how many were added. */
export async function analyzeItems(mediaIds: string[], opts: { force?: boolean } = {}): Promise<number> {
	if (!(await hasBiometricConsent())) throw new Error('Face analysis needs your consent first.');
	recordFaceUse();
	const items = (await Promise.all(mediaIds.map((id) => getMedia(id)))).filter((m): m is MediaItem => !!m);
	const added = await queue.enqueue(await itemsToJobs(items), opts);
	void getRunner().start();
	return added;
}

export async function analyzeProject(projectId: string, opts: { force?: boolean } = {}): Promise<number> {
	return analyzeItems((await listMediaInProject(projectId)).map((m) => m.id), opts);
}

export async function analyzeLibrary(opts: { force?: boolean } = {}): Promise<number> {
	return analyzeItems((await listMedia()).map((m) => m.id), opts);
}

export const pauseAnalysis = () => getRunner().pause();
export const resumeAnalysis = () => getRunner().resume();
export const cancelAnalysis = () => getRunner().cancel();
export const cancelItem = (mediaId: string) => getRunner().cancelItem(mediaId);
export const retryFailed = async () => {
	const failed = (await queue.listJobs()).filter((j) => j.status === 'error');
	await queue.enqueue(failed, { force: true });
	void getRunner().start();
};

let deleting: Promise<void> | null = null;
function stopAndDeleteAll(): Promise<void> {
	deleting ??= doStopAndDeleteAll().finally(() => (deleting = null));
	return deleting;
}
async function doStopAndDeleteAll(): Promise<void> {
	if (runner) {
		await runner.cancel().catch(() => 0);
		runner.dispose();
		runner = null;
	}
	stopFaceEngine();
	await queue.dropQueue();
	await deleteAllFaceData();
	setLastFaceUseAt(null); // no face data left, so no retention clock
}

/** What "turn off face features" would delete (for the confirmation). */
export const faceDataCounts = countFaceData;

/**
 * Withdraws biometric consent and deletes every face, the queue and the embedding key. Safe to
 * call when face features were never on.
 */
export async function turnOffFaceFeatures(method = 'settings', details?: Record<string, unknown>): Promise<{ faces: number }> {
	const before = await countFaceData();
	if (await hasConsent('biometric')) await withdrawConsent('biometric', { method, policyVersion: BIOMETRIC_POLICY_VERSION, details });
	await stopAndDeleteAll();
	return { faces: before.faces };
}

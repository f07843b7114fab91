// Enforces the face-data retention rule (face-retention.ts): run at start-up and daily by the
// app-wide retention schedule. When face features have not been used for the chosen period, all
// face data is deleted through the same path as "Turn off face features" (consent withdrawn with
// a content-free record of why, faces + queue dropped, embedding key destroyed, People told), and
// a notice is left for the user. The I/O is injected so the rule is tested with a fake clock.
import { countFaceData, FACES_DB, listAnalyses } from '../faces/repo';
import { turnOffFaceFeatures } from '../faces/service';
import { listDatabases } from './device';
import { faceRetentionState, type FacePurgeNotice, type FaceRetentionState } from './face-retention';
import { FACE_RETENTION_DUE, getFaceRetentionMonths, getLastFaceUseAt, isProcessingRestricted, onPrefsChange, setFacePurgeNotice, setLastFaceUseAt } from './prefs';
import { scheduleDaily, systemClock, type Clock } from './retention';

export interface FaceDataHeld {
	faces: number;
	/** Analysis records (an item analysed with no faces is still face data: "analysed, none found"). */
	analyses: number;
	/** Latest analysis time: the best evidence of use for data stored before the clock existed. */
	latestAt: number | null;
}

export interface FaceRetentionDeps {
	months(): number;
	lastUseAt(): number | null;
	setLastUseAt(t: number | null): void;
	setNotice(n: FacePurgeNotice): void;
	isRestricted(): boolean;
	/** What face data is stored, or null when the faces store does not exist (never created here). */
	faceData(): Promise<FaceDataHeld | null>;
	/** Deletes all face data exactly like "Turn off face features"; returns how many faces went. */
	purge(details: Record<string, unknown>): Promise<{ faces: number }>;
}

export type FaceRetentionOutcome =
	| { action: 'none'; state: FaceRetentionState }
	/** Face data existed without a clock (stored before this rule): the clock starts from `lastUseAt`. */
	| { action: 'started'; state: FaceRetentionState; lastUseAt: number }
	/** Due, but processing is restricted (GDPR Art. 18: the user asked that nothing be changed). */
	| { action: 'held'; state: FaceRetentionState }
	/** Due with nothing stored: the clock is cleared. */
	| { action: 'reset' }
	| { action: 'purged'; notice: FacePurgeNotice };

const isEmpty = (h: FaceDataHeld | null) => !h || (h.faces === 0 && h.analyses === 0);

export async function runFaceRetention(now: number, deps: FaceRetentionDeps): Promise<FaceRetentionOutcome> {
	const months = deps.months();
	let last = deps.lastUseAt();
	let started = false;
	if (last == null) {
		const held = await deps.faceData();
		if (isEmpty(held)) return { action: 'none', state: { state: 'idle' } };
		last = Math.min(now, held!.latestAt ?? now);
		deps.setLastUseAt(last);
		started = true;
	}
	const state = faceRetentionState(last, months, now);
	if (state.state !== 'due') return started ? { action: 'started', state, lastUseAt: last } : { action: 'none', state };
	if (deps.isRestricted()) return { action: 'held', state };
	const held = await deps.faceData();
	if (isEmpty(held)) {
		deps.setLastUseAt(null);
		return { action: 'reset' };
	}
	// Content-free: counts and dates only, recorded with the consent withdrawal.
	const r = await deps.purge({ reason: 'retention', months, lastUseAt: last, faces: held!.faces, items: held!.analyses });
	deps.setLastUseAt(null);
	const notice: FacePurgeNotice = { at: now, faces: r.faces, months, lastUseAt: last };
	deps.setNotice(notice);
	return { action: 'purged', notice };
}

/** The real device: prefs in localStorage, the faces store, the turn-off path. */
export function deviceFaceRetentionDeps(): FaceRetentionDeps {
	return {
		months: getFaceRetentionMonths,
		lastUseAt: getLastFaceUseAt,
		setLastUseAt: setLastFaceUseAt,
		setNotice: setFacePurgeNotice,
		isRestricted: isProcessingRestricted,
		async faceData() {
			// Opening the store would create it; a device that never used faces stays untouched.
			if (!(await listDatabases()).includes(FACES_DB)) return null;
			const [c, analyses] = await Promise.all([countFaceData(), listAnalyses()]);
			const latestAt = analyses.reduce<number | null>((m, a) => (m == null || a.analyzedAt > m ? a.analyzedAt : m), null);
			return { faces: c.faces, analyses: analyses.length, latestAt };
		},
		purge: (details) => turnOffFaceFeatures('retention', details)
	};
}

/**
 * Tabs share the prefs and the stores: with a Web Lock the second tab runs after the first has
 * finished and finds the clock cleared, instead of deleting in parallel and overwriting the notice.
 */
function oneTabAtATime<T>(fn: () => Promise<T>): Promise<T> {
	const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
	return locks ? (locks.request('loupe-face-retention', fn) as Promise<T>) : fn();
}

/** Runs the check now and daily; returns a stop function. */
export function startFaceRetention(clock: Clock = systemClock, deps: FaceRetentionDeps = deviceFaceRetentionDeps()): () => void {
	let running: Promise<unknown> | null = null;
	const run = (now: number) => (running ??= oneTabAtATime(() => runFaceRetention(now, deps)).finally(() => (running = null)));
	const stop = scheduleDaily(run, clock);
	const off = onPrefsChange((k) => {
		if (k === FACE_RETENTION_DUE) void run(clock.now()).catch((e) => console.error('face retention failed', e));
	});
	return () => {
		stop();
		off();
	};
}

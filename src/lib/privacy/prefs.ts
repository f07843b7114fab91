// Small privacy preferences that must be readable synchronously before anything else loads
// (region override, age gate result, banner decision, processing restriction). They live in
// localStorage: storing a privacy choice is strictly necessary and needs no consent itself.
import type { Region } from './region';
import { clampFaceMonths, FACE_RETENTION, faceRetentionState, shouldRecordUse, type FacePurgeNotice } from './face-retention';

export interface KV {
	getItem(k: string): string | null;
	setItem(k: string, v: string): void;
	removeItem(k: string): void;
	readonly length: number;
	key(i: number): string | null;
}

function memoryKV(): KV {
	const m = new Map<string, string>();
	return {
		getItem: (k) => m.get(k) ?? null,
		setItem: (k, v) => void m.set(k, v),
		removeItem: (k) => void m.delete(k),
		get length() {
			return m.size;
		},
		key: (i) => [...m.keys()][i] ?? null
	};
}

let kv: KV = typeof localStorage !== 'undefined' ? localStorage : memoryKV();
/** For tests. */
export function usePrefsStorage(s: KV | null) {
	kv = s ?? memoryKV();
}

export const PREFIX = 'loupe.privacy.';

function read<T>(key: string): T | null {
	try {
		const v = kv.getItem(PREFIX + key);
		return v === null ? null : (JSON.parse(v) as T);
	} catch {
		return null;
	}
}
function write(key: string, value: unknown) {
	if (value === null || value === undefined) kv.removeItem(PREFIX + key);
	else kv.setItem(PREFIX + key, JSON.stringify(value));
	notify(key);
}

const listeners = new Set<(key: string) => void>();
let channel: BroadcastChannel | null = null;
function ensureChannel() {
	if (!channel && typeof BroadcastChannel !== 'undefined') {
		channel = new BroadcastChannel('loupe-privacy-prefs');
		channel.onmessage = (e) => listeners.forEach((l) => l(String(e.data)));
		(channel as unknown as { unref?: () => void }).unref?.();
	}
	return channel;
}
function notify(key: string) {
	for (const l of listeners) l(key);
	ensureChannel()?.postMessage(key);
}
/** Called with the changed key (in this tab or another). */
export function onPrefsChange(fn: (key: string) => void): () => void {
	ensureChannel();
	listeners.add(fn);
	return () => listeners.delete(fn);
}

export const getRegionOverride = () => read<Region>('regionOverride');
export const setRegionOverride = (r: Region | null) => write('regionOverride', r);

export interface AgeGateRecord {
	at: number;
	ok: boolean;
	minAge: number;
	region: Region;
}
export const getAgeGate = () => read<AgeGateRecord>('ageGate');
export const setAgeGate = (r: AgeGateRecord | null) => write('ageGate', r);

/** When the consent banner was answered (any answer). */
export const getBannerAnsweredAt = () => read<number>('bannerAnsweredAt');
export const setBannerAnsweredAt = (t: number | null) => write('bannerAnsweredAt', t);

export interface Restriction {
	since: number;
}
const getRestriction = () => read<Restriction>('restricted');

/**
 * Art. 18 restriction of processing: while true, no face analysis, matching or grouping may run
 * (nothing is deleted). Face analysis must check this before starting and between items.
 */
export function isProcessingRestricted(): boolean {
	return getRestriction() !== null;
}
export function processingRestrictedSince(): number | null {
	return getRestriction()?.since ?? null;
}
export function setProcessingRestricted(on: boolean, now = Date.now()) {
	if (on === isProcessingRestricted()) return;
	write('restricted', on ? { since: now } : null);
}
/** Calls fn(restricted) whenever the restriction changes, in any tab. */
export function onRestrictionChange(fn: (restricted: boolean) => void): () => void {
	return onPrefsChange((k) => {
		if (k === 'restricted') fn(isProcessingRestricted());
	});
}

/** Every key Loupe's privacy prefs use (erase-everything clears them all). */
export function clearAllPrefs(storage: KV = kv): number {
	const keys: string[] = [];
	for (let i = 0; i < storage.length; i++) {
		const k = storage.key(i);
		if (k && k.startsWith('loupe.')) keys.push(k);
	}
	for (const k of keys) storage.removeItem(k);
	return keys.length;
}

// ---- face-data retention (device-local: never synced; see face-retention.ts for the rule)

/** The chosen face-data retention in months (1–36), or the 36-month default. */
export function getFaceRetentionMonths(): number {
	return clampFaceMonths(read<number>('faceRetentionMonths') ?? FACE_RETENTION.defaultMonths).months;
}
export function setFaceRetentionMonths(months: number): { months: number; note: string | null } {
	const r = clampFaceMonths(months);
	write('faceRetentionMonths', r.months);
	return r;
}

/** The last time face features were used on this device (ms), or null if never. */
export const getLastFaceUseAt = () => {
	const t = read<number>('lastFaceUseAt');
	return typeof t === 'number' && Number.isFinite(t) ? t : null;
};
export const setLastFaceUseAt = (t: number | null) => write('lastFaceUseAt', t);

/**
 * Records that face features were used now (restarts the retention clock). Cheap to call on
 * every use: it writes at most once an hour.
 */
export function recordFaceUse(now: number = Date.now()): boolean {
	const last = getLastFaceUseAt();
	const months = getFaceRetentionMonths();
	if (!shouldRecordUse(last, now, months)) {
		// Past the deadline in a tab left open: ask this tab's retention job to run now rather
		// than at its next daily run (it deletes the expired data before new data piles on it).
		if (last != null && faceRetentionState(last, months, now).state === 'due') for (const l of listeners) l(FACE_RETENTION_DUE);
		return false;
	}
	setLastFaceUseAt(now);
	return true;
}
/** Signal (this tab only, nothing stored) that face data is past its retention deadline. */
export const FACE_RETENTION_DUE = 'faceRetentionDue';

/** The notice left by the last retention purge, until the user dismisses it. */
export const getFacePurgeNotice = () => read<FacePurgeNotice>('facePurgeNotice');
export const setFacePurgeNotice = (n: FacePurgeNotice | null) => write('facePurgeNotice', n);

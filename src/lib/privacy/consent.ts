// Consent records for every purpose Loupe asks about, kept as an append-only history in the
// 'loupe-consent' database: the latest record for a purpose decides, earlier ones stay as proof
// of what was agreed, when and how (GDPR Art. 7(1), BIPA written release). Changes are announced
// in this tab and, via BroadcastChannel, in other tabs of the same profile.
import type { DBSchema } from 'idb';
import { dropStore, openStore, type Migration } from '../store/db';

export type ConsentPurpose = 'biometric' | 'cloud_ai' | 'analytics' | 'marketing' | 'parental';
export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ['biometric', 'cloud_ai', 'analytics', 'marketing', 'parental'];

/** How the choice was made, e.g. 'dialog' (explicit modal), 'banner', 'settings', 'privacy-centre'. */
export type ConsentMethod = 'dialog' | 'banner' | 'settings' | 'privacy-centre' | 'import' | (string & {});

export interface ConsentRecord {
	/** Monotonic sequence number within this profile (assigned by the store). */
	seq: number;
	purpose: ConsentPurpose;
	granted: boolean;
	/** Version of the notice/policy text the user saw. */
	policyVersion: string;
	/** ms since epoch. */
	at: number;
	method: ConsentMethod;
	details?: Record<string, unknown>;
}

export type ConsentInput = { policyVersion: string; method: ConsentMethod; details?: Record<string, unknown> };

export const CONSENT_DB = 'loupe-consent';

interface ConsentSchema extends DBSchema {
	records: { key: number; value: ConsentRecord; indexes: { 'by-purpose': ConsentPurpose } };
}

const migrations: Migration<ConsentSchema>[] = [
	(db) => {
		const s = db.createObjectStore('records', { keyPath: 'seq', autoIncrement: true });
		s.createIndex('by-purpose', 'purpose');
	}
];
const spec = { name: CONSENT_DB, migrations };

type Listener = (record: ConsentRecord | null, purpose: ConsentPurpose | null) => void;
const listeners = new Set<Listener>();
let channel: BroadcastChannel | null = null;

function getChannel(): BroadcastChannel | null {
	if (channel || typeof BroadcastChannel === 'undefined') return channel;
	channel = new BroadcastChannel('loupe-consent');
	channel.onmessage = (e: MessageEvent) => {
		const { record, purpose } = e.data ?? {};
		for (const l of listeners) l(record ?? null, purpose ?? null);
	};
	// Don't keep a Node process (tests, scripts) alive just for this channel.
	(channel as unknown as { unref?: () => void }).unref?.();
	return channel;
}

function emit(record: ConsentRecord | null, purpose: ConsentPurpose | null) {
	for (const l of listeners) l(record, purpose);
	getChannel()?.postMessage({ record, purpose });
}

function assertPurpose(p: string): asserts p is ConsentPurpose {
	if (!CONSENT_PURPOSES.includes(p as ConsentPurpose)) throw new Error(`Unknown consent purpose "${p}"`);
}

/** The latest record for `purpose`, or null if the user was never asked. */
export async function getConsent(purpose: ConsentPurpose): Promise<ConsentRecord | null> {
	assertPurpose(purpose);
	const db = await openStore(spec);
	const cursor = await db.transaction('records').store.index('by-purpose').openCursor(IDBKeyRange.only(purpose), 'prev');
	return cursor?.value ?? null;
}

/**
 * True when the latest record for `purpose` grants it. With `minPolicyVersion`, a grant given
 * under an older notice (compared as numbers per dot-separated part) does not count.
 */
export async function hasConsent(purpose: ConsentPurpose, opts: { minPolicyVersion?: string } = {}): Promise<boolean> {
	const r = await getConsent(purpose);
	if (!r?.granted) return false;
	return opts.minPolicyVersion ? compareVersions(r.policyVersion, opts.minPolicyVersion) >= 0 : true;
}

export function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
	const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d) return Math.sign(d);
	}
	return 0;
}

async function append(purpose: ConsentPurpose, granted: boolean, input: ConsentInput): Promise<ConsentRecord> {
	assertPurpose(purpose);
	if (!input.policyVersion) throw new Error('policyVersion is required');
	if (!input.method) throw new Error('method is required');
	const db = await openStore(spec);
	const row: Omit<ConsentRecord, 'seq'> = { purpose, granted, policyVersion: input.policyVersion, at: Date.now(), method: input.method };
	if (input.details) row.details = input.details;
	const seq = await db.add('records', row as ConsentRecord);
	const record = { ...row, seq } as ConsentRecord;
	emit(record, purpose);
	return record;
}

export function grantConsent(purpose: ConsentPurpose, input: ConsentInput): Promise<ConsentRecord> {
	return append(purpose, true, input);
}

/**
 * Records a withdrawal. Deleting the data the consent covered is the feature's job (face data:
 * `deleteAllFaceData` in `$lib/faces/repo`), so listeners of `onConsentChange` can react.
 */
export async function withdrawConsent(purpose: ConsentPurpose, input: Partial<ConsentInput> = {}): Promise<ConsentRecord> {
	const last = await getConsent(purpose);
	return append(purpose, false, {
		policyVersion: input.policyVersion ?? last?.policyVersion ?? 'n/a',
		method: input.method ?? 'settings',
		details: input.details
	});
}

/** Every record, oldest first (optionally for one purpose). */
export async function consentHistory(purpose?: ConsentPurpose): Promise<ConsentRecord[]> {
	const db = await openStore(spec);
	if (purpose) {
		assertPurpose(purpose);
		return db.getAllFromIndex('records', 'by-purpose', purpose);
	}
	return db.getAll('records');
}

/** Latest record per purpose (null where never asked). */
export async function consentSummary(): Promise<Record<ConsentPurpose, ConsentRecord | null>> {
	const out = {} as Record<ConsentPurpose, ConsentRecord | null>;
	for (const p of CONSENT_PURPOSES) out[p] = null;
	for (const r of await consentHistory()) out[r.purpose] = r; // ascending seq, so the last wins
	return out;
}

/**
 * Calls `cb(record, purpose)` after any change in this or another tab; `record` is null and
 * `purpose` null after `eraseConsentHistory`. Returns an unsubscribe function.
 */
export function onConsentChange(cb: Listener): () => void {
	getChannel();
	listeners.add(cb);
	return () => listeners.delete(cb);
}

/**
 * Deletes the whole history. Only for a full "erase everything on this device" — normal
 * withdrawal must use `withdrawConsent` so the record of the choice is kept.
 */
export async function eraseConsentHistory(): Promise<void> {
	await dropStore(CONSENT_DB);
	emit(null, null);
}

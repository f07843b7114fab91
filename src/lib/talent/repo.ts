// Talent roster repository: people, their consent, reference embeddings (sealed), reviews,
// revocation and erasure. Every change is written to the audit log under the talent's HMAC.
import { talentDb, type LegalHold, type Reference, type Review, type StoredConsent, type Talent } from './db';
import { appendAudit, saltFor, subjectOf } from './audit';
import { validateConsent, type TalentConsent } from './consent';
import { cipher } from './cipher';
import { monthsAfter } from '../privacy/retention';

/** Consent evidence is kept this long after erasure (limitation period for claims about the release). */
export const LEGAL_HOLD_MONTHS = 36;
export const MAX_REFERENCES = 10;

const events = new EventTarget();
/** Fires 'change' whenever the roster, consent, references or reviews change. */
export function onTalentChange(fn: () => void): () => void {
	events.addEventListener('change', fn);
	return () => events.removeEventListener('change', fn);
}
const changed = () => events.dispatchEvent(new Event('change'));

const id = () => crypto.randomUUID();

export async function listTalent(): Promise<Talent[]> {
	const all = await (await talentDb()).getAll('talent');
	return all.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getTalent(talentId: string): Promise<Talent | undefined> {
	return (await talentDb()).get('talent', talentId);
}

export async function addTalent(name: string, now = Date.now()): Promise<Talent> {
	const clean = name.trim().replace(/\s+/g, ' ');
	if (clean.length < 2) throw new Error('Enter the person’s name (at least 2 characters).');
	if (clean.length > 120) throw new Error('That name is too long (120 characters at most).');
	const t: Talent = { id: id(), name: clean, createdAt: now };
	await (await talentDb()).add('talent', t);
	const salt = await saltFor(t.id);
	void salt;
	await appendAudit({ action: 'talent.added', subject: await subjectOf(t.id) }, now);
	changed();
	return t;
}

export async function listConsents(talentId: string): Promise<StoredConsent[]> {
	const all = await (await talentDb()).getAllFromIndex('consents', 'by-talent', talentId);
	return all.sort((a, b) => a.signedAt - b.signedAt);
}

export async function allConsents(): Promise<StoredConsent[]> {
	return (await talentDb()).getAll('consents');
}

export type ConsentInput = Omit<TalentConsent, 'id' | 'recordedAt' | 'revokedAt'> & { file?: { bytes: ArrayBuffer } };

export async function recordConsent(input: ConsentInput, now = Date.now()): Promise<StoredConsent> {
	if (!(await getTalent(input.talentId))) throw new Error('That person is no longer on the roster.');
	const errs = validateConsent(input, now);
	if (errs.length) throw new Error(errs.join(' '));
	if (input.method.kind === 'file' && !input.file) throw new Error('Attach the signed release file.');
	const c: StoredConsent = { ...input, id: id(), recordedAt: now };
	await (await talentDb()).add('consents', c);
	await appendAudit({ action: 'consent.granted', subject: await subjectOf(input.talentId), policyVersion: input.policyVersion, note: c.scope.projects === 'all' ? 'all projects' : `${c.scope.projects.length} project(s)` }, now);
	changed();
	return c;
}

async function deleteReferencesOf(talentId: string): Promise<number> {
	const db = await talentDb();
	const tx = db.transaction('references', 'readwrite');
	const keys = await tx.store.index('by-talent').getAllKeys(talentId);
	for (const k of keys) await tx.store.delete(k);
	await tx.done;
	return keys.length;
}

/** Revokes every active consent of a talent: their reference vectors are deleted at once. */
export async function revokeConsent(talentId: string, now = Date.now()): Promise<{ revoked: number; referencesDeleted: number }> {
	const db = await talentDb();
	const tx = db.transaction('consents', 'readwrite');
	let revoked = 0;
	for (const c of await tx.store.index('by-talent').getAll(talentId)) {
		if (c.revokedAt !== undefined) continue;
		c.revokedAt = now;
		await tx.store.put(c);
		revoked++;
	}
	await tx.done;
	const referencesDeleted = await deleteReferencesOf(talentId);
	const subject = await subjectOf(talentId);
	await appendAudit({ action: 'consent.revoked', subject, count: revoked }, now);
	await appendAudit({ action: 'references.deleted', subject, count: referencesDeleted }, now);
	changed();
	return { revoked, referencesDeleted };
}

/**
 * Erases a talent: references, reviews and the roster entry go; consent evidence is kept only as a
 * legal hold that does not carry the talent id; the per-talent salt is destroyed last, which makes
 * every audit entry about them unlinkable (crypto-shredding).
 */
export async function eraseTalent(talentId: string, now = Date.now()): Promise<{ holds: number }> {
	const db = await talentDb();
	const subject = await subjectOf(talentId);
	await appendAudit({ action: 'talent.erased', subject }, now);
	const t = await db.get('talent', talentId);
	const consents = await db.getAllFromIndex('consents', 'by-talent', talentId);
	const tx = db.transaction(['talent', 'consents', 'references', 'reviews', 'holds', 'salts'], 'readwrite');
	for (const c of consents) {
		const hold: LegalHold = {
			id: id(),
			signer: c.method.kind === 'typed' ? c.method.signature : (t?.name ?? ''),
			policyVersion: c.policyVersion,
			signedAt: c.signedAt,
			revokedAt: c.revokedAt ?? null,
			method: c.method.kind,
			scope: c.scope,
			erasedAt: now,
			keepUntil: monthsAfter(now, LEGAL_HOLD_MONTHS),
			...(c.method.kind === 'file' && c.file ? { file: { name: c.method.fileName, sha256: c.method.sha256, bytes: c.file.bytes } } : {})
		};
		await tx.objectStore('holds').add(hold);
		await tx.objectStore('consents').delete(c.id);
	}
	for (const k of await tx.objectStore('references').index('by-talent').getAllKeys(talentId)) await tx.objectStore('references').delete(k);
	for (const k of await tx.objectStore('reviews').index('by-talent').getAllKeys(talentId)) await tx.objectStore('reviews').delete(k);
	await tx.objectStore('talent').delete(talentId);
	await tx.objectStore('salts').delete(talentId);
	await tx.done;
	changed();
	return { holds: consents.length };
}

export async function listHolds(): Promise<LegalHold[]> {
	return (await talentDb()).getAll('holds');
}

/** Drops legal holds whose keep-until date has passed. */
export async function purgeHolds(now: number): Promise<number> {
	const db = await talentDb();
	const tx = db.transaction('holds', 'readwrite');
	let n = 0;
	for (const h of await tx.store.getAll()) if (h.keepUntil <= now) { await tx.store.delete(h.id); n++; }
	await tx.done;
	return n;
}

export async function addReference(
	talentId: string,
	embedding: Float32Array,
	meta: { source: string; quality: Reference['quality'] },
	now = Date.now()
): Promise<Reference> {
	const db = await talentDb();
	if (!(await db.get('talent', talentId))) throw new Error('That person is no longer on the roster.');
	const n = await db.countFromIndex('references', 'by-talent', talentId);
	if (n >= MAX_REFERENCES) throw new Error(`At most ${MAX_REFERENCES} reference photos per person; remove one first.`);
	const sealed = await cipher().seal(new Uint8Array(embedding.buffer, embedding.byteOffset, embedding.byteLength));
	const ref: Reference = { id: id(), talentId, createdAt: now, source: meta.source, quality: meta.quality, iv: sealed.iv, data: sealed.data, dim: embedding.length };
	await db.add('references', ref);
	await appendAudit({ action: 'reference.added', subject: await subjectOf(talentId) }, now);
	changed();
	return ref;
}

export async function removeReference(refId: string): Promise<void> {
	const db = await talentDb();
	const ref = await db.get('references', refId);
	if (!ref) return;
	await db.delete('references', refId);
	await appendAudit({ action: 'references.deleted', subject: await subjectOf(ref.talentId), count: 1 });
	changed();
}

export async function listReferences(talentId?: string): Promise<Reference[]> {
	const db = await talentDb();
	return talentId ? db.getAllFromIndex('references', 'by-talent', talentId) : db.getAll('references');
}

/** Decrypted reference embeddings for matching (kept in memory only). */
export async function openReferences(): Promise<{ talentId: string; embedding: Float32Array }[]> {
	const c = cipher();
	const refs = await listReferences();
	return Promise.all(
		refs.map(async (r) => {
			const bytes = await c.open({ iv: r.iv, data: r.data });
			return { talentId: r.talentId, embedding: new Float32Array(bytes.buffer, bytes.byteOffset, r.dim) };
		})
	);
}

export async function setReview(r: Omit<Review, 'at'>, projectId: string | undefined, now = Date.now()): Promise<Review> {
	const review: Review = { ...r, at: now };
	await (await talentDb()).put('reviews', review);
	await appendAudit({ action: 'review', subject: await subjectOf(r.talentId), label: r.label, decision: r.decision, projectId }, now);
	changed();
	return review;
}

export async function clearReview(faceId: string, talentId: string): Promise<void> {
	await (await talentDb()).delete('reviews', [faceId, talentId]);
	changed();
}

export async function listReviews(): Promise<Review[]> {
	return (await talentDb()).getAll('reviews');
}

export async function getSetting<T>(key: string): Promise<T | undefined> {
	return (await (await talentDb()).get('settings', key))?.value as T | undefined;
}

export async function putSetting(key: string, value: unknown): Promise<void> {
	await (await talentDb()).put('settings', { key, value });
	changed();
}

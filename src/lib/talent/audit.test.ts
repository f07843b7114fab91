import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { dropStore } from '../store/db';
import { appendAudit, listAudit, purgeAudit, setAuditRetentionMonths, startAuditRetention, subjectOf } from './audit';
import { makeEntry, subjectFor } from './audit-entry';
import { TALENT_DB, talentDb } from './db';
import { addReference, addTalent, eraseTalent, listHolds, recordConsent, revokeConsent, setReview, listReferences, openReferences } from './repo';
import { unitVector, useTestCipher } from './testing';
import type { Clock } from '../privacy/retention';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 12);

beforeEach(useTestCipher);
afterEach(() => dropStore(TALENT_DB));

describe('audit entries', () => {
	test('only whitelisted, well-formed fields are accepted: no face data can be logged', () => {
		expect(() => makeEntry({ action: 'match', subject: null, embedding: [0.1, 0.2] } as never, NOW)).toThrow(/may not contain 'embedding'/);
		expect(() => makeEntry({ action: 'match', subject: null, box: { x: 1 } } as never, NOW)).toThrow(/may not contain 'box'/);
		expect(() => makeEntry({ action: 'match', subject: 'Ada Lovelace' }, NOW)).toThrow(/'subject' has an invalid value/);
		expect(() => makeEntry({ action: 'hack' as never, subject: null }, NOW)).toThrow(/'action'/);
		expect(makeEntry({ action: 'match', subject: null, label: 'cleared', band: 'strong' }, NOW)).toEqual({ action: 'match', subject: null, label: 'cleared', band: 'strong', at: NOW });
	});

	test('the subject is HMAC-SHA-256(salt, id) — the known RFC 4231 test vector checks the primitive', async () => {
		const key = new Uint8Array(20).fill(0x0b);
		expect(await subjectFor(key, 'Hi There')).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
	});

	test('the log is append-only: entries get increasing sequence numbers and nothing edits them', async () => {
		const a = await appendAudit({ action: 'settings.changed', subject: null, note: 'x' }, NOW);
		const b = await appendAudit({ action: 'settings.changed', subject: null, note: 'y' }, NOW + 1);
		expect(b.seq!).toBeGreaterThan(a.seq!);
		expect((await listAudit()).map((e) => e.note)).toEqual(['x', 'y']);
	});
});

describe('retention purge (fake clock)', () => {
	test('entries older than 12 months go, newer stay, and the purge is itself recorded', async () => {
		const at = (months: number, extraMs = 0) => Date.UTC(2026, 10 - months, 23, 12) + extraMs;
		await appendAudit({ action: 'settings.changed', subject: null, note: '13 months' }, at(13));
		await appendAudit({ action: 'settings.changed', subject: null, note: 'just over 12' }, at(12, -1));
		await appendAudit({ action: 'settings.changed', subject: null, note: 'exactly 12' }, at(12));
		await appendAudit({ action: 'settings.changed', subject: null, note: '1 month' }, at(1));
		expect(await purgeAudit(NOW)).toBe(2);
		const left = await listAudit();
		expect(left.map((e) => e.note ?? e.action)).toEqual(['exactly 12', '1 month', 'retention.purged']);
		expect(left.at(-1)).toMatchObject({ action: 'retention.purged', count: 2, at: NOW });
	});

	test('the retention setting is clamped to its legal limits and changes the cutoff', async () => {
		expect(await setAuditRetentionMonths(2, NOW)).toMatchObject({ months: 6 });
		expect(await setAuditRetentionMonths(99, NOW)).toMatchObject({ months: 36 });
		await setAuditRetentionMonths(6, NOW);
		await appendAudit({ action: 'settings.changed', subject: null, note: '7 months' }, NOW - 213 * DAY);
		await appendAudit({ action: 'settings.changed', subject: null, note: '5 months' }, NOW - 150 * DAY);
		await purgeAudit(NOW);
		const notes = (await listAudit()).map((e) => e.note);
		expect(notes).toContain('5 months');
		expect(notes).not.toContain('7 months');
	});

	test('the job purges on start-up and again each day while open', async () => {
		let now = NOW;
		const timers: (() => void)[] = [];
		const clock: Clock = { now: () => now, setInterval: (fn, ms) => (expect(ms).toBe(DAY), timers.push(fn)), clearInterval: () => timers.splice(0) };
		await appendAudit({ action: 'settings.changed', subject: null, note: 'old' }, NOW - 400 * DAY);
		await appendAudit({ action: 'settings.changed', subject: null, note: 'young' }, NOW - 300 * DAY);
		const stop = startAuditRetention(clock);
		await expect.poll(async () => (await listAudit()).map((e) => e.note)).not.toContain('old');
		expect((await listAudit()).map((e) => e.note)).toContain('young');
		now += 70 * DAY; // 'young' is now 370 days old
		timers[0]();
		await expect.poll(async () => (await listAudit()).map((e) => e.note)).not.toContain('young');
		stop();
		expect(timers).toHaveLength(0);
	});
});

describe('erasure makes the log unlinkable (crypto-shredding)', () => {
	test('after erasure, nobody holding the whole log, every remaining salt and the talent id can link an entry', async () => {
		const ada = await addTalent('Ada Lovelace', NOW);
		const bob = await addTalent('Bob Babbage', NOW);
		await recordConsent({ talentId: ada.id, policyVersion: '3', signedAt: NOW - DAY, method: { kind: 'typed', signature: 'Ada Lovelace' }, purposes: ['biometric', 'likeness'], scope: { projects: 'all', until: null } }, NOW);
		await addReference(ada.id, unitVector(128, 1), { source: 'ada.jpg', quality: { faceSize: 120, sharpness: 50, score: 0.9 } }, NOW);
		await setReview({ faceId: 'f1', mediaId: 'm1', talentId: ada.id, label: 'cleared', decision: 'confirmed' }, 'p1', NOW);
		await appendAudit({ action: 'match', subject: await subjectOf(ada.id), label: 'cleared', band: 'strong' }, NOW);
		await recordConsent({ talentId: bob.id, policyVersion: '3', signedAt: NOW - DAY, method: { kind: 'typed', signature: 'Bob Babbage' }, purposes: ['biometric', 'likeness'], scope: { projects: 'all', until: null } }, NOW);

		// Before erasure the talent's entries are linkable by whoever holds their salt...
		const db = await talentDb();
		const adaSalt = (await db.get('salts', ada.id))!.salt;
		const adaSubject = await subjectFor(adaSalt, ada.id);
		expect((await listAudit()).filter((e) => e.subject === adaSubject).length).toBe(5);

		await eraseTalent(ada.id, NOW + DAY);

		// ...and afterwards the attacker has the whole database (log, salts, holds, settings) and Ada's id.
		const log = await listAudit();
		const subjects = new Set(log.map((e) => e.subject).filter(Boolean));
		expect(log.some((e) => e.action === 'talent.erased')).toBe(true);
		const dump = JSON.stringify({
			log,
			talent: await db.getAll('talent'),
			consents: await db.getAll('consents'),
			references: await db.getAll('references'),
			reviews: await db.getAll('reviews'),
			holds: (await listHolds()).map(({ file: _f, ...h }) => h),
			settings: await db.getAll('settings')
		});
		expect(dump).not.toContain(ada.id);
		const remainingSalts = (await db.getAll('salts')).map((s) => s.salt);
		expect(remainingSalts).toHaveLength(1); // Bob's
		// "No salt": HMAC pads keys with zeros to its 64-byte block, so an all-zero 64-byte key is
		// exactly HMAC with an empty key (which WebCrypto refuses to import).
		const tries: Uint8Array[] = [...remainingSalts, new Uint8Array(64), new Uint8Array(32), new TextEncoder().encode(ada.id)];
		for (const key of tries) expect(subjects.has(await subjectFor(key, ada.id))).toBe(false);
		// Unsalted hashes of the id do not appear either.
		const sha = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(ada.id))), (b) => b.toString(16).padStart(2, '0')).join('');
		expect(subjects.has(sha)).toBe(false);
		// The entries are still there (the log is not rewritten), just unlinkable.
		expect(log.filter((e) => e.subject === adaSubject).length).toBe(6);
		// Bob is unaffected: still linkable with his salt.
		expect(subjects.has((await subjectOf(bob.id))!)).toBe(true);
		expect(await subjectOf(ada.id)).toBeNull();
	});

	test('consent is kept only as a legal hold without the talent id; references and reviews go', async () => {
		const ada = await addTalent('Ada Lovelace', NOW);
		await recordConsent(
			{ talentId: ada.id, policyVersion: '3', signedAt: NOW - DAY, method: { kind: 'file', fileName: 'release.pdf', mime: 'application/pdf', size: 3, sha256: 'ab'.repeat(32) }, file: { bytes: new Uint8Array([1, 2, 3]).buffer }, purposes: ['biometric', 'likeness'], scope: { projects: ['p1'], until: null } },
			NOW
		);
		await addReference(ada.id, unitVector(8, 2), { source: 'a.jpg', quality: { faceSize: 100, sharpness: 40, score: 1 } }, NOW);
		await setReview({ faceId: 'f', mediaId: 'm', talentId: ada.id, label: 'possible', decision: 'rejected' }, undefined, NOW);
		expect(await eraseTalent(ada.id, NOW)).toEqual({ holds: 1 });
		const db = await talentDb();
		expect(await db.count('talent')).toBe(0);
		expect(await db.count('consents')).toBe(0);
		expect(await db.count('references')).toBe(0);
		expect(await db.count('reviews')).toBe(0);
		expect(await db.count('salts')).toBe(0);
		const [hold] = await listHolds();
		expect(hold).toMatchObject({ signer: 'Ada Lovelace', policyVersion: '3', method: 'file', file: { name: 'release.pdf' } });
		expect(hold.keepUntil).toBe(Date.UTC(2029, 10, 23, 12));
		expect(JSON.stringify(hold)).not.toContain(ada.id);
	});
});

describe('revocation', () => {
	test('revoking deletes reference vectors at once and records it', async () => {
		const ada = await addTalent('Ada Lovelace', NOW);
		await recordConsent({ talentId: ada.id, policyVersion: '1', signedAt: NOW - DAY, method: { kind: 'typed', signature: 'Ada L' }, purposes: ['biometric', 'likeness'], scope: { projects: 'all', until: null } }, NOW);
		const v = unitVector(16, 7);
		await addReference(ada.id, v, { source: 'a.jpg', quality: { faceSize: 100, sharpness: 40, score: 1 } }, NOW);
		const [opened] = await openReferences();
		expect(Array.from(opened.embedding)).toEqual(Array.from(v));
		// The stored row holds ciphertext, not the vector.
		const [row] = await listReferences(ada.id);
		expect(new Uint8Array(row.data).length).toBe(16 * 4 + 16);
		expect(await revokeConsent(ada.id, NOW + 1)).toEqual({ revoked: 1, referencesDeleted: 1 });
		expect(await listReferences(ada.id)).toEqual([]);
		const actions = (await listAudit()).map((e) => e.action);
		expect(actions).toEqual(['talent.added', 'consent.granted', 'reference.added', 'consent.revoked', 'references.deleted']);
	});

	test('bad input is refused with a clear message', async () => {
		await expect(addTalent(' ')).rejects.toThrow(/Enter the person’s name/);
		await expect(recordConsent({ talentId: 'nope', policyVersion: '1', signedAt: NOW, method: { kind: 'typed', signature: 'X Y' }, purposes: ['biometric', 'likeness'], scope: { projects: 'all', until: null } }, NOW)).rejects.toThrow(/no longer on the roster/);
	});
});

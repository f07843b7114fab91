import { expect, test } from 'vitest';
import { checkRpc } from '../privacy/boundary';
import { chainAudit, verifyChain } from './audit';
import type { AuditEntry } from '../talent/audit-entry';

const DEV = '8f0e2b1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c';
const entries: AuditEntry[] = [
	{ seq: 1, action: 'talent.added', subject: 'a'.repeat(64), at: Date.UTC(2026, 0, 1), note: 'roster' },
	{ seq: 2, action: 'consent.granted', subject: 'a'.repeat(64), at: Date.UTC(2026, 0, 2), policyVersion: '1.0' },
	{ seq: 5, action: 'match', subject: 'a'.repeat(64), at: Date.UTC(2026, 0, 3), label: 'cleared', band: 'strong', projectId: 'p' },
	{ seq: 6, action: 'retention.purged', subject: null, at: Date.UTC(2026, 0, 4), count: 3 }
];

test('audit rows chain, verify, pass the boundary and carry only action, HMAC subject and time', async () => {
	const rows = await chainAudit(entries, DEV, null);
	expect(rows.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
	expect(rows[0].prev_hash).toBeNull();
	expect(await verifyChain(rows)).toBe(-1);
	checkRpc('append_audit', { p_records: rows });
	expect(Object.keys(rows[2]).sort()).toEqual(['action', 'at', 'device_id', 'hash', 'id', 'prev_hash', 'seq', 'subject_hash']);
	// Continuing the chain later links to the head; ids are stable across retries.
	const more = await chainAudit([{ seq: 7, action: 'review', subject: 'b'.repeat(64), at: Date.UTC(2026, 0, 5) }], DEV, { seq: 3, hash: rows[3].hash });
	expect(more[0]).toMatchObject({ seq: 4, prev_hash: rows[3].hash });
	expect(await verifyChain([...rows, ...more])).toBe(-1);
	expect((await chainAudit(entries, DEV, null)).map((r) => r.id)).toEqual(rows.map((r) => r.id));
	// Tampering is detected.
	const forged = rows.map((r, i) => (i === 1 ? { ...r, action: 'consent.revoked' as const } : r));
	expect(await verifyChain(forged)).toBe(1);
});

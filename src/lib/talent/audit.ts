// The append-only audit log and the per-talent salts that make its entries linkable only while
// the talent is on the roster. The only ways an entry leaves the log are the retention purge and
// dropping the whole database (erase everything).
import { talentDb } from './db';
import { makeEntry, newSalt, subjectFor, type AuditEntry, type AuditInput } from './audit-entry';
import { AUDIT_RETENTION, auditCutoff, clampAuditMonths, scheduleDaily, systemClock, type Clock } from '../privacy/retention';

export async function appendAudit(input: AuditInput, at: number = Date.now()): Promise<AuditEntry> {
	const entry = makeEntry(input, at);
	const db = await talentDb();
	entry.seq = await db.add('audit', entry);
	return entry;
}

export async function listAudit(): Promise<AuditEntry[]> {
	return (await talentDb()).getAll('audit');
}

export async function countAudit(): Promise<number> {
	return (await talentDb()).count('audit');
}

/** Creates the talent's salt if missing and returns it. */
export async function saltFor(talentId: string): Promise<Uint8Array> {
	const db = await talentDb();
	const tx = db.transaction('salts', 'readwrite');
	const have = await tx.store.get(talentId);
	if (have) {
		await tx.done;
		return have.salt;
	}
	const salt = newSalt();
	await tx.store.put({ talentId, salt });
	await tx.done;
	return salt;
}

/** The audit subject of a talent still on the roster, or null after erasure (no salt → unlinkable). */
export async function subjectOf(talentId: string): Promise<string | null> {
	const row = await (await talentDb()).get('salts', talentId);
	return row ? subjectFor(row.salt, talentId) : null;
}

export async function auditRetentionMonths(): Promise<number> {
	const row = await (await talentDb()).get('settings', 'auditRetentionMonths');
	return clampAuditMonths(typeof row?.value === 'number' ? row.value : AUDIT_RETENTION.defaultMonths).months;
}

export async function setAuditRetentionMonths(months: number, now = Date.now()): Promise<{ months: number; note: string | null }> {
	const r = clampAuditMonths(months);
	await (await talentDb()).put('settings', { key: 'auditRetentionMonths', value: r.months });
	await appendAudit({ action: 'settings.changed', subject: null, count: r.months, note: 'audit retention months' }, now);
	return r;
}

/** Deletes entries older than the retention period; records how many went (without their content). */
export async function purgeAudit(now: number): Promise<number> {
	const cutoff = auditCutoff(now, await auditRetentionMonths());
	const db = await talentDb();
	const tx = db.transaction('audit', 'readwrite');
	let n = 0;
	for (let cur = await tx.store.index('by-at').openCursor(IDBKeyRange.upperBound(cutoff, true)); cur; cur = await cur.continue()) {
		await cur.delete();
		n++;
	}
	await tx.done;
	if (n) await appendAudit({ action: 'retention.purged', subject: null, count: n }, now);
	return n;
}

/** Purge on start-up and daily while the app is open. */
export function startAuditRetention(clock: Clock = systemClock): () => void {
	return scheduleDaily((now) => purgeAudit(now), clock);
}

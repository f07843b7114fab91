// The talent feature's local audit log, as hashed rows for the server: only the action, the HMAC
// subject (never a name) and the time leave, chained per device (prev_hash → hash) so the server
// copy is tamper-evident. Pure (WebCrypto only), so it is tested in Node.
import type { AuditEntry } from '../talent/audit-entry';

export interface AuditRow {
	id: string;
	device_id: string;
	seq: number;
	action: AuditEntry['action'];
	subject_hash: string | null;
	at: string;
	prev_hash: string | null;
	hash: string;
}

export interface ChainHead {
	seq: number;
	hash: string;
}

const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
const sha256 = async (s: string) => hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));

/** A stable UUID for (device, local entry): retries re-send the same id, which the server skips. */
async function stableId(deviceId: string, localSeq: number): Promise<string> {
	const h = await sha256(`loupe-audit:${deviceId}:${localSeq}`);
	const v = `4${h.slice(13, 16)}`;
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16) + h.slice(17, 20);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${v}-${variant}-${h.slice(20, 32)}`;
}

/** The content a row's hash covers, in a fixed order. */
export const auditHashInput = (r: Omit<AuditRow, 'id' | 'hash'>) =>
	[r.prev_hash ?? '', r.seq, r.action, r.subject_hash ?? '', r.at, r.device_id].join('|');

/** Chains local entries (in local seq order) after `head`. */
export async function chainAudit(entries: readonly AuditEntry[], deviceId: string, head: ChainHead | null): Promise<AuditRow[]> {
	const out: AuditRow[] = [];
	let prev = head;
	for (const e of [...entries].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
		const base = {
			device_id: deviceId,
			seq: prev ? prev.seq + 1 : 0,
			action: e.action,
			subject_hash: e.subject ?? null,
			at: new Date(e.at).toISOString(),
			prev_hash: prev?.hash ?? null
		};
		const row: AuditRow = { id: await stableId(deviceId, e.seq ?? 0), ...base, hash: await sha256(auditHashInput(base)) };
		out.push(row);
		prev = { seq: row.seq, hash: row.hash };
	}
	return out;
}

/** Recomputes every hash and link; returns the index of the first bad row, or -1. */
export async function verifyChain(rows: readonly AuditRow[]): Promise<number> {
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		if (i > 0 && (r.prev_hash !== rows[i - 1].hash || r.seq !== rows[i - 1].seq + 1)) return i;
		if (r.hash !== (await sha256(auditHashInput(r)))) return i;
	}
	return -1;
}

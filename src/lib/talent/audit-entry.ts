// Audit entries identify a talent only by HMAC-SHA-256(per-talent salt, talent id) and carry no
// face data. Entries are built from a closed list of fields so nothing else can slip in.
import type { Label } from './labels';

export type AuditAction =
	| 'talent.added'
	| 'consent.granted'
	| 'consent.revoked'
	| 'reference.added'
	| 'references.deleted'
	| 'match'
	| 'review'
	| 'talent.erased'
	| 'retention.purged'
	| 'settings.changed';

export interface AuditInput {
	action: AuditAction;
	/** HMAC of the talent id, or null for entries not about a talent. */
	subject: string | null;
	projectId?: string;
	label?: Label;
	band?: 'strong' | 'weak' | 'none';
	decision?: 'confirmed' | 'rejected';
	count?: number;
	policyVersion?: string;
	note?: string;
}

export interface AuditEntry extends AuditInput {
	seq?: number;
	at: number;
}

const ACTIONS = new Set<AuditAction>([
	'talent.added', 'consent.granted', 'consent.revoked', 'reference.added', 'references.deleted',
	'match', 'review', 'talent.erased', 'retention.purged', 'settings.changed'
]);
const FIELDS: Record<string, (v: unknown) => boolean> = {
	action: (v) => ACTIONS.has(v as AuditAction),
	subject: (v) => v === null || (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)),
	projectId: (v) => typeof v === 'string' && v.length <= 100,
	label: (v) => v === 'cleared' || v === 'possible' || v === 'unknown',
	band: (v) => v === 'strong' || v === 'weak' || v === 'none',
	decision: (v) => v === 'confirmed' || v === 'rejected',
	count: (v) => Number.isInteger(v),
	policyVersion: (v) => typeof v === 'string' && v.length <= 40,
	// Free text is short and fixed by the code paths that write it; never names or vectors.
	note: (v) => typeof v === 'string' && v.length <= 200
};

/** Builds an entry from a closed set of fields; throws on anything unexpected (e.g. an embedding). */
export function makeEntry(input: AuditInput, at: number): AuditEntry {
	const out: AuditEntry = { action: input.action, subject: input.subject, at };
	for (const [k, v] of Object.entries(input)) {
		if (v === undefined) continue;
		const ok = FIELDS[k];
		if (!ok) throw new Error(`audit entries may not contain '${k}'`);
		if (!ok(v)) throw new Error(`audit field '${k}' has an invalid value`);
		(out as unknown as Record<string, unknown>)[k] = v;
	}
	if (!Number.isFinite(at)) throw new Error('audit entry needs a time');
	return out;
}

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

/** HMAC-SHA-256(salt, talentId) as hex, via WebCrypto. */
export async function subjectFor(salt: Uint8Array, talentId: string): Promise<string> {
	const key = await crypto.subtle.importKey('raw', salt as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
	return hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(talentId)));
}

export function newSalt(): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(32));
}

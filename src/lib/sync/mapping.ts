// What of the local library syncs, field by field: only the allow-listed metadata. Pure, so the
// privacy boundary and these mappers are tested together in Node.
import type { MediaItem, Project } from '../library/types';

const iso = (ms: number | undefined | null) => (ms == null || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

export function mediaFields(m: MediaItem): Record<string, unknown> {
	return {
		name: m.name,
		kind: m.kind,
		mime: m.mime,
		size: m.size,
		duration: m.duration ?? null,
		width: m.width ?? null,
		height: m.height ?? null,
		taken_at: iso(m.takenAt),
		project_ids: [...m.projectIds].sort(),
		deleted_at: iso(m.deletedAt)
	};
}

export function projectFields(p: Project): Record<string, unknown> {
	return { title: p.name, created_at: iso(p.createdAt), deleted_at: null };
}

const TIME_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** Equality as the server sees it: timestamps by instant (Postgres re-formats them), the rest by JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
	if (typeof a === 'string' && typeof b === 'string' && TIME_RE.test(a) && TIME_RE.test(b)) return Date.parse(a) === Date.parse(b);
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
	return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields of `next` that differ from what the server last had (`known`, by field). */
export function changedFields(next: Record<string, unknown>, known: (field: string) => unknown | undefined): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(next)) {
		const prev = known(k);
		if (prev === undefined ? v !== null && !(Array.isArray(v) && v.length === 0) || k === 'name' || k === 'title' : !sameValue(prev, v)) out[k] = v;
	}
	return out;
}

// Pure filtering and sorting of media items: shared by the repository and the grid, tested in Node.
import type { MediaItem, MediaKind } from './types';

export type MediaSort = 'takenAt' | 'importedAt' | 'name' | 'size';

export interface MediaFilter {
	kind?: MediaKind;
	projectId?: string;
	/** Case-insensitive substring of the name. */
	text?: string;
	/** Only these ids (e.g. the People filter's result). */
	ids?: ReadonlySet<string> | null;
	/** Items whose takenAt falls in [from, to) (ms since epoch). */
	from?: number;
	to?: number;
	/** Include items in the undo window after a delete (default false). */
	includeDeleted?: boolean;
	sort?: MediaSort;
	/** Default: 'desc' for dates and size, 'asc' for name. */
	order?: 'asc' | 'desc';
}

/**
 * Sort key for "natural" name order (IMG_2 before IMG_10, case-insensitive): digit runs padded to
 * a fixed width so plain string comparison works. Much faster than Intl.Collator per comparison
 * on a 100k-item library.
 */
export function nameKey(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(16, '0'));
}

export function matches(item: MediaItem, f: MediaFilter): boolean {
	if (!f.includeDeleted && item.deletedAt != null) return false;
	if (f.kind && item.kind !== f.kind) return false;
	if (f.projectId && !item.projectIds.includes(f.projectId)) return false;
	if (f.ids && !f.ids.has(item.id)) return false;
	if (f.from != null && item.takenAt < f.from) return false;
	if (f.to != null && item.takenAt >= f.to) return false;
	if (f.text) {
		const t = f.text.trim().toLowerCase();
		if (t && !item.name.toLowerCase().includes(t)) return false;
	}
	return true;
}

export function compareBy(sort: MediaSort, order?: 'asc' | 'desc'): (a: MediaItem, b: MediaItem) => number {
	const dir = (order ?? (sort === 'name' ? 'asc' : 'desc')) === 'asc' ? 1 : -1;
	const keys = new Map<string, string>();
	const key = (m: MediaItem) => {
		let k = keys.get(m.id);
		if (k === undefined) keys.set(m.id, (k = nameKey(m.name)));
		return k;
	};
	return (a, b) => {
		let c: number;
		if (sort === 'name') {
			const ka = key(a);
			const kb = key(b);
			c = ka < kb ? -1 : ka > kb ? 1 : 0;
		} else c = (a[sort] as number) - (b[sort] as number);
		// Stable tie-break so the grid never reshuffles equal items between renders.
		if (c === 0) c = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
		return c * dir;
	};
}

export function applyFilter(items: readonly MediaItem[], f: MediaFilter = {}): MediaItem[] {
	const kept = items.filter((i) => matches(i, f));
	const sort = f.sort ?? 'takenAt';
	const dir = (f.order ?? (sort === 'name' ? 'asc' : 'desc')) === 'asc' ? 1 : -1;
	// Decorate-sort-undecorate: one key per item, monomorphic comparisons (ids break ties so the
	// grid never reshuffles equal items between renders).
	const byId = (a: MediaItem, b: MediaItem) => (a.id < b.id ? -dir : a.id > b.id ? dir : 0);
	if (sort === 'name')
		return kept
			.map((m) => ({ k: nameKey(m.name), m }))
			.sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : byId(a.m, b.m)))
			.map((x) => x.m);
	return kept
		.map((m) => ({ k: m[sort] as number, m }))
		.sort((a, b) => (a.k - b.k) * dir || byId(a.m, b.m))
		.map((x) => x.m);
}

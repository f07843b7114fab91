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

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

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
	return (a, b) => {
		let c: number;
		if (sort === 'name') c = collator.compare(a.name, b.name);
		else c = (a[sort] as number) - (b[sort] as number);
		// Stable tie-break so the grid never reshuffles equal items between renders.
		if (c === 0) c = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
		return c * dir;
	};
}

export function applyFilter(items: readonly MediaItem[], f: MediaFilter = {}): MediaItem[] {
	return items.filter((i) => matches(i, f)).sort(compareBy(f.sort ?? 'takenAt', f.order));
}

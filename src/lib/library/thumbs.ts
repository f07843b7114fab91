// Object URLs for thumbnails, cached (LRU) so scrolling back does not re-read storage, and
// revoked when evicted or when the item's thumbnail changes.
import { getThumbnailBlob, onLibraryChange } from './repo';

const MAX = 800;
const cache = new Map<string, Promise<string | null>>();

function evict(id: string) {
	const p = cache.get(id);
	cache.delete(id);
	void p?.then((u) => u && URL.revokeObjectURL(u));
}

let subscribed = false;
export function thumbUrl(id: string): Promise<string | null> {
	if (!subscribed) {
		subscribed = true;
		onLibraryChange((c) => {
			if (c.kind === 'media' && (c.op === 'updated' || c.op === 'purged')) for (const i of c.ids) evict(i);
		});
	}
	let p = cache.get(id);
	if (p) {
		cache.delete(id); // re-insert: most recently used last
		cache.set(id, p);
		return p;
	}
	p = getThumbnailBlob(id).then((b) => (b ? URL.createObjectURL(b) : null)).catch(() => null);
	cache.set(id, p);
	while (cache.size > MAX) evict(cache.keys().next().value!);
	return p;
}

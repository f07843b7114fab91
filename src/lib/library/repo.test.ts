import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import { dropStore, openStore } from '../store/db';
import { putBlob } from '../store/blobs';
import {
	addToProject,
	createProject,
	deleteMedia,
	deleteProject,
	findByHash,
	getMedia,
	getMediaBlob,
	getProject,
	getThumbnailBlob,
	listMedia,
	listMediaInProject,
	listProjects,
	onLibraryChange,
	originalKey,
	purgeExpiredDeletes,
	recoverInterruptedImports,
	removeFromProject,
	renameMedia,
	renameProject,
	restoreMedia,
	storeImportedItem,
	type LibraryChange
} from './repo';
import { LIBRARY_DB, librarySpec } from './schema';

afterEach(() => dropStore(LIBRARY_DB));

const bytes = (s: string) => new Blob([new TextEncoder().encode(s)]);

function meta(name: string, extra: Partial<{ kind: 'image' | 'video'; takenAt: number; hash: string }> = {}) {
	return {
		name,
		kind: extra.kind ?? ('image' as const),
		mime: extra.kind === 'video' ? 'video/mp4' : 'image/jpeg',
		size: 3,
		hash: extra.hash ?? name.padEnd(64, '0'),
		takenAt: extra.takenAt ?? 1000,
		width: 10,
		height: 10
	};
}

test('an imported item is listed, readable as a File with its name and type, and found by hash', async () => {
	const item = await storeImportedItem(meta('a.jpg'), bytes('abc'), bytes('thumb'));
	expect(await getMedia(item.id)).toEqual(item);
	const file = await getMediaBlob(item.id);
	expect(file?.name).toBe('a.jpg');
	expect(file?.type).toBe('image/jpeg');
	expect(await file?.text()).toBe('abc');
	expect(await (await getThumbnailBlob(item.id))?.text()).toBe('thumb');
	expect((await findByHash(item.hash)).map((m) => m.id)).toEqual([item.id]);
	expect((await listMedia()).map((m) => m.id)).toEqual([item.id]);
	expect(await getMediaBlob('nope')).toBeUndefined();
});

test('listMedia filters by kind and text and sorts by name or date', async () => {
	await storeImportedItem(meta('b10.jpg', { takenAt: 3 }), bytes('1'), null);
	await storeImportedItem(meta('b2.jpg', { takenAt: 1 }), bytes('2'), null);
	await storeImportedItem(meta('clip.mp4', { kind: 'video', takenAt: 2 }), bytes('3'), null);
	expect((await listMedia()).map((m) => m.name)).toEqual(['b10.jpg', 'clip.mp4', 'b2.jpg']);
	expect((await listMedia({ sort: 'name' })).map((m) => m.name)).toEqual(['b2.jpg', 'b10.jpg', 'clip.mp4']);
	expect((await listMedia({ kind: 'video' })).map((m) => m.name)).toEqual(['clip.mp4']);
	expect((await listMedia({ text: 'B1' })).map((m) => m.name)).toEqual(['b10.jpg']);
});

test('delete hides an item, undo restores it, and expiry purges row and blobs', async () => {
	const a = await storeImportedItem(meta('a.jpg'), bytes('abc'), bytes('t'));
	await deleteMedia([a.id], 5000);
	expect(await listMedia()).toEqual([]);
	expect(await findByHash(a.hash)).toEqual([]);
	await restoreMedia([a.id]);
	expect((await listMedia()).map((m) => m.id)).toEqual([a.id]);
	expect((await getMedia(a.id))?.deletedAt).toBeUndefined();

	await deleteMedia([a.id], 5000);
	expect(await purgeExpiredDeletes(5000 + 9_999)).toEqual([]);
	expect(await purgeExpiredDeletes(5000 + 10_000)).toEqual([a.id]);
	expect(await getMedia(a.id)).toBeUndefined();
	expect(await getThumbnailBlob(a.id)).toBeUndefined();
	const db = await openStore(librarySpec);
	expect(await db.count('blobs')).toBe(0);
});

test('rename trims and refuses empty names', async () => {
	const a = await storeImportedItem(meta('a.jpg'), bytes('abc'), null);
	await renameMedia(a.id, '  beach.jpg ');
	expect((await getMedia(a.id))?.name).toBe('beach.jpg');
	await expect(renameMedia(a.id, '  ')).rejects.toThrow(/empty/);
});

test('projects: create, rename, add/remove items, delete keeps the items', async () => {
	const a = await storeImportedItem(meta('a.jpg'), bytes('a'), null);
	const b = await storeImportedItem(meta('b.jpg'), bytes('b'), null);
	const p = await createProject('Trip');
	await renameProject(p.id, 'Summer trip');
	expect((await getProject(p.id))?.name).toBe('Summer trip');
	await addToProject(p.id, [a.id, b.id]);
	await addToProject(p.id, [a.id]); // idempotent
	expect((await listMediaInProject(p.id)).length).toBe(2);
	await removeFromProject(p.id, [b.id]);
	expect((await listMediaInProject(p.id)).map((m) => m.id)).toEqual([a.id]);
	expect((await listProjects()).map((x) => x.id)).toEqual([p.id]);
	await deleteProject(p.id);
	expect(await listProjects()).toEqual([]);
	expect((await getMedia(a.id))?.projectIds).toEqual([]);
	expect((await listMedia()).length).toBe(2);
});

test('listeners hear changes in this context and through the BroadcastChannel', async () => {
	const seen: LibraryChange[] = [];
	const off = onLibraryChange((c) => seen.push(c));
	// A second channel stands in for another tab.
	const other = new BroadcastChannel('loupe-library');
	const remote: LibraryChange[] = [];
	other.onmessage = (e) => remote.push(e.data);
	const a = await storeImportedItem(meta('a.jpg'), bytes('a'), null);
	await renameMedia(a.id, 'x.jpg');
	await new Promise((r) => setTimeout(r, 50));
	expect(seen).toEqual([
		{ kind: 'media', op: 'added', ids: [a.id] },
		{ kind: 'media', op: 'updated', ids: [a.id] }
	]);
	expect(remote).toEqual(seen);
	// Messages from elsewhere reach local listeners.
	other.postMessage({ kind: 'project', op: 'added', ids: ['p1'] });
	await new Promise((r) => setTimeout(r, 50));
	expect(seen.at(-1)).toEqual({ kind: 'project', op: 'added', ids: ['p1'] });
	other.close();
	off();
});

test('an import interrupted before its row committed leaves no blobs after recovery', async () => {
	const db = await openStore(librarySpec);
	// Simulate a tab closed mid-import: journal entry and blob written, no media row.
	await db.put('journal', { id: 'half', blobKeys: [originalKey('half')], startedAt: 1 });
	await putBlob(db, originalKey('half'), bytes('partial'));
	// And a stray blob with no journal entry and no row.
	await putBlob(db, originalKey('stray'), bytes('x'));
	const kept = await storeImportedItem(meta('kept.jpg'), bytes('k'), null);
	expect(await recoverInterruptedImports()).toBe(2);
	expect(await db.count('journal')).toBe(0);
	expect((await db.getAllKeys('blobs')).sort()).toEqual([originalKey(kept.id)]);
	expect(await listMedia()).toHaveLength(1);
});

test('a failed blob write stores nothing', async () => {
	const bad = { size: 3, slice() { throw new Error('boom'); } } as unknown as Blob;
	// fake-indexeddb cannot clone this object, so the put fails like a quota error would.
	await expect(storeImportedItem(meta('bad.jpg'), bad, null)).rejects.toThrow();
	const db = await openStore(librarySpec);
	expect(await db.count('media')).toBe(0);
	expect(await db.count('journal')).toBe(0);
	expect(await db.count('blobs')).toBe(0);
});

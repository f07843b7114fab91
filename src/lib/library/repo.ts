// The library repository: the one API every feature uses to read media and projects and to hear
// about changes. Works in the page and in workers (IndexedDB + OPFS are available in both).
// Relative imports only, so Node scripts can use it too.
import { openStore } from '../store/db';
import { deleteBlob, getBlob, listBlobKeys, putBlob } from '../store/blobs';
import { emitChange, onLibraryChange, type LibraryChange } from './events';
import { applyFilter, type MediaFilter } from './query';
import { librarySpec } from './schema';
import type { MediaItem, Project } from './types';

export type { LibraryChange, MediaFilter };
export { onLibraryChange };

/** How long a deleted item stays restorable (the undo toast's lifetime). */
export const UNDO_WINDOW_MS = 10_000;

export const libraryDb = () => openStore(librarySpec);

export const originalKey = (id: string) => `original/${id}`;
export const thumbKey = (id: string) => `thumb/${id}`;

const newId = () => crypto.randomUUID();

// ---------------------------------------------------------------- reads

/** Media items matching `filter` (soft-deleted items excluded unless asked), sorted. */
export async function listMedia(filter: MediaFilter = {}): Promise<MediaItem[]> {
	const db = await libraryDb();
	const rows = filter.projectId
		? await db.getAllFromIndex('media', 'by-project', filter.projectId)
		: await db.getAll('media');
	return applyFilter(rows, filter);
}

export async function getMedia(id: string): Promise<MediaItem | undefined> {
	return (await libraryDb()).get('media', id);
}

/** The original file's bytes as a File (name and type from the item), or undefined. */
export async function getMediaBlob(id: string): Promise<File | undefined> {
	const db = await libraryDb();
	const item = await db.get('media', id);
	if (!item) return undefined;
	const blob = await getBlob(db, originalKey(id));
	if (!blob) return undefined;
	// Wrapping does not copy: the File refers to the same bytes on disk.
	return new File([blob], item.name, { type: item.mime, lastModified: item.takenAt });
}

/** The item's thumbnail (WebP or JPEG, long side ≤ 512 px), or undefined if it has none. */
export async function getThumbnailBlob(id: string): Promise<Blob | undefined> {
	return getBlob(await libraryDb(), thumbKey(id));
}

/** Non-deleted items with this content hash (duplicate detection). */
export async function findByHash(hash: string): Promise<MediaItem[]> {
	const rows = await (await libraryDb()).getAllFromIndex('media', 'by-hash', hash);
	return rows.filter((r) => r.deletedAt == null);
}

export async function listProjects(): Promise<Project[]> {
	const rows = await (await libraryDb()).getAll('projects');
	return rows.sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function getProject(id: string): Promise<Project | undefined> {
	return (await libraryDb()).get('projects', id);
}

export async function listMediaInProject(id: string, filter: MediaFilter = {}): Promise<MediaItem[]> {
	return listMedia({ ...filter, projectId: id });
}

// ---------------------------------------------------------------- import (transactional per item)

/**
 * Stores one imported item: journal entry → blobs → metadata row (+ journal removal, in one
 * transaction). If the tab dies before the row commits, `recoverInterruptedImports` deletes the
 * blobs at the next start, so no half-written item is ever visible.
 */
export async function storeImportedItem(
	item: Omit<MediaItem, 'id' | 'importedAt' | 'projectIds'> & Partial<Pick<MediaItem, 'id' | 'projectIds'>>,
	original: Blob,
	thumbnail: Blob | null,
	signal?: AbortSignal
): Promise<MediaItem> {
	const db = await libraryDb();
	const id = item.id ?? newId();
	const keys = [originalKey(id), ...(thumbnail ? [thumbKey(id)] : [])];
	await db.put('journal', { id, blobKeys: keys, startedAt: Date.now() });
	try {
		await putBlob(db, originalKey(id), original, signal);
		if (thumbnail) await putBlob(db, thumbKey(id), thumbnail, signal);
		signal?.throwIfAborted();
		const row: MediaItem = { ...item, id, importedAt: Date.now(), projectIds: item.projectIds ?? [] };
		const tx = db.transaction(['media', 'journal'], 'readwrite');
		await Promise.all([tx.objectStore('media').put(row), tx.objectStore('journal').delete(id), tx.done]);
		emitChange({ kind: 'media', op: 'added', ids: [id] });
		return row;
	} catch (e) {
		for (const k of keys) await deleteBlob(db, k).catch(() => {});
		await db.delete('journal', id).catch(() => {});
		throw e;
	}
}

/** Replaces an item's thumbnail (e.g. a video poster made on the page after import). */
export async function setThumbnail(id: string, thumbnail: Blob): Promise<void> {
	const db = await libraryDb();
	await putBlob(db, thumbKey(id), thumbnail);
	emitChange({ kind: 'media', op: 'updated', ids: [id] });
}

/**
 * Start-up cleanup: deletes the blobs of imports interrupted before their row committed, and any
 * blob no row refers to. Skipped while any tab is importing (the Web Lock below is held shared by
 * importers), so it never removes another tab's in-flight files. Returns the number removed.
 */
export async function recoverInterruptedImports(): Promise<number> {
	const run = async () => {
		const db = await libraryDb();
		let removed = 0;
		for (const j of await db.getAll('journal')) {
			if (!(await db.get('media', j.id))) for (const k of j.blobKeys) await deleteBlob(db, k);
			await db.delete('journal', j.id);
			removed++;
		}
		const ids = new Set((await db.getAllKeys('media')) as string[]);
		for (const key of await listBlobKeys(db)) {
			const id = key.split('/')[1];
			if (id && !ids.has(id)) {
				await deleteBlob(db, key);
				removed++;
			}
		}
		return removed;
	};
	const locks = (globalThis as { navigator?: Navigator }).navigator?.locks;
	if (!locks) return run();
	return locks.request(IMPORT_LOCK, { mode: 'exclusive', ifAvailable: true }, async (lock) => (lock ? run() : 0));
}

/** Held (shared) by every running import; recovery takes it exclusively. */
export const IMPORT_LOCK = 'loupe-library-import';

// ---------------------------------------------------------------- edits

export async function renameMedia(id: string, name: string): Promise<void> {
	const clean = name.trim();
	if (!clean) throw new Error('A name cannot be empty.');
	const db = await libraryDb();
	const row = await db.get('media', id);
	if (!row) throw new Error('This item no longer exists.');
	await db.put('media', { ...row, name: clean });
	emitChange({ kind: 'media', op: 'updated', ids: [id] });
}

/** Soft delete: hidden at once, restorable with `restoreMedia` until purged. */
export async function deleteMedia(ids: string[], now = Date.now()): Promise<void> {
	const db = await libraryDb();
	const tx = db.transaction('media', 'readwrite');
	const done: string[] = [];
	for (const id of ids) {
		const row = await tx.store.get(id);
		if (row && row.deletedAt == null) {
			await tx.store.put({ ...row, deletedAt: now });
			done.push(id);
		}
	}
	await tx.done;
	emitChange({ kind: 'media', op: 'deleted', ids: done });
}

export async function restoreMedia(ids: string[]): Promise<void> {
	const db = await libraryDb();
	const tx = db.transaction('media', 'readwrite');
	const done: string[] = [];
	for (const id of ids) {
		const row = await tx.store.get(id);
		if (row && row.deletedAt != null) {
			const { deletedAt: _gone, ...rest } = row;
			await tx.store.put(rest);
			done.push(id);
		}
	}
	await tx.done;
	emitChange({ kind: 'media', op: 'restored', ids: done });
}

/** Removes items and their blobs for good. Listeners get op 'purged' (drop derived data then). */
export async function purgeMedia(ids: string[]): Promise<void> {
	const db = await libraryDb();
	for (const id of ids) {
		await db.delete('media', id);
		await deleteBlob(db, originalKey(id));
		await deleteBlob(db, thumbKey(id));
	}
	emitChange({ kind: 'media', op: 'purged', ids });
}

/** Purges items whose undo window has passed (called at start-up and after each undo toast). */
export async function purgeExpiredDeletes(now = Date.now(), windowMs = UNDO_WINDOW_MS): Promise<string[]> {
	const rows = await (await libraryDb()).getAll('media');
	const ids = rows.filter((r) => r.deletedAt != null && now - r.deletedAt >= windowMs).map((r) => r.id);
	if (ids.length) await purgeMedia(ids);
	return ids;
}

// ---------------------------------------------------------------- projects

export async function createProject(name: string): Promise<Project> {
	const clean = name.trim();
	if (!clean) throw new Error('A project needs a name.');
	const now = Date.now();
	const p: Project = { id: newId(), name: clean, createdAt: now, updatedAt: now };
	await (await libraryDb()).put('projects', p);
	emitChange({ kind: 'project', op: 'added', ids: [p.id] });
	return p;
}

export async function renameProject(id: string, name: string): Promise<void> {
	const clean = name.trim();
	if (!clean) throw new Error('A project needs a name.');
	const db = await libraryDb();
	const p = await db.get('projects', id);
	if (!p) throw new Error('This project no longer exists.');
	await db.put('projects', { ...p, name: clean, updatedAt: Date.now() });
	emitChange({ kind: 'project', op: 'updated', ids: [id] });
}

/** Deletes a project; its items stay in the library (only the membership goes). */
export async function deleteProject(id: string): Promise<void> {
	const db = await libraryDb();
	const tx = db.transaction(['projects', 'media'], 'readwrite');
	const media = tx.objectStore('media');
	const members = await media.index('by-project').getAll(id);
	for (const m of members) await media.put({ ...m, projectIds: m.projectIds.filter((p) => p !== id) });
	await tx.objectStore('projects').delete(id);
	await tx.done;
	emitChange({ kind: 'project', op: 'deleted', ids: [id] });
	emitChange({ kind: 'media', op: 'updated', ids: members.map((m) => m.id) });
}

async function setMembership(projectId: string, mediaIds: string[], add: boolean): Promise<void> {
	const db = await libraryDb();
	const tx = db.transaction(['projects', 'media'], 'readwrite');
	const project = await tx.objectStore('projects').get(projectId);
	if (!project) throw new Error('This project no longer exists.');
	const media = tx.objectStore('media');
	const changed: string[] = [];
	for (const id of mediaIds) {
		const row = await media.get(id);
		if (!row) continue;
		const has = row.projectIds.includes(projectId);
		if (add === has) continue;
		const projectIds = add ? [...row.projectIds, projectId] : row.projectIds.filter((p) => p !== projectId);
		await media.put({ ...row, projectIds });
		changed.push(id);
	}
	await tx.objectStore('projects').put({ ...project, updatedAt: Date.now() });
	await tx.done;
	emitChange({ kind: 'media', op: 'updated', ids: changed });
	emitChange({ kind: 'project', op: 'updated', ids: [projectId] });
}

export const addToProject = (projectId: string, mediaIds: string[]) => setMembership(projectId, mediaIds, true);
export const removeFromProject = (projectId: string, mediaIds: string[]) => setMembership(projectId, mediaIds, false);

// Large binary storage for the library: the Origin Private File System where the browser has it
// (files on disk, no structured-clone copies, streamed writes), IndexedDB otherwise (old browsers,
// some private modes, and Node tests with fake-indexeddb). Reads look in both so data written
// under one backend stays readable if the other becomes available later.
import type { IDBPDatabase } from 'idb';
import type { LibrarySchema } from '../library/schema';

const OPFS_DIR = 'loupe-library';

export type BlobBackend = 'opfs' | 'idb';

let dirPromise: Promise<FileSystemDirectoryHandle | null> | null = null;

/** The OPFS directory for library blobs, or null when OPFS is unavailable. */
export function opfsDir(): Promise<FileSystemDirectoryHandle | null> {
	if (!dirPromise) {
		dirPromise = (async () => {
			try {
				const storage = (globalThis as { navigator?: Navigator }).navigator?.storage;
				if (!storage?.getDirectory) return null;
				const root = await storage.getDirectory();
				const dir = await root.getDirectoryHandle(OPFS_DIR, { create: true });
				// createWritable is what we write with; without it OPFS is read-only for us.
				const probe = await dir.getFileHandle('.probe', { create: true });
				if (typeof (probe as FileSystemFileHandle & { createWritable?: unknown }).createWritable !== 'function') return null;
				return dir;
			} catch {
				return null;
			}
		})();
	}
	return dirPromise;
}

/** Test hook: forget the cached OPFS probe. */
export function resetBlobBackend(): void {
	dirPromise = null;
}

function fileName(key: string): string {
	// Keys look like 'original/<uuid>'; OPFS names may not contain '/'.
	return key.replaceAll('/', '__');
}

export async function blobBackend(): Promise<BlobBackend> {
	return (await opfsDir()) ? 'opfs' : 'idb';
}

/**
 * Stores `blob` under `key`. With OPFS the bytes stream from the source file to disk, so a
 * multi-GB video never sits in memory. Throws the browser's QuotaExceededError when full; a
 * partially written OPFS file is removed before rethrowing.
 */
export async function putBlob(db: IDBPDatabase<LibrarySchema>, key: string, blob: Blob, signal?: AbortSignal): Promise<BlobBackend> {
	const dir = await opfsDir();
	if (dir) {
		const handle = await dir.getFileHandle(fileName(key), { create: true });
		const w = await handle.createWritable();
		try {
			const CHUNK = 8 * 1024 * 1024;
			for (let off = 0; off < blob.size; off += CHUNK) {
				signal?.throwIfAborted();
				await w.write(blob.slice(off, Math.min(off + CHUNK, blob.size)));
			}
			await w.close();
		} catch (e) {
			await w.abort().catch(() => {});
			await dir.removeEntry(fileName(key)).catch(() => {});
			throw e;
		}
		return 'opfs';
	}
	await db.put('blobs', { key, blob });
	return 'idb';
}

export async function getBlob(db: IDBPDatabase<LibrarySchema>, key: string): Promise<Blob | undefined> {
	const dir = await opfsDir();
	if (dir) {
		try {
			return await (await dir.getFileHandle(fileName(key))).getFile();
		} catch {
			/* not in OPFS: maybe stored before OPFS was available */
		}
	}
	return (await db.get('blobs', key))?.blob;
}

export async function deleteBlob(db: IDBPDatabase<LibrarySchema>, key: string): Promise<void> {
	const dir = await opfsDir();
	if (dir) await dir.removeEntry(fileName(key)).catch(() => {});
	await db.delete('blobs', key);
}

/** Every stored blob key (both backends): used to sweep orphans. */
export async function listBlobKeys(db: IDBPDatabase<LibrarySchema>): Promise<string[]> {
	const keys = new Set<string>((await db.getAllKeys('blobs')) as string[]);
	const dir = await opfsDir();
	if (dir) {
		for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
			if (name !== '.probe') keys.add(name.replaceAll('__', '/'));
		}
	}
	return [...keys];
}

// What the privacy centre reads and deletes on this device: raw IndexedDB (every 'loupe-*'
// database, whoever owns it), the OPFS file store and local preferences. Works in Node tests
// with fake-indexeddb (OPFS is then absent and counted as empty).
import { dropStore } from '../store/db';
import { clearAllPrefs, type KV } from './prefs';
import type { EraseDeps } from './erase';

export async function listDatabases(): Promise<string[]> {
	const dbs = await indexedDB.databases();
	return dbs.map((d) => d.name!).filter((n) => n && n.startsWith('loupe-'));
}

function openRaw(name: string): Promise<IDBDatabase | null> {
	return new Promise((ok, fail) => {
		let created = false;
		const req = indexedDB.open(name);
		req.onupgradeneeded = () => {
			// It did not exist: abort so we do not leave an empty database behind.
			created = true;
			req.transaction?.abort();
		};
		req.onsuccess = () => ok(req.result);
		req.onerror = () => (created ? ok(null) : fail(req.error));
		req.onblocked = () => fail(new Error(`${name} is blocked by another tab`));
	});
}

/** Runs one read request on every store of a database (without creating it) and collects the results. */
async function perStore<T>(name: string, read: (store: IDBObjectStore) => IDBRequest<T>): Promise<Record<string, T>> {
	const db = await openRaw(name);
	if (!db) return {};
	try {
		const stores = [...db.objectStoreNames];
		if (!stores.length) return {};
		const tx = db.transaction(stores, 'readonly');
		const out: Record<string, T> = {};
		await Promise.all(
			stores.map(
				(s) =>
					new Promise<void>((ok, fail) => {
						const r = read(tx.objectStore(s));
						r.onsuccess = () => ((out[s] = r.result), ok());
						r.onerror = () => fail(r.error);
					})
			)
		);
		return out;
	} finally {
		db.close();
	}
}

/** Every row of every store of a database (read-only; never creates it). */
export function dumpDatabase(name: string): Promise<Record<string, unknown[]>> {
	return perStore(name, (store) => store.getAll());
}

export async function countRows(name: string): Promise<number> {
	const counts = await storeCounts(name);
	return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** Row counts per store, e.g. for "what Loupe holds". */
export function storeCounts(name: string): Promise<Record<string, number>> {
	return perStore(name, (store) => store.count());
}

async function opfsRoot(): Promise<FileSystemDirectoryHandle | null> {
	try {
		if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return null;
		return await navigator.storage.getDirectory();
	} catch {
		return null;
	}
}

async function countIn(dir: FileSystemDirectoryHandle): Promise<{ files: number; bytes: number }> {
	let files = 0, bytes = 0;
	for await (const h of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
		if (h.kind === 'file') {
			files++;
			bytes += (await (h as FileSystemFileHandle).getFile()).size;
		} else {
			const sub = await countIn(h as FileSystemDirectoryHandle);
			files += sub.files;
			bytes += sub.bytes;
		}
	}
	return { files, bytes };
}

export async function opfsUsage(): Promise<{ files: number; bytes: number }> {
	const root = await opfsRoot();
	return root ? countIn(root) : { files: 0, bytes: 0 };
}

export async function clearOpfs(): Promise<number> {
	const root = await opfsRoot();
	if (!root) return 0;
	const { files } = await countIn(root);
	const names: string[] = [];
	for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
	for (const n of names) await root.removeEntry(n, { recursive: true });
	return files;
}

function countPrefs(storage: KV | null): number {
	if (!storage) return 0;
	let n = 0;
	for (let i = 0; i < storage.length; i++) if (storage.key(i)?.startsWith('loupe.')) n++;
	return n;
}

/** Deletes a database, waiting for other connections to step aside (they close on versionchange). */
async function dropDatabase(name: string): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	await Promise.race([
		dropStore(name),
		new Promise<never>((_, fail) => {
			timer = setTimeout(() => fail(new Error(`${name} could not be deleted: close other Loupe tabs and try again.`)), 15_000);
		})
	]).finally(() => clearTimeout(timer));
}

export function deviceEraseDeps(storage: KV | null = typeof localStorage !== 'undefined' ? localStorage : null): EraseDeps {
	return {
		listDatabases,
		dropDatabase,
		countRows,
		clearFiles: clearOpfs,
		countFiles: async () => (await opfsUsage()).files,
		clearPrefs: () => (storage ? clearAllPrefs(storage) : 0),
		countPrefs: () => countPrefs(storage)
	};
}

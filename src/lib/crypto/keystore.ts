// Named, non-extractable AES-GCM keys kept as CryptoKey objects in IndexedDB ('loupe-keys').
// The browser never exposes the raw key bytes, so a copied database is useless without this
// profile's key store, and deleting a key makes everything encrypted with it unreadable
// (crypto-shredding). Features use their own key name: 'faces' for embeddings, talent may use
// one per person so erasing a person is a single key deletion.
import type { DBSchema } from 'idb';
import { dropStore, openStore, type Migration } from '../store/db';

export const KEYS_DB = 'loupe-keys';

interface KeyRow {
	name: string;
	key: CryptoKey;
	createdAt: number;
}

interface KeysSchema extends DBSchema {
	keys: { key: string; value: KeyRow };
}

const migrations: Migration<KeysSchema>[] = [
	(db) => {
		db.createObjectStore('keys', { keyPath: 'name' });
	}
];

const spec = { name: KEYS_DB, migrations };
const cache = new Map<string, Promise<CryptoKey>>();

function generate(): Promise<CryptoKey> {
	return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']) as Promise<CryptoKey>;
}

async function loadOrCreate(name: string): Promise<CryptoKey> {
	const db = await openStore(spec);
	const existing = await db.get('keys', name);
	if (existing) return existing.key;
	// generateKey is async, so it cannot run inside the write transaction (which would auto-commit);
	// generate first, then insert only if no other tab/caller got there in the meantime.
	const fresh = await generate();
	const tx = db.transaction('keys', 'readwrite');
	const raced = await tx.store.get(name);
	if (raced) {
		await tx.done;
		return raced.key;
	}
	await tx.store.put({ name, key: fresh, createdAt: Date.now() });
	await tx.done;
	return fresh;
}

/** The key called `name`, created (non-extractable, AES-GCM 256) on first use. */
export function getKey(name: string): Promise<CryptoKey> {
	let p = cache.get(name);
	if (!p) {
		p = loadOrCreate(name);
		p.catch(() => cache.delete(name));
		cache.set(name, p);
	}
	return p;
}

/** Whether a key called `name` exists (without creating it). */
export async function hasKey(name: string): Promise<boolean> {
	const db = await openStore(spec);
	return (await db.count('keys', name)) > 0;
}

/** Deletes the key: data encrypted with it can never be decrypted again (crypto-shredding). */
export async function deleteKey(name: string): Promise<void> {
	cache.delete(name);
	const db = await openStore(spec);
	await db.delete('keys', name);
}

/** Deletes every key (full local erase). */
export async function deleteAllKeys(): Promise<void> {
	cache.clear();
	await dropStore(KEYS_DB);
}

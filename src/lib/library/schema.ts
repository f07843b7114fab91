// The 'loupe-library' IndexedDB schema. Migrations are append-only: entry i upgrades version i → i+1.
// Imported relatively (not via $lib) so Node scripts and workers can load it.
import type { DBSchema } from 'idb';
import type { Migration, StoreSpec } from '../store/db';
import type { MediaItem, Project } from './types';

/** A blob kept in IndexedDB when OPFS is unavailable (and in Node tests). */
export interface StoredBlob {
	key: string;
	blob: Blob;
}

/**
 * An import in flight: written before any blob is stored, removed after the metadata row
 * commits. Entries still present at start-up belong to an interrupted import; their blobs are
 * orphans and get deleted.
 */
export interface JournalEntry {
	id: string;
	blobKeys: string[];
	startedAt: number;
}

export interface LibrarySchema extends DBSchema {
	media: {
		key: string;
		value: MediaItem;
		indexes: { 'by-hash': string; 'by-project': string; 'by-imported': number };
	};
	projects: { key: string; value: Project };
	blobs: { key: string; value: StoredBlob };
	journal: { key: string; value: JournalEntry };
}

const v1: Migration<LibrarySchema> = (db) => {
	const media = db.createObjectStore('media', { keyPath: 'id' });
	media.createIndex('by-hash', 'hash');
	media.createIndex('by-project', 'projectIds', { multiEntry: true });
	media.createIndex('by-imported', 'importedAt');
	db.createObjectStore('projects', { keyPath: 'id' });
	db.createObjectStore('blobs', { keyPath: 'key' });
	db.createObjectStore('journal', { keyPath: 'id' });
};

export const LIBRARY_DB = 'loupe-library';
export const librarySpec: StoreSpec<LibrarySchema> = { name: LIBRARY_DB, migrations: [v1] };

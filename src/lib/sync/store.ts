// The sync layer's local state in IndexedDB ('loupe-sync'): the outbox of field edits waiting to be
// pushed, the last server version seen per field, the conflict log (edits that lost, or that the
// server refused) and small settings (device id, pull cursor). Relative imports: Node tests use it.
import type { DBSchema, IDBPDatabase } from 'idb';
import { openStore, type Migration } from '../store/db';
import type { VersionedTable } from './types';

export interface OutboxEntry {
	/** `${table}|${row_id}|${field}`: one pending edit per field (newer edits replace older ones). */
	key: string;
	table: VersionedTable;
	row_id: string;
	project_id: string | null;
	field: string;
	value: unknown;
	base_version: number;
	client_ts: string;
	/** Bumped on every replacement, so a push result only clears the edit it actually sent. */
	rev: number;
	attempts: number;
	next_attempt_at: number;
	last_error?: string;
}

export interface FieldVersion {
	key: string;
	version: number;
	value: unknown;
}

export interface ConflictRecord {
	id?: number;
	key: string;
	table: string;
	row_id: string;
	field: string;
	/** 'superseded': a newer edit from another device won; ours is kept here. 'denied'/'rejected': the server refused it. */
	kind: 'superseded' | 'denied' | 'rejected';
	ours: unknown;
	theirs?: unknown;
	message?: string;
	at: number;
}

interface SyncDB extends DBSchema {
	outbox: { key: string; value: OutboxEntry };
	versions: { key: string; value: FieldVersion };
	conflicts: { key: number; value: ConflictRecord };
	meta: { key: string; value: unknown };
}

const migrations: Migration<SyncDB>[] = [
	(db) => {
		db.createObjectStore('outbox', { keyPath: 'key' });
		db.createObjectStore('versions', { keyPath: 'key' });
		db.createObjectStore('conflicts', { keyPath: 'id', autoIncrement: true });
		db.createObjectStore('meta');
	}
];

export const fieldKey = (table: string, rowId: string, field: string) => `${table}|${rowId}|${field}`;

export interface SyncStore {
	getEntry(key: string): Promise<OutboxEntry | undefined>;
	putEntry(e: OutboxEntry): Promise<void>;
	/** Deletes the entry only if it is still revision `rev`; returns the newer entry otherwise. */
	settleEntry(key: string, rev: number, newBase: number | null): Promise<OutboxEntry | undefined>;
	listEntries(): Promise<OutboxEntry[]>;
	getVersion(key: string): Promise<FieldVersion | undefined>;
	putVersion(v: FieldVersion): Promise<void>;
	listVersions(): Promise<FieldVersion[]>;
	addConflict(c: ConflictRecord): Promise<void>;
	listConflicts(): Promise<ConflictRecord[]>;
	clearConflicts(): Promise<void>;
	getMeta<T>(k: string): Promise<T | undefined>;
	setMeta(k: string, v: unknown): Promise<void>;
}

/** The IndexedDB-backed store. `name` is overridable so tests can run two "devices" in one process. */
export function idbSyncStore(name = 'loupe-sync'): SyncStore {
	const db = (): Promise<IDBPDatabase<SyncDB>> => openStore<SyncDB>({ name, migrations });
	return {
		async getEntry(key) {
			return (await db()).get('outbox', key);
		},
		async putEntry(e) {
			await (await db()).put('outbox', e);
		},
		async settleEntry(key, rev, newBase) {
			const tx = (await db()).transaction('outbox', 'readwrite');
			const cur = await tx.store.get(key);
			if (cur && cur.rev === rev) {
				await tx.store.delete(key);
				await tx.done;
				return undefined;
			}
			// A newer local edit replaced the one we sent: it now builds on the version we just wrote.
			if (cur && newBase !== null) await tx.store.put({ ...cur, base_version: newBase });
			await tx.done;
			return cur;
		},
		async listEntries() {
			return (await db()).getAll('outbox');
		},
		async getVersion(key) {
			return (await db()).get('versions', key);
		},
		async putVersion(v) {
			await (await db()).put('versions', v);
		},
		async listVersions() {
			return (await db()).getAll('versions');
		},
		async addConflict(c) {
			await (await db()).add('conflicts', c);
		},
		async listConflicts() {
			return (await db()).getAll('conflicts');
		},
		async clearConflicts() {
			await (await db()).clear('conflicts');
		},
		async getMeta<T>(k: string) {
			return (await (await db()).get('meta', k)) as T | undefined;
		},
		async setMeta(k, v) {
			await (await db()).put('meta', v, k);
		}
	};
}

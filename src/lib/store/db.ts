// Versioned IndexedDB databases. Each feature owns its own database (library, faces, talent,
// privacy, sync) so features migrate independently and "delete all face data" can drop a whole
// database. A migration list is append-only: entry i upgrades version i to i+1.
import { openDB, deleteDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';

export type Migration<S extends DBSchema> = (
	db: IDBPDatabase<S>,
	tx: IDBPTransaction<S, StoreNames<S>[], 'versionchange'>
) => void;

export interface StoreSpec<S extends DBSchema> {
	name: string;
	migrations: readonly Migration<S>[];
}

const open = new Map<string, Promise<IDBPDatabase<any>>>();

/** Opens (and caches) a feature database, running any migrations it has not seen yet. */
export function openStore<S extends DBSchema>(spec: StoreSpec<S>): Promise<IDBPDatabase<S>> {
	let p = open.get(spec.name) as Promise<IDBPDatabase<S>> | undefined;
	if (!p) {
		p = openDB<S>(spec.name, spec.migrations.length, {
			upgrade(db, oldVersion, _newVersion, tx) {
				for (let v = oldVersion; v < spec.migrations.length; v++) spec.migrations[v](db, tx);
			},
			blocking() {
				// Another tab wants a newer schema: step aside so it can upgrade.
				open.delete(spec.name);
				void p?.then((db) => db.close());
			}
		});
		p.catch(() => open.delete(spec.name));
		open.set(spec.name, p);
	}
	return p;
}

/** Closes a feature database; the next openStore reopens (and migrates) it. */
export async function closeStore(name: string): Promise<void> {
	const p = open.get(name);
	open.delete(name);
	if (p) (await p.catch(() => null))?.close();
}

/** Closes and deletes a feature database entirely (used by erase/turn-off flows). */
export async function dropStore(name: string): Promise<void> {
	await closeStore(name);
	await deleteDB(name);
}

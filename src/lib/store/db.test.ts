import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import type { DBSchema } from 'idb';
import { closeStore, dropStore, openStore, type Migration } from './db';

interface Notes extends DBSchema {
	notes: { key: string; value: { id: string; text: string; tag?: string }; indexes: { 'by-tag': string } };
}
const v1: Migration<Notes> = (db) => {
	db.createObjectStore('notes', { keyPath: 'id' });
};
const v2: Migration<Notes> = (_db, tx) => {
	tx.objectStore('notes').createIndex('by-tag', 'tag');
};

test('a newer migration list upgrades in place and keeps existing rows', async () => {
	const db1 = await openStore<Notes>({ name: 'notes', migrations: [v1] });
	await db1.put('notes', { id: 'a', text: 'kept', tag: 't' });
	await closeStore('notes');

	const db2 = await openStore<Notes>({ name: 'notes', migrations: [v1, v2] });
	expect(db2.version).toBe(2);
	expect(await db2.getAllFromIndex('notes', 'by-tag', 't')).toEqual([{ id: 'a', text: 'kept', tag: 't' }]);
});

test('dropStore deletes every row', async () => {
	const spec = { name: 'drop-me', migrations: [v1] };
	await (await openStore<Notes>(spec)).put('notes', { id: 'x', text: 'gone' });
	await dropStore('drop-me');
	expect(await (await openStore<Notes>(spec)).count('notes')).toBe(0);
});

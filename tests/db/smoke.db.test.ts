import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDb, type TestDb } from './db';

let db: TestDb;
beforeAll(async () => {
	db = await createTestDb();
});
afterAll(async () => db?.close());

test('migrations apply and RLS is enabled on every public table', async () => {
	const rows = await db.admin(`select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = 'public' and c.relkind = 'r' order by 1`);
	expect(rows.length).toBeGreaterThanOrEqual(10);
	for (const r of rows) expect(r, r.relname).toMatchObject({ relrowsecurity: true });
});

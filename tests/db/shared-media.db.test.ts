// media_metadata.shared_path: the only trace of an explicitly shared file in the database. It syncs
// through sync_push like any allow-listed field, must name the row's own id, and link holders see it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDb, type TestDb } from './db';

let db: TestDb;
let alice: string, bob: string;
const P = randomUUID();
const M1 = randomUUID();
const M2 = randomUUID();
const DEV = randomUUID();
let token = '';

const change = (row_id: string, field: string, value: unknown, base_version = 0, table = 'media_metadata') => ({
	table, row_id, project_id: null, field, value, base_version, client_ts: new Date().toISOString(), device_id: DEV
});
const push = (uid: string, ...changes: object[]) =>
	db.rpc<{ status: string; version: number; value: unknown }[]>(uid, 'sync_push', { p_changes: changes });

beforeAll(async () => {
	db = await createTestDb();
	[alice, bob] = await Promise.all([db.user('alice@example.test'), db.user('bob@example.test')]);
	await push(alice, change(P, 'title', 'Shoot', 0, 'projects'), change(M1, 'name', 'a.jpg'), change(M2, 'name', 'b.jpg'));
	await push(alice, change(M1, 'project_ids', [P], 1), change(M2, 'project_ids', [P], 1));
	token = (await db.rpc(alice, 'create_share_link', { p_project_id: P, p_role: 'viewer', p_expires_at: null })).token;
});
afterAll(async () => db?.close());

test('the owner records a shared path; link holders see it only for that item', async () => {
	const [r] = await push(alice, change(M1, 'shared_path', `${P}/${M1}/a.jpg`));
	expect(r).toMatchObject({ status: 'applied', value: `${P}/${M1}/a.jpg` });
	const share = await db.rpc(null, 'resolve_share', { p_token: token });
	const byId = Object.fromEntries(share.media.map((m: { id: string; shared_path: string | null }) => [m.id, m.shared_path]));
	expect(byId).toEqual({ [M1]: `${P}/${M1}/a.jpg`, [M2]: null });
	// Unsharing clears it.
	expect((await push(alice, change(M1, 'shared_path', null, 1)))[0].status).toBe('applied');
	const after = await db.rpc(null, 'resolve_share', { p_token: token });
	expect(after.media.every((m: { shared_path: unknown }) => m.shared_path === null)).toBe(true);
});

test('a path naming another item, a bad name, or another user is refused', async () => {
	for (const bad of [`${P}/${M2}/a.jpg`, `${P}/${M1}/../x.jpg`, `${P}/${M1}/a b.jpg`, 'https://evil.example/x.jpg']) {
		const [r] = await push(alice, change(M1, 'shared_path', bad, 2));
		expect(r.status, bad).not.toMatch(/applied|won_conflict/);
	}
	const [r] = await push(bob, change(M1, 'shared_path', `${P}/${M1}/a.jpg`, 2));
	expect(r.status).not.toMatch(/applied|won_conflict/);
	const [row] = await db.admin(`select shared_path from public.media_metadata where id = $1`, [M1]);
	expect(row.shared_path).toBeNull();
});

// Account deletion (issue 8): a 30-day grace period the user can cancel, RLS on the request, and a
// service-role purge, proven on real PostgreSQL as the API roles with a fake clock for the purge.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from './db';

let db: TestDb;
let alice: string, bob: string, carol: string;
const DAY = 86_400_000;
const DEV = randomUUID();
const PA = randomUUID();
const MA = randomUUID();
const MA2 = randomUUID();
const PB = randomUUID();
const MB = randomUUID();
const TB = randomUUID();

interface Deletion {
	status: 'pending' | 'cancelled' | 'completed';
	requested_at: string;
	scheduled_for: string;
	cancelled_at: string | null;
	completed_at: string | null;
}

function change(table: string, row_id: string, field: string, value: unknown) {
	return { table, row_id, project_id: null, field, value, base_version: 0, client_ts: new Date().toISOString(), device_id: DEV };
}

/** Calls a function as the service role (what a scheduled job with the service key does). */
async function asService<T>(sql: string, params: unknown[] = []): Promise<T[]> {
	const c = await db.pool.connect();
	try {
		await c.query('begin');
		await c.query('set local role service_role');
		await c.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role: 'service_role' })]);
		const r = await c.query(sql, params);
		await c.query('commit');
		return r.rows as T[];
	} catch (e) {
		await c.query('rollback').catch(() => {});
		throw e;
	} finally {
		c.release();
	}
}

const purge = async (now: Date) =>
	(await asService<{ r: { purged: number; user_ids: string[] } }>('select public.purge_due_account_deletions($1) as r', [now.toISOString()]))[0].r;

/** How many rows each Loupe table holds for a user (as the database owner, past RLS). */
async function holdings(uid: string) {
	const [r] = await db.admin(
		`select (select count(*) from profiles where id = $1)::int as profiles,
			(select count(*) from projects where owner_id = $1)::int as projects,
			(select count(*) from project_members where user_id = $1)::int as members,
			(select count(*) from media_metadata where owner_id = $1)::int as media,
			(select count(*) from talent_consents where owner_id = $1)::int as consents,
			(select count(*) from comments where author_id = $1)::int as comments,
			(select count(*) from share_links where created_by = $1)::int as links,
			(select count(*) from devices where user_id = $1)::int as devices`,
		[uid]
	);
	return r as Record<string, number>;
}

beforeAll(async () => {
	db = await createTestDb();
	[alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => db.user(`${n}@example.test`)));
	const ok = (rs: { status: string }[]) => expect(rs.map((r) => r.status).every((s) => s === 'applied')).toBe(true);
	ok(await db.rpc(alice, 'sync_push', { p_changes: [change('projects', PA, 'title', 'A'), change('media_metadata', MA, 'name', 'a.jpg'), change('media_metadata', MA2, 'name', 'a2.jpg')] }));
	ok(await db.rpc(alice, 'sync_push', { p_changes: [change('profiles', alice, 'display_name', 'Alice')] }));
	await db.rpc(alice, 'register_device', { p_device_id: DEV, p_name: 'Alice laptop' });
	await db.rpc(alice, 'create_share_link', { p_project_id: PA, p_role: 'viewer', p_expires_at: null });
	await db.as(alice, 'insert into comments (project_id, author_id, body) values ($1, $2, $3)', [PA, alice, 'note']);
	ok(await db.rpc(bob, 'sync_push', { p_changes: [change('projects', PB, 'title', 'B'), change('media_metadata', MB, 'name', 'b.mp4'), change('talent_consents', TB, 'talent_ref', 'b'.repeat(64))] }));
	await db.rpc(bob, 'register_device', { p_device_id: randomUUID(), p_name: 'Bob phone' });
});
afterAll(async () => db?.close());

describe('requesting and cancelling', () => {
	test('a request is scheduled 30 days out and asking again keeps the date', async () => {
		const before = Date.now();
		const d = await db.rpc<Deletion>(alice, 'request_account_deletion');
		expect(d.status).toBe('pending');
		const gap = Date.parse(d.scheduled_for) - Date.parse(d.requested_at);
		expect(gap).toBe(30 * DAY);
		expect(Date.parse(d.requested_at)).toBeGreaterThanOrEqual(before - 5_000);
		const again = await db.rpc<Deletion>(alice, 'request_account_deletion');
		expect(again.scheduled_for).toBe(d.scheduled_for);
		expect(await db.rpc(alice, 'account_deletion_status')).toEqual(d);
	});

	test('cancel works, and a new request starts a fresh 30 days', async () => {
		await db.rpc<Deletion>(carol, 'request_account_deletion');
		const c = await db.rpc<Deletion>(carol, 'cancel_account_deletion');
		expect(c.status).toBe('cancelled');
		expect(c.cancelled_at).not.toBeNull();
		expect((await db.rpc<Deletion>(carol, 'account_deletion_status')).status).toBe('cancelled');
		await expect(db.rpc(carol, 'cancel_account_deletion')).rejects.toThrow(/no pending account deletion/);
		const r = await db.rpc<Deletion>(carol, 'request_account_deletion');
		expect(r.status).toBe('pending');
		await db.rpc(carol, 'cancel_account_deletion');
	});

	test('a user with no request gets null', async () => {
		expect(await db.rpc(bob, 'account_deletion_status')).toBeNull();
	});
});

describe('who may do what', () => {
	test('anon can call none of the functions', async () => {
		for (const fn of ['request_account_deletion', 'cancel_account_deletion', 'account_deletion_status'])
			await expect(db.rpc(null, fn)).rejects.toThrow(/permission denied/);
		await expect(db.rpc(null, 'purge_due_account_deletions', { p_now: new Date().toISOString() })).rejects.toThrow(/permission denied/);
		await expect(db.as(null, 'select * from account_deletions')).rejects.toThrow(/permission denied/);
	});

	test("a user sees only their own request and cannot cancel or write another's", async () => {
		expect((await db.as(bob, 'select user_id from account_deletions')).length).toBe(0);
		expect((await db.as(alice, 'select user_id from account_deletions')).map((r) => r.user_id)).toEqual([alice]);
		// Bob's cancel touches only Bob's (absent) request.
		await expect(db.rpc(bob, 'cancel_account_deletion')).rejects.toThrow(/no pending/);
		expect((await db.rpc<Deletion>(alice, 'account_deletion_status')).status).toBe('pending');
		// No direct writes: the schedule cannot be moved or the request removed from the API.
		await expect(db.as(alice, `update account_deletions set scheduled_for = now() where user_id = $1`, [alice])).rejects.toThrow(/permission denied/);
		await expect(db.as(bob, `delete from account_deletions where user_id = $1`, [alice])).rejects.toThrow(/permission denied/);
		await expect(db.as(bob, `insert into account_deletions (user_id, scheduled_for) values ($1, now())`, [bob])).rejects.toThrow(/permission denied/);
	});

	test('authenticated users cannot call the purge or its helper', async () => {
		await expect(db.rpc(alice, 'purge_due_account_deletions', { p_now: new Date(Date.now() + 365 * DAY).toISOString() })).rejects.toThrow(/permission denied/);
		await expect(db.rpc(alice, 'purge_account_data', { p_user: bob })).rejects.toThrow(/permission denied/);
		expect((await holdings(alice)).media).toBe(2);
	});
});

describe('the purge', () => {
	test('before 30 days nothing is deleted', async () => {
		const aliceBefore = await holdings(alice);
		expect(aliceBefore).toMatchObject({ profiles: 1, projects: 1, members: 1, media: 2, comments: 1, links: 1, devices: 1 });
		expect(await purge(new Date(Date.now() + 29 * DAY))).toEqual({ purged: 0, user_ids: [] });
		expect(await holdings(alice)).toEqual(aliceBefore);
	});

	test("after 30 days Alice's data is gone, Bob's and cancelled Carol's stay", async () => {
		const bobBefore = await holdings(bob);
		const r = await purge(new Date(Date.now() + 31 * DAY));
		expect(r).toEqual({ purged: 1, user_ids: [alice] });
		expect(Object.values(await holdings(alice)).every((n) => n === 0)).toBe(true);
		expect((await db.admin('select count(*)::int as n from audit_records where owner_id = $1', [alice]))[0].n).toBe(0);
		expect(await holdings(bob)).toEqual(bobBefore);
		expect(bobBefore).toMatchObject({ projects: 1, media: 1, consents: 1, devices: 1 });
		expect((await db.rpc<Deletion>(alice, 'account_deletion_status')).status).toBe('completed');
		expect((await db.rpc<Deletion>(carol, 'account_deletion_status')).status).toBe('cancelled');
		// Running again is a no-op.
		expect((await purge(new Date(Date.now() + 60 * DAY))).purged).toBe(0);
	});
});

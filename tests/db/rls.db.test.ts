// Row Level Security and the trusted RPC functions, proven on a real PostgreSQL 15 as the API roles
// (anon / authenticated + JWT claims), the way PostgREST runs every request.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from './db';
import { chainAudit } from '../../src/lib/sync/audit';

let db: TestDb;
let alice: string, bob: string, carol: string, dave: string, eve: string;
const P = randomUUID(); // alice's project
const Q = randomUUID(); // bob's project
const M1 = randomUUID(); // alice's media in P
const M2 = randomUUID(); // alice's private media (no project)
const N1 = randomUUID(); // bob's media
const T1 = randomUUID(); // alice's talent consent
const DEV_A = randomUUID();
const DEV_B = randomUUID();
const NOW = () => new Date().toISOString();
let auditRows: Awaited<ReturnType<typeof chainAudit>>;
const links: Record<'viewer' | 'commenter' | 'expired' | 'revoked', { id: string; token: string }> = {} as never;

function change(table: string, row_id: string, field: string, value: unknown, base_version = 0, device_id = DEV_A, project_id: string | null = null) {
	return { table, row_id, project_id, field, value, base_version, client_ts: NOW(), device_id };
}

async function push(uid: string, ...changes: object[]) {
	return db.rpc<{ status: string; version: number; value: unknown; error?: string }[]>(uid, 'sync_push', { p_changes: changes });
}

beforeAll(async () => {
	db = await createTestDb();
	[alice, bob, carol, dave, eve] = await Promise.all(['alice', 'bob', 'carol', 'dave', 'eve'].map((n) => db.user(`${n}@example.test`)));
	// Alice: a project with one media item, a private item, a consent, audit rows, a device.
	expect(
		(await push(alice,
			change('projects', P, 'title', 'Spring campaign'),
			change('media_metadata', M1, 'name', 'beach.jpg'),
			change('media_metadata', M2, 'name', 'private.jpg'),
			change('talent_consents', T1, 'talent_ref', 'a'.repeat(64))
		)).map((r) => r.status)
	).toEqual(['applied', 'applied', 'applied', 'applied']);
	expect((await push(alice, change('media_metadata', M1, 'project_ids', [P], 0))).map((r) => r.status)).toEqual(['applied']);
	auditRows = await chainAudit([{ seq: 1, action: 'consent.granted', subject: 'b'.repeat(64), at: Date.now() }], DEV_A, null);
	expect(await db.rpc(alice, 'append_audit', { p_records: auditRows })).toEqual({ appended: 1 });
	await db.rpc(alice, 'register_device', { p_device_id: DEV_A, p_name: 'Alice laptop' });
	// Bob: his own project and media.
	await push(bob, change('projects', Q, 'title', 'Bob film', 0, DEV_B), change('media_metadata', N1, 'name', 'bob.mp4', 0, DEV_B));
	await db.rpc(bob, 'register_device', { p_device_id: DEV_B, p_name: 'Bob phone' });

	for (const kind of ['viewer', 'commenter', 'expired', 'revoked'] as const) {
		const role = kind === 'commenter' ? 'commenter' : 'viewer';
		const expires = kind === 'expired' ? new Date(Date.now() + 60_000).toISOString() : null;
		links[kind] = await db.rpc(alice, 'create_share_link', { p_project_id: P, p_role: role, p_expires_at: expires });
	}
	// Expire one link (as if time passed) and revoke another.
	await db.admin(`update public.share_links set expires_at = now() - interval '1 minute' where id = $1`, [links.expired.id]);
	await db.rpc(alice, 'revoke_share_link', { p_link_id: links.revoked.id });
	await db.rpc(alice, 'add_share_comment', { p_token: links.commenter.token, p_body: 'Owner note', p_media_id: M1, p_author_name: 'Alice' }).catch(() => {});
	await db.rpc(null, 'add_share_comment', { p_token: links.commenter.token, p_body: 'Lovely light', p_media_id: M1, p_author_name: 'Guest' });
	// Carol joins through the viewer link, Dave through the commenter link.
	expect(await db.rpc(carol, 'accept_share', { p_token: links.viewer.token })).toMatchObject({ status: 'ok', role: 'viewer' });
	expect(await db.rpc(dave, 'accept_share', { p_token: links.commenter.token })).toMatchObject({ status: 'ok', role: 'commenter' });
});
afterAll(async () => db?.close());

describe('owners and members', () => {
	test('a user reads their own rows', async () => {
		expect((await db.as(alice, 'select id, title from projects')).map((r) => r.title)).toEqual(['Spring campaign']);
		expect((await db.as(alice, 'select id from media_metadata order by name')).length).toBe(2);
		expect((await db.as(alice, 'select id from talent_consents')).length).toBe(1);
		expect((await db.as(alice, 'select id from audit_records')).length).toBeGreaterThanOrEqual(1);
		expect(await db.rpc(alice, 'list_devices')).toMatchObject([{ id: DEV_A, name: 'Alice laptop' }]);
	});

	test('a viewer member reads the project and its media, not the owner\'s private media', async () => {
		expect((await db.as(carol, 'select title from projects')).map((r) => r.title)).toEqual(['Spring campaign']);
		expect((await db.as(carol, 'select id from media_metadata')).map((r) => r.id)).toEqual([M1]);
		expect((await db.as(carol, 'select body from comments')).map((r) => r.body)).toContain('Lovely light');
	});

	test('a commenter member can comment directly; the comment is theirs', async () => {
		const rows = await db.as(dave, 'insert into comments (project_id, media_id, author_id, body) values ($1, $2, $3, $4) returning author_id', [P, M1, dave, 'Crop tighter?']);
		expect(rows[0].author_id).toBe(dave);
	});

	test('resolve_share shows metadata and comments for a live link; nothing for expired, revoked, unknown', async () => {
		const ok = await db.rpc(null, 'resolve_share', { p_token: links.viewer.token });
		expect(ok).toMatchObject({ status: 'ok', role: 'viewer', project: { id: P, title: 'Spring campaign' } });
		expect(ok.media.map((m: { id: string }) => m.id)).toEqual([M1]);
		expect(ok.comments.map((c: { body: string }) => c.body)).toContain('Lovely light');
		expect(JSON.stringify(ok)).not.toMatch(/owner_id|field_versions|token_hash/);
		for (const [kind, status] of [['expired', 'expired'], ['revoked', 'revoked']] as const)
			expect(await db.rpc(null, 'resolve_share', { p_token: links[kind].token })).toEqual({ status });
		expect(await db.rpc(null, 'resolve_share', { p_token: 'x'.repeat(43) })).toEqual({ status: 'unknown' });
	});

	test('the share token is stored only as a hash', async () => {
		const rows = await db.admin('select token_hash from share_links where id = $1', [links.viewer.id]);
		expect(Buffer.from(rows[0].token_hash).toString('utf8')).not.toContain(links.viewer.token);
		expect(rows[0].token_hash.length).toBe(32);
	});

	test('audit rows append per device chain; retries are skipped; forged or broken rows are refused', async () => {
		const head = { seq: auditRows[0].seq, hash: auditRows[0].hash };
		const next = await chainAudit([{ seq: 2, action: 'match', subject: 'b'.repeat(64), at: Date.now() }], DEV_A, head);
		expect(await db.rpc(alice, 'append_audit', { p_records: [...auditRows, ...next] })).toEqual({ appended: 1 });
		// Another device of the same user has its own chain from seq 0.
		const other = await chainAudit([{ seq: 1, action: 'talent.added', subject: 'c'.repeat(64), at: Date.now() }], randomUUID(), null);
		expect(await db.rpc(alice, 'append_audit', { p_records: other })).toEqual({ appended: 1 });
		const forged = await chainAudit([{ seq: 3, action: 'review', subject: 'b'.repeat(64), at: Date.now() }], DEV_A, { seq: next[0].seq, hash: next[0].hash });
		await expect(db.rpc(alice, 'append_audit', { p_records: [{ ...forged[0], action: 'talent.erased' }] })).rejects.toMatchObject({ code: '22023' });
		expect((await db.as(alice, 'select count(*)::int as n from audit_records'))[0].n).toBe(3);
	});

	test('revoking a link removes the members who joined through it', async () => {
		const tmp = await db.rpc(alice, 'create_share_link', { p_project_id: P, p_role: 'viewer', p_expires_at: null });
		await db.rpc(eve, 'accept_share', { p_token: tmp.token });
		expect((await db.as(eve, 'select id from projects')).length).toBe(1);
		await db.rpc(alice, 'revoke_share_link', { p_link_id: tmp.id });
		expect((await db.as(eve, 'select id from projects')).length).toBe(0);
		expect(await db.rpc(null, 'resolve_share', { p_token: tmp.token })).toEqual({ status: 'revoked' });
	});
});

// ------------------------------------------------------------------------------------------------
// Attacks. Each must be denied: by a privilege/RLS error (SQLSTATE 42501), a check constraint
// (23514), an RPC result that says denied/rejected, or by returning nothing.

type Attack = { name: string; run: () => Promise<unknown>; deniedBy: 'error' | 'empty' | 'status' | ((r: any) => boolean) };
const DENY_CODES = new Set(['42501', '23514', '22023', '42883']);

const attacks: Attack[] = [
	// Reading another user's rows.
	{ name: 'bob reads alice\'s projects', run: () => db.as(bob, 'select * from projects where id = $1', [P]), deniedBy: 'empty' },
	{ name: 'bob reads alice\'s media', run: () => db.as(bob, 'select * from media_metadata where owner_id = $1', [alice]), deniedBy: 'empty' },
	{ name: 'bob reads alice\'s talent consents', run: () => db.as(bob, 'select * from talent_consents'), deniedBy: (r) => r.every((x: any) => x.owner_id === bob) },
	{ name: 'bob reads alice\'s audit records', run: () => db.as(bob, 'select * from audit_records where owner_id = $1', [alice]), deniedBy: 'empty' },
	{ name: 'bob reads alice\'s devices', run: () => db.as(bob, 'select * from devices where id = $1', [DEV_A]), deniedBy: 'empty' },
	{ name: 'bob reads alice\'s profile', run: () => db.as(bob, 'select * from profiles where id = $1', [alice]), deniedBy: 'empty' },
	{ name: 'bob lists alice\'s share links', run: () => db.as(bob, 'select id from share_links where project_id = $1', [P]), deniedBy: 'empty' },
	{ name: 'bob reads token hashes', run: () => db.as(bob, 'select token_hash from share_links'), deniedBy: 'error' },
	{ name: 'alice reads her own token hashes', run: () => db.as(alice, 'select token_hash from share_links'), deniedBy: 'error' },
	{ name: 'bob reads alice\'s comments', run: () => db.as(bob, 'select * from comments where project_id = $1', [P]), deniedBy: 'empty' },
	{ name: 'bob reads alice\'s conflicts', run: () => db.as(bob, 'select * from sync_conflicts where owner_id = $1', [alice]), deniedBy: 'empty' },
	{ name: 'bob pulls alice\'s changes', run: () => db.rpc(bob, 'sync_pull', { p_since: 0 }), deniedBy: (r) => !JSON.stringify(r).includes(alice) && !JSON.stringify(r).includes(P) },
	{ name: 'bob reads auth.users', run: () => db.as(bob, 'select email from auth.users'), deniedBy: 'error' },
	{ name: 'bob lists alice\'s project links by RPC', run: () => db.rpc(bob, 'list_share_links', { p_project_id: P }), deniedBy: (r) => Array.isArray(r) && r.length === 0 },
	// Writing another user's rows.
	{ name: 'bob updates alice\'s project directly', run: () => db.as(bob, `update projects set title = 'pwned' where id = $1`, [P]), deniedBy: 'error' },
	{ name: 'bob deletes alice\'s project', run: () => db.as(bob, 'delete from projects where id = $1 returning id', [P]), deniedBy: 'error' },
	{ name: 'bob inserts a project owned by alice', run: () => db.as(bob, 'insert into projects (id, owner_id) values ($1, $2)', [randomUUID(), alice]), deniedBy: 'error' },
	{ name: 'bob inserts media owned by alice', run: () => db.as(bob, 'insert into media_metadata (id, owner_id) values ($1, $2)', [randomUUID(), alice]), deniedBy: 'error' },
	{ name: 'bob renames alice\'s project by RPC', run: () => push(bob, change('projects', P, 'title', 'pwned', 1, DEV_B)), deniedBy: 'status' },
	{ name: 'bob retags alice\'s media by RPC', run: () => push(bob, change('media_metadata', M1, 'tags', ['pwned'], 0, DEV_B)), deniedBy: 'status' },
	{ name: 'bob moves his media into alice\'s project', run: () => push(bob, change('media_metadata', N1, 'project_ids', [P], 0, DEV_B)), deniedBy: 'status' },
	{ name: 'bob renames alice\'s profile', run: () => push(bob, change('profiles', alice, 'display_name', 'pwned', 0, DEV_B)), deniedBy: 'status' },
	{ name: 'bob rewrites the owner of his media', run: () => push(bob, change('media_metadata', N1, 'owner_id', alice, 0, DEV_B)), deniedBy: 'status' },
	{ name: 'bob pushes an embedding field', run: () => push(bob, change('media_metadata', N1, 'embedding', [0.1, 0.2], 0, DEV_B)), deniedBy: 'status' },
	{ name: 'bob makes himself owner of alice\'s project', run: () => db.as(bob, `insert into project_members (project_id, user_id, role) values ($1, $2, 'owner')`, [P, bob]), deniedBy: 'error' },
	{ name: 'bob comments on alice\'s project', run: () => db.as(bob, 'insert into comments (project_id, author_id, body) values ($1, $2, $3)', [P, bob, 'spam']), deniedBy: 'error' },
	{ name: 'bob shares alice\'s project', run: () => db.rpc(bob, 'create_share_link', { p_project_id: P, p_role: 'commenter', p_expires_at: null }), deniedBy: 'error' },
	{ name: 'bob revokes alice\'s link', run: () => db.rpc(bob, 'revoke_share_link', { p_link_id: links.viewer.id }), deniedBy: 'error' },
	{ name: 'bob un-revokes a link', run: () => db.as(bob, 'update share_links set revoked_at = null where id = $1', [links.revoked.id]), deniedBy: 'error' },
	{ name: 'bob takes over alice\'s device id', run: () => db.rpc(bob, 'register_device', { p_device_id: DEV_A, p_name: 'mine now' }), deniedBy: 'error' },
	{ name: 'bob deletes alice\'s device', run: () => db.as(bob, 'delete from devices where id = $1 returning id', [DEV_A]), deniedBy: 'empty' },
	{ name: 'bob calls the internal change applier', run: () => db.rpc(bob, 'sync_apply_change', { c: change('projects', P, 'title', 'x', 1) }), deniedBy: 'error' },
	{ name: 'alice edits her audit log', run: () => db.as(alice, `update audit_records set action = 'talent.erased'`), deniedBy: 'error' },
	{ name: 'alice deletes her audit log', run: () => db.as(alice, 'delete from audit_records'), deniedBy: 'error' },
	{ name: 'alice appends an audit row that breaks the chain', run: () => db.rpc(alice, 'append_audit', { p_records: [{ id: randomUUID(), device_id: DEV_A, seq: 5, action: 'talent.erased', subject_hash: 'b'.repeat(64), at: NOW(), prev_hash: 'f'.repeat(64), hash: 'e'.repeat(64) }] }), deniedBy: 'error' },
	// Anonymous callers.
	{ name: 'anon reads projects', run: () => db.as(null, 'select * from projects'), deniedBy: 'error' },
	{ name: 'anon reads media', run: () => db.as(null, 'select * from media_metadata'), deniedBy: 'error' },
	{ name: 'anon reads comments', run: () => db.as(null, 'select * from comments'), deniedBy: 'error' },
	{ name: 'anon pushes changes', run: () => db.rpc(null, 'sync_push', { p_changes: [change('projects', P, 'title', 'x', 1)] }), deniedBy: 'error' },
	{ name: 'anon pulls changes', run: () => db.rpc(null, 'sync_pull', { p_since: 0 }), deniedBy: 'error' },
	{ name: 'anon accepts a share link', run: () => db.rpc(null, 'accept_share', { p_token: links.viewer.token }), deniedBy: 'error' },
	{ name: 'anon reads through an expired link', run: () => db.rpc(null, 'resolve_share', { p_token: links.expired.token }), deniedBy: (r) => r.status === 'expired' && !r.project },
	{ name: 'anon reads through a revoked link', run: () => db.rpc(null, 'resolve_share', { p_token: links.revoked.token }), deniedBy: (r) => r.status === 'revoked' && !r.project },
	{ name: 'anon guesses a token', run: () => db.rpc(null, 'resolve_share', { p_token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), deniedBy: (r) => r.status === 'unknown' && !r.project },
	{ name: 'anon injects SQL in a token', run: () => db.rpc(null, 'resolve_share', { p_token: `' or 1=1 --` }), deniedBy: (r) => r.status === 'unknown' && !r.project },
	{ name: 'anon comments through a viewer link', run: () => db.rpc(null, 'add_share_comment', { p_token: links.viewer.token, p_body: 'x', p_media_id: null, p_author_name: null }), deniedBy: 'error' },
	{ name: 'anon comments through an expired link', run: () => db.rpc(null, 'add_share_comment', { p_token: links.expired.token, p_body: 'x', p_media_id: null, p_author_name: null }), deniedBy: 'error' },
	{ name: 'anon comments through a revoked link', run: () => db.rpc(null, 'add_share_comment', { p_token: links.revoked.token, p_body: 'x', p_media_id: null, p_author_name: null }), deniedBy: 'error' },
	{ name: 'anon comments on media outside the shared project', run: () => db.rpc(null, 'add_share_comment', { p_token: links.commenter.token, p_body: 'x', p_media_id: M2, p_author_name: null }), deniedBy: 'error' },
	// Members through links.
	{ name: 'viewer renames the project', run: () => push(carol, change('projects', P, 'title', 'viewer edit', 1, randomUUID())), deniedBy: 'status' },
	{ name: 'viewer edits media by RPC', run: () => push(carol, change('media_metadata', M1, 'name', 'viewer.jpg', 1, randomUUID())), deniedBy: 'status' },
	{ name: 'viewer updates media directly', run: () => db.as(carol, `update media_metadata set name = 'x' where id = $1`, [M1]), deniedBy: 'error' },
	{ name: 'viewer comments directly', run: () => db.as(carol, 'insert into comments (project_id, author_id, body) values ($1, $2, $3)', [P, carol, 'x']), deniedBy: 'error' },
	{ name: 'viewer reads the owner\'s private media', run: () => db.as(carol, 'select * from media_metadata where id = $1', [M2]), deniedBy: 'empty' },
	{ name: 'viewer removes the owner from the project', run: () => db.as(carol, 'delete from project_members where user_id = $1 returning user_id', [alice]), deniedBy: 'empty' },
	{ name: 'viewer upgrades herself via the commenter link… to owner', run: () => db.as(carol, `update project_members set role = 'owner' where user_id = $1`, [carol]), deniedBy: 'error' },
	{ name: 'viewer creates a share link', run: () => db.rpc(carol, 'create_share_link', { p_project_id: P, p_role: 'viewer', p_expires_at: null }), deniedBy: 'error' },
	{ name: 'commenter edits media', run: () => push(dave, change('media_metadata', M1, 'tags', ['dave'], 1, randomUUID())), deniedBy: 'status' },
	{ name: 'commenter posts as someone else', run: () => db.as(dave, 'insert into comments (project_id, author_id, body) values ($1, $2, $3)', [P, alice, 'x']), deniedBy: 'error' },
	{ name: 'eve joins through an expired link', run: () => db.rpc(eve, 'accept_share', { p_token: links.expired.token }), deniedBy: (r) => r.status === 'expired' },
	{ name: 'eve joins through a revoked link', run: () => db.rpc(eve, 'accept_share', { p_token: links.revoked.token }), deniedBy: (r) => r.status === 'revoked' },
	// The database's own boundary: shapes a bypassing client might try.
	{ name: 'alice parks an embedding in a scene list', run: () => push(alice, change('media_metadata', M1, 'scene_list', [{ start: 0, end: 1, label: null, embedding: [0.1, 0.2] }], 0)), deniedBy: 'status' },
	{ name: 'alice parks faces in the clearance summary', run: () => push(alice, change('media_metadata', M1, 'clearance_summary', { cleared: 1, faces: [{ box: [1, 2, 3, 4] }] }, 0)), deniedBy: 'status' },
	{ name: 'alice stores a talent name as talent_ref', run: () => push(alice, change('talent_consents', T1, 'talent_ref', 'Jane Doe', 1)), deniedBy: 'status' }
];

describe('attack queries', () => {
	test('there are at least 30 of them', () => {
		expect(attacks.length).toBeGreaterThanOrEqual(30);
	});

	test.each(attacks.map((a) => [a.name, a] as const))('%s — denied', async (_n, a) => {
		let result: any;
		let error: any = null;
		try {
			result = await a.run();
		} catch (e) {
			error = e;
		}
		if (process.env.LOUPE_DB_VERBOSE) console.log(a.name, '→', error ? `${error.code} ${error.message}` : JSON.stringify(result).slice(0, 160));
		if (a.deniedBy === 'error') {
			expect(error, 'expected the database to refuse').not.toBeNull();
			expect(DENY_CODES.has(error.code), `unexpected error ${error.code}: ${error.message}`).toBe(true);
			return;
		}
		if (error) throw error;
		if (a.deniedBy === 'empty') expect(result).toEqual([]);
		else if (a.deniedBy === 'status') {
			expect(result.length).toBeGreaterThan(0);
			for (const r of result) expect(['denied', 'rejected']).toContain(r.status);
		}
		else expect(a.deniedBy(result)).toBe(true);
	});

	test('after all attacks, alice\'s data is intact', async () => {
		expect((await db.as(alice, 'select title from projects where id = $1', [P]))[0].title).toBe('Spring campaign');
		const m = (await db.as(alice, 'select name, tags, project_ids, scene_list from media_metadata where id = $1', [M1]))[0];
		expect(m).toEqual({ name: 'beach.jpg', tags: [], project_ids: [P], scene_list: null });
		expect((await db.as(alice, 'select count(*)::int as n from audit_records'))[0].n).toBe(3);
		expect((await db.as(alice, 'select user_id, role from project_members where project_id = $1 and role = $2', [P, 'owner']))[0].user_id).toBe(alice);
		expect((await db.admin('select name from devices where id = $1', [DEV_A]))[0].name).toBe('Alice laptop');
		expect((await db.admin('select revoked_at from share_links where id = $1', [links.revoked.id]))[0].revoked_at).not.toBeNull();
	});
});

// Explicit file sharing through the real privacy boundary and real supabase-js: exactly the chosen
// item's bytes leave, once; other bytes, a replayed grant or a forged one are refused.
import { createHash } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { beforeEach, describe, expect, test } from 'vitest';
import { checkField, createGuardedFetch, grantUpload } from '../privacy/boundary';
import { deleteSharedObject, safeObjectName, sharedFileUrl, shareMediaItem, sharedObjectPath, unshareMediaItem, type ShareMediaDeps } from './share-media';

const SUPA = 'https://proj.supabase.test';
const P = '11111111-2222-4333-8444-555555555555';
const M = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const OTHER = 'ffffffff-bbbb-4ccc-8ddd-eeeeeeeeeeee';

interface Sent { method: string; path: string; body: Uint8Array | null }
let sent: Sent[];
const baseFetch: typeof fetch = async (input, init) => {
	const req = new Request(input, init);
	const body = req.method === 'GET' || req.method === 'HEAD' ? null : new Uint8Array(await req.arrayBuffer());
	sent.push({ method: req.method, path: new URL(req.url).pathname, body: body && body.length ? body : null });
	return new Response(JSON.stringify({ Key: 'x', Id: 'y' }), { status: 200, headers: { 'content-type': 'application/json' } });
};
const guarded = createGuardedFetch({ supabaseUrl: SUPA, appOrigin: 'http://app.test' }, baseFetch);
// Node 20 has no WebSocket; realtime is never used by sync.
const noRealtime = { transport: class {} as never };
const client = createClient(SUPA, 'anon-key', { global: { fetch: guarded }, auth: { persistSession: false, autoRefreshToken: false }, realtime: noRealtime });

const bytesOf = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
const files: Record<string, File> = {
	[M]: new File([bytesOf(4096, 7)], 'Beach day (1).jpg', { type: 'image/jpeg' }),
	[OTHER]: new File([bytesOf(4096, 9)], 'other.jpg', { type: 'image/jpeg' })
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let recorded: [string, string, string | null][];
function deps(): ShareMediaDeps {
	return {
		getBlob: async (id) => files[id],
		client,
		recordPath: async (mediaId, projectId, path) => {
			checkField('media_metadata', 'shared_path', path); // what the outbox would enforce
			recorded.push([mediaId, projectId, path]);
		},
		deleteObject: (path) => deleteSharedObject(guarded, SUPA, 'anon-key', 'token', path)
	};
}

beforeEach(() => {
	sent = [];
	recorded = [];
});

describe('shareMediaItem', () => {
	test('uploads exactly the chosen item once and records its path', async () => {
		const path = await shareMediaItem(M, P, deps());
		expect(path).toBe(`${P}/${M}/Beach_day_1_.jpg`);
		expect(sent.map((s) => [s.method, s.path])).toEqual([['POST', `/storage/v1/object/shared-exports/${path}`]]);
		expect(sha(sent[0].body!)).toBe(sha(new Uint8Array(await files[M].arrayBuffer())));
		expect(recorded).toEqual([[M, P, path]]);
	});

	test('a missing original or a non-UUID id records nothing and sends nothing', async () => {
		await expect(shareMediaItem('99999999-bbbb-4ccc-8ddd-eeeeeeeeeeee', P, deps())).rejects.toThrow(/missing/);
		await expect(shareMediaItem(M, 'local-project', deps())).rejects.toThrow(/UUID/);
		expect(sent).toEqual([]);
		expect(recorded).toEqual([]);
	});

	test('a failed upload records nothing', async () => {
		const failing = createGuardedFetch({ supabaseUrl: SUPA }, async () => new Response('{"message":"bucket not found"}', { status: 400, headers: { 'content-type': 'application/json' } }));
		const c = createClient(SUPA, 'anon-key', { global: { fetch: failing }, auth: { persistSession: false }, realtime: noRealtime });
		await expect(shareMediaItem(M, P, { ...deps(), client: c })).rejects.toThrow(/Upload failed/);
		expect(recorded).toEqual([]);
	});
});

describe('the boundary still decides', () => {
	const url = `${SUPA}/storage/v1/object/shared-exports/${P}/${M}/x.jpg`;

	test('other bytes, ungranted, are refused before the network', async () => {
		const r = await client.storage.from('shared-exports').upload(`${P}/${M}/x.jpg`, bytesOf(64, 1), { contentType: 'image/jpeg' });
		expect(r.error?.message ?? '').toMatch(/Privacy boundary refused|explicitly chose/);
		expect(sent).toEqual([]);
	});

	test('a grant is single-use and covers only the object it was given for', async () => {
		const chosen = grantUpload(bytesOf(64, 2));
		// A forged grant: equal bytes in a different object are not the granted object.
		await expect(guarded(url, { method: 'POST', body: bytesOf(64, 2) })).rejects.toThrow(/explicitly chose/);
		await guarded(url, { method: 'POST', body: chosen });
		await expect(guarded(url, { method: 'POST', body: chosen })).rejects.toThrow(/explicitly chose/);
		expect(sent.length).toBe(1);
	});

	test('a granted upload to another bucket is refused', async () => {
		await expect(guarded(`${SUPA}/storage/v1/object/faces/${P}/x.jpg`, { method: 'POST', body: grantUpload(bytesOf(8, 3)) })).rejects.toThrow();
		expect(sent).toEqual([]);
	});

	test('shared_path accepts a path and refuses a hidden payload', () => {
		expect(() => checkField('media_metadata', 'shared_path', `${P}/${M}/a.jpg`)).not.toThrow();
		expect(() => checkField('media_metadata', 'shared_path', null)).not.toThrow();
		expect(() => checkField('media_metadata', 'shared_path', 'x'.repeat(401))).toThrow();
		expect(() => checkField('media_metadata', 'shared_path', Buffer.from(bytesOf(300, 4)).toString('base64'))).toThrow();
	});
});

describe('unshareMediaItem', () => {
	test('deletes the one object (no body) and clears the path', async () => {
		const path = sharedObjectPath(P, M, 'a.jpg');
		await unshareMediaItem(M, P, path, deps());
		expect(sent.map((s) => [s.method, s.path, s.body])).toEqual([['DELETE', `/storage/v1/object/shared-exports/${path}`, null]]);
		expect(recorded).toEqual([[M, P, null]]);
	});

	test('a failed delete keeps the path recorded', async () => {
		const failing: typeof fetch = async () => new Response('no', { status: 500 });
		await expect(unshareMediaItem(M, P, `${P}/${M}/a.jpg`, { ...deps(), deleteObject: (p) => deleteSharedObject(failing, SUPA, 'k', 't', p) })).rejects.toThrow(/still shared/);
		expect(recorded).toEqual([]);
	});
});

test('safeObjectName keeps names readable and Storage-safe', () => {
	expect(safeObjectName('Été à Paris.mov')).toBe('Ete_a_Paris.mov');
	expect(safeObjectName('../../etc/passwd')).toBe('etc_passwd');
	expect(safeObjectName('???')).toBe('file');
});

test('sharedFileUrl points at the public object of the shared-exports bucket', () => {
	expect(sharedFileUrl(`${SUPA}/`, `${P}/${M}/a.jpg`)).toBe(`${SUPA}/storage/v1/object/public/shared-exports/${P}/${M}/a.jpg`);
});

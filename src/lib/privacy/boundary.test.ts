// Tries to smuggle every kind of forbidden data past the privacy boundary; each attempt must be
// refused before the (recording) base fetch is ever called. Also proves ordinary supabase-js
// traffic passes, so the boundary is not "secure" merely by refusing everything.
import { createClient } from '@supabase/supabase-js';
import { beforeEach, describe, expect, test } from 'vitest';
import {
	BoundaryViolation,
	checkField,
	checkOutbound,
	checkRecord,
	checkRpc,
	createGuardedFetch,
	grantUpload,
	SYNC_TABLES
} from './boundary';

const SUPA = 'https://proj.supabase.test';
const APP = 'https://loupe.test';
const cfg = { supabaseUrl: SUPA, appOrigin: APP };
const U1 = '8f0e2b1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c';
const U2 = '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
const NOW = '2026-11-23T01:00:00.000Z';

const embedding = Array.from({ length: 128 }, (_, i) => Math.sin(i) * 0.1);
const box = { x: 10.5, y: 22, width: 64, height: 64 };
const landmarks = [
	[30.1, 40.2],
	[50.3, 40.1],
	[40, 55],
	[32, 70],
	[48, 70]
];
// A tiny real JPEG header + payload, base64: what a face crop looks like when serialized.
const cropBase64 = Buffer.from(new Uint8Array(600).map((_, i) => (i * 37 + 0xff) & 0xff)).toString('base64');

let sent: string[];
const recordingFetch: typeof fetch = async (input) => {
	sent.push(String(input instanceof Request ? input.url : input));
	return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
};
beforeEach(() => {
	sent = [];
});

function refusedRecord(table: string, rec: unknown) {
	expect(() => checkRecord(table, rec)).toThrow(BoundaryViolation);
}

const media = {
	id: U1,
	project_ids: [U2],
	name: 'beach.jpg',
	kind: 'image',
	mime: 'image/jpeg',
	size: 123456,
	duration: null,
	width: 4000,
	height: 3000,
	taken_at: NOW,
	tags: ['summer', 'b-roll'],
	scene_list: [{ start: 0, end: 4.2, label: 'intro' }],
	clearance_summary: { cleared: 2, possible: 1, unknown: 0, reviewed: true, reviewed_at: NOW },
	deleted_at: null
};

describe('allowed metadata passes', () => {
	test('a full media metadata row, project, comment, consent, audit row and device', () => {
		checkRecord('media_metadata', media);
		checkRecord('projects', { id: U1, title: 'Spring campaign', description: 'Cuts for IG', created_at: NOW, deleted_at: null });
		checkRecord('comments', { id: U1, project_id: U2, media_id: null, body: 'Trim the first 2 s, 3 people agree', at_seconds: 2.5, created_at: NOW });
		checkRecord('talent_consents', { id: U1, project_id: U2, talent_ref: 'a'.repeat(64), purpose: 'appearance', status: 'granted', granted_at: NOW, expires_at: null, withdrawn_at: null });
		checkRecord('audit_records', { id: U1, device_id: U2, seq: 3, action: 'consent.granted', subject_hash: 'b'.repeat(64), at: NOW, prev_hash: 'c'.repeat(64), hash: 'd'.repeat(64) });
		checkRecord('devices', { id: U1, name: 'Studio laptop', last_seen_at: NOW });
	});

	test('account deletion RPCs take no arguments', () => {
		for (const fn of ['request_account_deletion', 'cancel_account_deletion', 'account_deletion_status']) checkRpc(fn, {});
	});

	test('sync_push with valid field changes', () => {
		checkRpc('sync_push', {
			p_changes: [
				{ table: 'media_metadata', row_id: U1, project_id: U2, field: 'tags', value: ['a'], base_version: 0, client_ts: NOW, device_id: U2 },
				{ table: 'projects', row_id: U2, project_id: U2, field: 'title', value: 'New title', base_version: 4, client_ts: NOW, device_id: U2 }
			]
		});
	});
});

describe('biometric fields are refused, however they are named or nested', () => {
	const cases: [string, string, unknown][] = [
		['embedding as a plain key', 'media_metadata', { ...media, embedding }],
		['embedding as Float32Array', 'media_metadata', { ...media, descriptor: new Float32Array(embedding) }],
		['embedding renamed to look harmless', 'media_metadata', { ...media, notes_v2: embedding }],
		['embedding hidden in tags as numbers', 'media_metadata', { ...media, tags: embedding }],
		['embedding stringified into one tag', 'media_metadata', { ...media, tags: [embedding.slice(0, 16).join(',')] }],
		['embedding in the project description', 'projects', { id: U1, title: 't', description: `v=${embedding.join(' ')}`, created_at: NOW }],
		['embedding as JSON in a comment body', 'comments', { id: U1, project_id: U2, body: JSON.stringify({ v: [1, 2] }), created_at: NOW }],
		['face box', 'media_metadata', { ...media, box }],
		['face box renamed region', 'media_metadata', { ...media, region: box }],
		['box nested in a scene', 'media_metadata', { ...media, scene_list: [{ start: 0, end: 1, label: null, box }] }],
		['landmarks', 'media_metadata', { ...media, landmarks }],
		['landmarks as keypoints inside clearance summary', 'media_metadata', { ...media, clearance_summary: { ...media.clearance_summary, keypoints: landmarks } }],
		['face crop base64 in the name', 'media_metadata', { ...media, name: cropBase64 }],
		['face crop data URL in a comment', 'comments', { id: U1, project_id: U2, body: `see data:image/jpeg;base64,${cropBase64.slice(0, 40)}`, created_at: NOW }],
		['face crop as bytes', 'media_metadata', { ...media, thumb: new Uint8Array(64) }],
		['age estimate', 'media_metadata', { ...media, age: 31 }],
		['age estimate camelCase', 'media_metadata', { ...media, estimatedAge: 31.4 }],
		['gender estimate', 'media_metadata', { ...media, gender: 'female' }],
		['age/gender nested per face', 'media_metadata', { ...media, clearance_summary: { ...media.clearance_summary, faces: [{ age: 30, gender: 'm' }] } }],
		['person-face link', 'media_metadata', { ...media, person_id: U2 }],
		['person-face link list', 'projects', { id: U1, title: 't', created_at: NOW, faceIds: [U1, U2] }],
		['talent name in place of hash', 'talent_consents', { id: U1, talent_ref: 'Jane Doe', purpose: 'appearance', status: 'granted' }],
		['media bytes as a field', 'media_metadata', { ...media, bytes: new ArrayBuffer(16) }],
		['class instance instead of plain object', 'media_metadata', Object.assign(new (class Face {})(), media)],
		['prototype-key smuggling', 'media_metadata', JSON.parse(`{"id":"${U1}","__proto__":{"embedding":[0.1]}}`)],
		['unknown table', 'faces', { id: U1 }],
		['scene time as an array of floats', 'media_metadata', { ...media, scene_list: [{ start: [0.1, 0.2], end: 1, label: null }] }],
		['size as string of floats', 'media_metadata', { ...media, size: '0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9' }],
		['too many scenes (a disguised track)', 'media_metadata', { ...media, scene_list: Array.from({ length: 2001 }, () => ({ start: 0, end: 1, label: null })) }]
	];
	test.each(cases)('%s', (_name, table, rec) => refusedRecord(table, rec));

	test('the error names the field and says it is biometric', () => {
		expect(() => checkRecord('media_metadata', { ...media, faceEmbedding: embedding })).toThrow(/faceEmbedding.*biometric/);
		expect(() => checkRecord('media_metadata', { ...media, zzz: 1 })).toThrow(/zzz.*not on the allow-list/);
	});

	test('checkField refuses non-allow-listed fields and wrong shapes', () => {
		expect(() => checkField('media_metadata', 'embedding', embedding)).toThrow(BoundaryViolation);
		expect(() => checkField('media_metadata', 'duration', embedding)).toThrow(BoundaryViolation);
		checkField('media_metadata', 'duration', 12.5);
	});
});

describe('RPC calls', () => {
	const ch = { table: 'media_metadata', row_id: U1, project_id: U2, field: 'tags', value: ['x'], base_version: 0, client_ts: NOW, device_id: U2 };
	test.each([
		['unknown function', 'get_all_faces', {}],
		['change to a forbidden field', 'sync_push', { p_changes: [{ ...ch, field: 'embedding', value: embedding }] }],
		['change with an extra payload key', 'sync_push', { p_changes: [{ ...ch, landmarks }] }],
		['change value of the wrong shape', 'sync_push', { p_changes: [{ ...ch, value: embedding }] }],
		['change to a table that does not sync', 'sync_push', { p_changes: [{ ...ch, table: 'faces' }] }],
		['change rewriting the id', 'sync_push', { p_changes: [{ ...ch, field: 'id', value: U2 }] }],
		['extra top-level argument', 'sync_push', { p_changes: [], p_faces: [box] }],
		['comment carrying a crop', 'add_share_comment', { p_token: 'a'.repeat(43), p_body: cropBase64, p_media_id: null, p_author_name: null }],
		['audit row with a face', 'append_audit', { p_records: [{ id: U1, device_id: U2, seq: 1, action: 'reference.added', subject_hash: 'a'.repeat(64), at: NOW, prev_hash: null, hash: 'b'.repeat(64), face: cropBase64 }] }],
		['bad share role', 'create_share_link', { p_project_id: U1, p_role: 'owner', p_expires_at: null }],
		['account deletion with a payload', 'request_account_deletion', { p_embedding: embedding }],
		['cancel naming another user', 'cancel_account_deletion', { p_user: U1 }],
		['the service-role purge from the app', 'purge_due_account_deletions', { p_now: NOW }]
	])('%s', (_n, fn, args) => {
		expect(() => checkRpc(fn, args)).toThrow(BoundaryViolation);
	});
});

describe('outbound requests through guardedFetch', () => {
	const guarded = () => createGuardedFetch(cfg, recordingFetch);
	const json = (o: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(o) });

	test.each<[string, string, RequestInit]>([
		['unknown destination', 'https://evil.example/collect', json({ title: 'x' })],
		['Supabase endpoint not allow-listed', `${SUPA}/functions/v1/upload-faces`, json({})],
		['REST write of a face table', `${SUPA}/rest/v1/faces`, json({ id: U1 })],
		['REST write smuggling an embedding', `${SUPA}/rest/v1/media_metadata`, json([{ ...media, embedding }])],
		['embedding in the URL query', `${SUPA}/rest/v1/media_metadata?select=*&embedding=${embedding.slice(0, 12).join(',')}`, { method: 'GET' }],
		['float list in an allowed filter', `${SUPA}/rest/v1/media_metadata?name=eq.${embedding.slice(0, 12).join(',')}`, { method: 'GET' }],
		['base64 crop in the URL', `${SUPA}/rest/v1/media_metadata?name=eq.${cropBase64.slice(0, 300)}`, { method: 'GET' }],
		['data in a custom header', `${SUPA}/rest/v1/projects`, { method: 'GET', headers: { 'x-face-embedding': embedding.join(',') } }],
		['media bytes to storage without a user choice', `${SUPA}/storage/v1/object/shared-exports/u/clip.mp4`, { method: 'POST', body: new Blob([new Uint8Array(32)]) }],
		['media bytes as ArrayBuffer to REST', `${SUPA}/rest/v1/media_metadata`, { method: 'POST', body: new Uint8Array(32) }],
		['FormData with an ungranted blob', `${SUPA}/storage/v1/object/shared-exports/u/a.jpg`, { method: 'POST', body: (() => { const f = new FormData(); f.append('file', new Blob([new Uint8Array(8)])); return f; })() }],
		['storage upload to another bucket', `${SUPA}/storage/v1/object/faces/u/a.jpg`, { method: 'POST', body: grantUpload(new Blob([new Uint8Array(8)])) }],
		['AI proxy with an ungranted image', `${APP}/api/ai/describe`, { method: 'POST', body: new Blob([new Uint8Array(8)]) }],
		['AI proxy with landmarks in JSON', `${APP}/api/ai/describe`, json({ task: 'describe', text: 'hi', landmarks })],
		['auth sign-up carrying metadata', `${SUPA}/auth/v1/otp`, json({ email: 'a@b.c', data: { age: 30 } })],
		['non-JSON text body', `${SUPA}/rest/v1/rpc/sync_pull`, { method: 'POST', body: 'embedding=0.1,0.2' }]
	])('%s is refused and nothing is sent', async (_n, url, init) => {
		await expect(guarded()(url, init)).rejects.toThrow(BoundaryViolation);
		expect(sent).toEqual([]);
	});

	test('a Request object is inspected too', async () => {
		const req = new Request(`${SUPA}/rest/v1/rpc/sync_push`, { method: 'POST', body: JSON.stringify({ p_changes: [], embedding }) });
		await expect(guarded()(req)).rejects.toThrow(BoundaryViolation);
		expect(sent).toEqual([]);
	});

	test('an explicitly chosen upload goes once, and only that exact blob', async () => {
		const chosen = grantUpload(new Blob([new Uint8Array(16)], { type: 'video/mp4' }));
		const url = `${SUPA}/storage/v1/object/shared-exports/${U1}/export.mp4`;
		await guarded()(url, { method: 'POST', body: chosen });
		expect(sent).toEqual([url]);
		await expect(guarded()(url, { method: 'POST', body: chosen })).rejects.toThrow(/explicitly chose/);
		await expect(guarded()(url, { method: 'POST', body: new Blob([new Uint8Array(16)]) })).rejects.toThrow(BoundaryViolation);
	});

	test('checkOutbound refuses everything when sync is not configured', () => {
		expect(() => checkOutbound({ url: `${SUPA}/rest/v1/projects`, method: 'GET', headers: {} }, { appOrigin: APP })).toThrow(/not on the allow-list/);
	});
});

describe('real supabase-js traffic passes through the guard', () => {
	const client = () =>
		createClient(SUPA, 'anon-key', {
			global: { fetch: createGuardedFetch(cfg, recordingFetch) },
			auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
			// Node 20 has no WebSocket; realtime is never used by sync.
			realtime: { transport: class {} as never }
		});

	test('rpc, table reads and magic-link sign-in are allowed', async () => {
		const c = client();
		const r1 = await c.rpc('sync_pull', { p_since: 0 });
		expect(r1.error).toBeNull();
		const r2 = await c.from('projects').select('id,title').eq('id', U1);
		expect(r2.error).toBeNull();
		const r3 = await c.rpc('sync_push', {
			p_changes: [{ table: 'projects', row_id: U1, project_id: U1, field: 'title', value: 'Hi', base_version: 0, client_ts: NOW, device_id: U2 }]
		});
		expect(r3.error).toBeNull();
		await c.auth.signInWithOtp({ email: 'me@example.com', options: { shouldCreateUser: true } });
		expect(sent.map((u) => new URL(u).pathname)).toEqual(['/rest/v1/rpc/sync_pull', '/rest/v1/projects', '/rest/v1/rpc/sync_push', '/auth/v1/otp']);
	});

	test('supabase-js Storage uploads only the exact blob the user chose', async () => {
		const c = client();
		const refused = await c.storage.from('shared-exports').upload(`${U1}/clip.mp4`, new Blob([new Uint8Array(64)], { type: 'video/mp4' }));
		expect(refused.error?.message ?? '').toMatch(/Privacy boundary refused|explicitly chose/);
		expect(sent).toEqual([]);
		// storage-js wraps a Blob in FormData (which copies it into a new File, so no grant can follow
		// it); the chosen bytes go as a raw body instead, whose identity reaches fetch unchanged.
		const chosen = grantUpload(new Uint8Array(64));
		const ok = await c.storage.from('shared-exports').upload(`${U1}/clip.mp4`, chosen, { contentType: 'video/mp4' });
		expect(ok.error).toBeNull();
		expect(sent.map((u) => new URL(u).pathname)).toEqual([`/storage/v1/object/shared-exports/${U1}/clip.mp4`]);
	});

	test('supabase-js cannot be used to write an embedding', async () => {
		const c = client();
		const r = await c.from('media_metadata').insert({ ...media, embedding });
		expect(r.error?.message ?? '').toMatch(/Privacy boundary refused/);
		const r2 = await c.rpc('store_faces', { p_faces: [{ box, embedding }] });
		expect(r2.error?.message ?? '').toMatch(/Privacy boundary refused/);
		expect(sent).toEqual([]);
	});
});

test('every synced table keeps biometric words out of its allow-list', () => {
	const forbidden = /embed|descriptor|landmark|keypoint|bbox|^box|crop|^age$|gender|face|person|pixel|bytes|thumb/i;
	for (const [table, fields] of Object.entries(SYNC_TABLES)) for (const f of Object.keys(fields)) expect(`${table}.${f}`).not.toMatch(forbidden);
});

// The outbox and engine against the real database: offline queueing, retry with backoff,
// per-field merge and last-writer-wins conflicts that never silently lose a change.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { SyncEngine } from '../../src/lib/sync/engine';
import { idbSyncStore } from '../../src/lib/sync/store';
import type { PulledRow } from '../../src/lib/sync/types';
import { BoundaryViolation } from '../../src/lib/privacy/boundary';
import { createTestDb, type TestDb } from './db';
import { pgTransport, type TestTransport } from './pg-transport';

let db: TestDb;
let alice: string;
beforeAll(async () => {
	db = await createTestDb();
	alice = await db.user('alice@example.test');
});
afterAll(async () => db?.close());

interface Device {
	engine: SyncEngine;
	transport: TestTransport;
	clock: { t: number };
	/** What this device's library shows, as applied by onRemote. */
	local: Map<string, Record<string, unknown>>;
}

function device(uid: string, startAt: number): Device {
	const clock = { t: startAt };
	const transport = pgTransport(db, uid);
	const local = new Map<string, Record<string, unknown>>();
	const engine = new SyncEngine({
		store: idbSyncStore(`loupe-sync-test-${randomUUID()}`),
		transport,
		deviceId: randomUUID(),
		now: () => clock.t,
		backoff: { baseMs: 1000, maxMs: 60_000, random: () => 0.5 },
		onRemote: (rows: PulledRow[]) => {
			for (const r of rows) local.set(r.row.id, { ...local.get(r.row.id), ...r.row });
		}
	});
	return { engine, transport, clock, local };
}

async function serverRow(table: string, id: string) {
	return (await db.as(alice, `select * from ${table} where id = $1`, [id]))[0];
}

let A: Device, B: Device;
// Device clocks start a little in the past: the server caps client times at now + 5 min.
const T0 = Date.now() - 10 * 60_000;
beforeEach(() => {
	A = device(alice, T0);
	B = device(alice, T0);
});

describe('offline and retry', () => {
	test('edits made offline wait in the outbox and are pushed once online', async () => {
		const id = randomUUID();
		A.transport.online = false;
		await A.engine.enqueue('projects', id, id, { title: 'Offline title', description: 'made on a plane' });
		const r1 = await A.engine.flush();
		expect(r1.sent).toBe(0);
		expect(r1.retryAt).toBe(T0 + 1000 * 0.75); // first retry: 1 s with equal jitter at 0.5
		expect((await A.engine.pending()).map((e) => [e.field, e.attempts]).sort()).toEqual([['description', 1], ['title', 1]]);
		expect(await serverRow('projects', id)).toBeUndefined();

		A.transport.online = true;
		// Not due yet: nothing is sent before the backoff delay has passed.
		expect((await A.engine.flush()).sent).toBe(0);
		A.clock.t += 1000;
		const r2 = await A.engine.flush();
		expect(r2).toMatchObject({ sent: 2, applied: 2 });
		expect(await A.engine.pending()).toEqual([]);
		expect(await serverRow('projects', id)).toMatchObject({ title: 'Offline title', description: 'made on a plane' });
	});

	test('server errors are retried with growing delays, then succeed', async () => {
		const id = randomUUID();
		await A.engine.enqueue('media_metadata', id, null, { name: 'clip.mp4', kind: 'video', duration: 12.5 });
		A.transport.failNext = 3;
		const delays: number[] = [];
		for (let i = 0; i < 3; i++) {
			const r = await A.engine.flush();
			expect(r.error).toMatch(/503/);
			delays.push(r.retryAt! - A.clock.t);
			A.clock.t = r.retryAt!;
		}
		expect(delays).toEqual([750, 1500, 3000]);
		const ok = await A.engine.flush();
		expect(ok).toMatchObject({ sent: 3, applied: 3 });
		expect(await serverRow('media_metadata', id)).toMatchObject({ name: 'clip.mp4', kind: 'video', duration: 12.5 });
		expect(A.transport.calls.push).toBe(4);
	});

	test('many offline edits of one field coalesce into one change', async () => {
		const id = randomUUID();
		A.transport.online = false;
		for (const t of ['D', 'Dr', 'Dra', 'Draft']) {
			A.clock.t += 10;
			await A.engine.enqueue('projects', id, id, { title: t });
		}
		expect((await A.engine.pending()).length).toBe(1);
		A.transport.online = true;
		expect(await A.engine.flush()).toMatchObject({ sent: 1, applied: 1 });
		expect((await serverRow('projects', id)).field_versions.title.v).toBe(1);
	});

	test('forbidden fields never reach the outbox', async () => {
		const id = randomUUID();
		await expect(A.engine.enqueue('media_metadata', id, null, { name: 'x.jpg', embedding: [0.1, 0.2] } as never)).rejects.toThrow(BoundaryViolation);
		await expect(A.engine.enqueue('media_metadata', id, null, { tags: [Array(20).fill(0.5).join(',')] })).rejects.toThrow(BoundaryViolation);
		expect(await A.engine.pending()).toEqual([]);
	});
});

describe('conflicts', () => {
	async function sharedProject(title: string) {
		const id = randomUUID();
		await A.engine.enqueue('projects', id, id, { title, description: 'v0' });
		await A.engine.flush();
		await B.engine.pull();
		expect(B.local.get(id)).toMatchObject({ title, description: 'v0' });
		return id;
	}

	test('different fields edited on two devices both survive (per-field merge)', async () => {
		const id = await sharedProject('Merge me');
		A.transport.online = B.transport.online = false;
		A.clock.t += 1000;
		await A.engine.enqueue('projects', id, id, { title: 'Title from A' });
		B.clock.t += 2000;
		await B.engine.enqueue('projects', id, id, { description: 'Description from B' });
		A.transport.online = B.transport.online = true;
		await B.engine.sync();
		await A.engine.sync();
		await B.engine.pull();
		expect(await serverRow('projects', id)).toMatchObject({ title: 'Title from A', description: 'Description from B' });
		expect(A.local.get(id)).toMatchObject({ description: 'Description from B' });
		expect(B.local.get(id)).toMatchObject({ title: 'Title from A' });
		expect(await A.engine.conflicts()).toEqual([]);
	});

	test('same field: the later edit wins even if it syncs first; the loser is kept on both sides', async () => {
		const id = await sharedProject('Original');
		A.transport.online = B.transport.online = false;
		A.clock.t += 1000;
		await A.engine.enqueue('projects', id, id, { title: 'Earlier edit (A)' });
		B.clock.t += 5000;
		await B.engine.enqueue('projects', id, id, { title: 'Later edit (B)' });
		A.transport.online = B.transport.online = true;
		// B (later edit) reaches the server first, A (earlier edit, stale base) second.
		expect((await B.engine.flush()).applied).toBe(1);
		const ra = await A.engine.flush();
		expect(ra).toMatchObject({ superseded: 1, applied: 0 });
		expect((await serverRow('projects', id)).title).toBe('Later edit (B)');
		// A shows the winner and keeps its own edit in its conflict log.
		expect(A.local.get(id)).toMatchObject({ title: 'Later edit (B)' });
		expect(await A.engine.conflicts()).toMatchObject([{ field: 'title', kind: 'superseded', ours: 'Earlier edit (A)', theirs: 'Later edit (B)' }]);
		const logged = await db.as(alice, 'select losing_value, winning_value from sync_conflicts where row_id = $1', [id]);
		expect(logged).toEqual([{ losing_value: 'Earlier edit (A)', winning_value: 'Later edit (B)' }]);
	});

	test('same field: the later edit wins when it syncs second; the overwritten value is logged', async () => {
		const id = await sharedProject('Original');
		A.transport.online = B.transport.online = false;
		A.clock.t += 1000;
		await A.engine.enqueue('projects', id, id, { title: 'Earlier (A)' });
		B.clock.t += 5000;
		await B.engine.enqueue('projects', id, id, { title: 'Later (B)' });
		A.transport.online = B.transport.online = true;
		expect((await A.engine.flush()).applied).toBe(1);
		const rb = await B.engine.flush();
		expect(rb).toMatchObject({ applied: 1, superseded: 0 });
		expect((await serverRow('projects', id)).title).toBe('Later (B)');
		await A.engine.pull();
		expect(A.local.get(id)).toMatchObject({ title: 'Later (B)' });
		const logged = await db.as(alice, 'select losing_value, winning_value, winning_version from sync_conflicts where row_id = $1', [id]);
		expect(logged).toEqual([{ losing_value: 'Earlier (A)', winning_value: 'Later (B)', winning_version: 3 }]);
	});

	test('identical timestamps resolve the same way every time (device id breaks the tie)', async () => {
		const id = await sharedProject('Tie');
		A.transport.online = B.transport.online = false;
		A.clock.t = B.clock.t = T0 + 10_000;
		await A.engine.enqueue('projects', id, id, { title: 'A' });
		await B.engine.enqueue('projects', id, id, { title: 'B' });
		A.transport.online = B.transport.online = true;
		await A.engine.flush();
		await B.engine.flush();
		await A.engine.pull();
		await B.engine.pull();
		const winner = (await serverRow('projects', id)).title;
		expect(A.local.get(id)?.title).toBe(winner);
		expect(B.local.get(id)?.title).toBe(winner);
		const loser = winner === 'A' ? 'B' : 'A';
		const logged = await db.as(alice, 'select losing_value from sync_conflicts where row_id = $1', [id]);
		expect(logged.map((r) => r.losing_value)).toEqual([loser]);
	});

	test('an edit made while a push is in flight is not lost', async () => {
		const id = randomUUID();
		await A.engine.enqueue('projects', id, id, { title: 'first' });
		const inflight = A.engine.flush();
		A.clock.t += 1;
		await A.engine.enqueue('projects', id, id, { title: 'second' });
		await inflight;
		expect((await A.engine.pending()).map((e) => e.value)).toEqual(['second']);
		await A.engine.flush();
		expect((await serverRow('projects', id)).title).toBe('second');
		expect(await A.engine.conflicts()).toEqual([]);
	});

	test('a change the server refuses is logged, not retried forever', async () => {
		const other = await db.user();
		const theirs = randomUUID();
		await db.rpc(other, 'sync_push', { p_changes: [{ table: 'projects', row_id: theirs, project_id: theirs, field: 'title', value: 'Not yours', base_version: 0, client_ts: new Date().toISOString(), device_id: randomUUID() }] });
		await A.engine.enqueue('projects', theirs, theirs, { title: 'hijack' });
		expect(await A.engine.flush()).toMatchObject({ refused: 1 });
		expect(await A.engine.pending()).toEqual([]);
		expect(await A.engine.conflicts()).toMatchObject([{ kind: 'denied', ours: 'hijack' }]);
	});
});

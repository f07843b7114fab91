import 'fake-indexeddb/auto';
import { beforeEach, expect, test } from 'vitest';
import type { MediaItem } from '../../library/types';
import { closeStore } from '../../store/db';
import { QueueRunner, type AnalyzeContext, type RunnerDeps } from './runner';
import * as store from './store';

const item = (id: string, extra: Partial<MediaItem> = {}): MediaItem => ({
	id,
	name: `${id}.jpg`,
	kind: 'image',
	mime: 'image/jpeg',
	size: 1,
	hash: id,
	takenAt: 0,
	importedAt: 0,
	projectIds: [],
	...extra
});
const job = (id: string) => ({ mediaId: id, name: `${id}.jpg`, kind: 'image' as const, units: 1 });

function fakeDeps(over: Partial<RunnerDeps> = {}) {
	const saved = new Map<string, number>();
	const errors = new Map<string, string>();
	const analysed: string[] = [];
	let consent = true;
	const deps: RunnerDeps = {
		getMedia: async (id) => (id.startsWith('gone') ? undefined : item(id)),
		hasConsent: async () => consent,
		analyze: async (it) => {
			analysed.push(it.id);
			if (it.id.startsWith('bad')) throw new Error(`${it.name} is not a readable image`);
			return { faces: [] };
		},
		save: async (id, r) => {
			saved.set(id, r.faces.length);
			return { faces: r.faces.length };
		},
		saveError: async (id, m) => void errors.set(id, m),
		isAnalyzed: async (id) => saved.has(id),
		...over
	};
	return { deps, saved, errors, analysed, setConsent: (v: boolean) => (consent = v) };
}

beforeEach(async () => {
	await store.dropQueue();
});

test('runs items in order; a failing item is reported and the queue goes on', async () => {
	const f = fakeDeps();
	await store.enqueue([job('a'), job('bad1'), job('gone1'), job('c')]);
	const r = new QueueRunner(f.deps);
	await r.start();
	expect(f.analysed).toEqual(['a', 'bad1', 'c']);
	expect([...f.saved.keys()]).toEqual(['a', 'c']);
	const s = await store.snapshot();
	expect(s).toMatchObject({ pending: 0, running: null, done: 2, total: 4 });
	expect(s.errors.map((j) => [j.mediaId, j.error])).toEqual([
		['bad1', 'bad1.jpg is not a readable image'],
		['gone1', 'This item is no longer in the library.']
	]);
	expect(f.errors.get('bad1')).toMatch(/not a readable image/);
	expect((await store.getState()).rate.samples).toBe(2);
	r.dispose();
});

test('already analysed items are skipped unless forced; queued items are not added twice', async () => {
	const f = fakeDeps();
	const r = new QueueRunner(f.deps);
	expect(await store.enqueue([job('a'), job('a'), job('b')])).toBe(2);
	await r.start();
	await store.enqueue([job('a')]);
	await r.start();
	expect(f.analysed).toEqual(['a', 'b']);
	await store.enqueue([job('a')], { force: true });
	await r.start();
	expect(f.analysed).toEqual(['a', 'b', 'a']);
	r.dispose();
});

test('a job left running by a closed tab resumes after a reload', async () => {
	await store.enqueue([job('a'), job('b')]);
	await store.updateJob('a', { status: 'running', progress: 0.5 });
	await closeStore(store.QUEUE_DB); // "reload"
	const f = fakeDeps();
	const r = new QueueRunner(f.deps);
	await r.start();
	expect(f.analysed).toEqual(['a', 'b']);
	expect((await store.snapshot()).done).toBe(2);
	r.dispose();
});

test('pause stops the item in flight and keeps it queued; resume finishes the work', async () => {
	let release!: () => void;
	const f = fakeDeps({
		analyze: (it, ctx: AnalyzeContext) =>
			new Promise((ok, fail) => {
				ctx.signal.addEventListener('abort', () => fail(ctx.signal.reason));
				if (it.id === 'slow') release = () => ok({ faces: [] });
				else ok({ faces: [] });
			})
	});
	await store.enqueue([job('slow'), job('b')]);
	const r = new QueueRunner(f.deps);
	const done = r.start();
	await waitFor(async () => (await store.getJob('slow'))?.status === 'running');
	await r.pause();
	await done;
	let s = await store.snapshot();
	expect(s).toMatchObject({ paused: true, pending: 2, done: 0 });
	// While paused nothing runs even if started.
	await r.start();
	expect((await store.snapshot()).pending).toBe(2);
	const resumed = r.resume();
	await waitFor(async () => (await store.getJob('slow'))?.status === 'running');
	release();
	await resumed;
	s = await store.snapshot();
	expect(s).toMatchObject({ paused: false, pending: 0, done: 2 });
	r.dispose();
});

test('cancel stops the item in flight and drops the waiting ones', async () => {
	const f = fakeDeps({
		analyze: (_it, ctx) => new Promise((_ok, fail) => ctx.signal.addEventListener('abort', () => fail(ctx.signal.reason)))
	});
	await store.enqueue([job('a'), job('b'), job('c')]);
	const r = new QueueRunner(f.deps);
	const done = r.start();
	await waitFor(async () => (await store.getJob('a'))?.status === 'running');
	expect(await r.cancel()).toBe(2);
	await done;
	expect(await store.snapshot()).toMatchObject({ pending: 0, running: null, done: 0, total: 0, errors: [] });
	expect(f.saved.size).toBe(0);
	r.dispose();
});

test('nothing runs without consent, and withdrawn consent empties the queue', async () => {
	const f = fakeDeps();
	f.setConsent(false);
	await store.enqueue([job('a'), job('b')]);
	const r = new QueueRunner(f.deps);
	await r.start();
	expect(f.analysed).toEqual([]);
	expect((await store.snapshot()).total).toBe(0);
	r.dispose();
});

test('a restriction of processing holds the queue without dropping it', async () => {
	const f = fakeDeps();
	let blocked: string | null = 'restricted';
	f.deps.isBlocked = () => blocked;
	await store.enqueue([job('a'), job('b')]);
	const r = new QueueRunner(f.deps);
	await r.start();
	expect(f.analysed).toEqual([]);
	expect((await store.snapshot()).pending).toBe(2);
	blocked = null;
	await r.start();
	expect(f.analysed).toEqual(['a', 'b']);
	r.dispose();
});

test('consent withdrawn mid-item: its result is not stored', async () => {
	const f = fakeDeps();
	f.deps.analyze = async () => {
		f.setConsent(false);
		return { faces: [] };
	};
	await store.enqueue([job('a'), job('b')]);
	const r = new QueueRunner(f.deps);
	await r.start();
	expect(f.saved.size).toBe(0);
	r.dispose();
});

test('snapshot estimates time left from measured speed', async () => {
	await store.setRate({ msPerUnit: 1000, samples: 3 });
	await store.enqueue([job('a'), { ...job('v'), kind: 'video', units: 20 }]);
	await store.updateJob('v', { status: 'running', progress: 0.5 });
	const s = await store.snapshot();
	expect(s.remainingUnits).toBe(11);
	expect(s.etaMs).toBe(11_000);
	expect(s.running?.mediaId).toBe('v');
});

async function waitFor(cond: () => Promise<boolean>, ms = 2000) {
	const end = Date.now() + ms;
	while (!(await cond())) {
		if (Date.now() > end) throw new Error('timed out waiting');
		await new Promise((r) => setTimeout(r, 5));
	}
}

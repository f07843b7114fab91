// The analysis queue's persistent state ('loupe-face-queue'): one job per media item plus a
// paused flag and the measured speed. Because it lives in IndexedDB, a reload (or a crash)
// resumes where it stopped; the runner resets a job left 'running' by a dead tab to 'pending'.
import type { DBSchema } from 'idb';
import { dropStore, openStore, type Migration } from '../../store/db';
import { NO_RATE, estimateRemaining, type Rate } from './eta';

export type JobStatus = 'pending' | 'running' | 'done' | 'error';

export interface Job {
	mediaId: string;
	name: string;
	kind: 'image' | 'video';
	/** Work units (photo 1, video ≈ sampled frames) for the time-left estimate. */
	units: number;
	/** Enqueue order. */
	seq: number;
	status: JobStatus;
	/** Re-analyse even if the item was analysed before. */
	force: boolean;
	enqueuedAt: number;
	startedAt?: number;
	finishedAt?: number;
	/** 0..1 within the item (videos). */
	progress?: number;
	faces?: number;
	error?: string;
}

export interface QueueState {
	paused: boolean;
	rate: Rate;
}

export interface QueueSnapshot {
	paused: boolean;
	pending: number;
	running: Job | null;
	done: number;
	errors: Job[];
	total: number;
	/** Units left including the unfinished part of the running job. */
	remainingUnits: number;
	etaMs: number | null;
}

export const QUEUE_DB = 'loupe-face-queue';

interface QueueSchema extends DBSchema {
	jobs: { key: string; value: Job; indexes: { 'by-status': JobStatus } };
	meta: { key: string; value: QueueState };
}

const migrations: Migration<QueueSchema>[] = [
	(db) => {
		db.createObjectStore('jobs', { keyPath: 'mediaId' }).createIndex('by-status', 'status');
		db.createObjectStore('meta');
	}
];
const spec = { name: QUEUE_DB, migrations };
const db = () => openStore(spec);

type Listener = () => void;
const listeners = new Set<Listener>();
let channel: BroadcastChannel | null = null;
function getChannel() {
	if (channel || typeof BroadcastChannel === 'undefined') return channel;
	channel = new BroadcastChannel('loupe-face-queue');
	channel.onmessage = () => listeners.forEach((l) => l());
	(channel as unknown as { unref?: () => void }).unref?.();
	return channel;
}
function changed() {
	listeners.forEach((l) => l());
	getChannel()?.postMessage('changed');
}
/** Calls `cb` after any queue change in this or another tab. */
export function onQueueChange(cb: Listener): () => void {
	getChannel();
	listeners.add(cb);
	return () => listeners.delete(cb);
}

export async function getState(): Promise<QueueState> {
	return (await (await db()).get('meta', 'state')) ?? { paused: false, rate: NO_RATE };
}

async function putState(patch: Partial<QueueState>) {
	const d = await db();
	const tx = d.transaction('meta', 'readwrite');
	const cur = (await tx.store.get('state')) ?? { paused: false, rate: NO_RATE };
	await tx.store.put({ ...cur, ...patch }, 'state');
	await tx.done;
	changed();
}

export const setPaused = (paused: boolean) => putState({ paused });
export const setRate = (rate: Rate) => putState({ rate });

export type JobInput = Pick<Job, 'mediaId' | 'name' | 'kind' | 'units'>;

/**
 * Adds items to the end of the queue. Items already waiting or running are left where they are;
 * finished ones are queued again. Returns how many were added.
 */
export async function enqueue(items: JobInput[], opts: { force?: boolean } = {}): Promise<number> {
	const d = await db();
	const tx = d.transaction('jobs', 'readwrite');
	// keyPath is mediaId, so find the highest seq by scanning (queues hold thousands at most).
	let seq = 0;
	for (const j of await tx.store.getAll()) seq = Math.max(seq, j.seq);
	let added = 0;
	const now = Date.now();
	for (const it of items) {
		const cur = await tx.store.get(it.mediaId);
		if (cur && (cur.status === 'pending' || cur.status === 'running')) continue;
		await tx.store.put({ ...it, seq: ++seq, status: 'pending', force: !!opts.force, enqueuedAt: now });
		added++;
	}
	await tx.done;
	if (added) changed();
	return added;
}

export async function getJob(mediaId: string): Promise<Job | undefined> {
	return (await db()).get('jobs', mediaId);
}

export async function listJobs(): Promise<Job[]> {
	return (await (await db()).getAll('jobs')).sort((a, b) => a.seq - b.seq);
}

/** The oldest waiting job. */
export async function nextPending(): Promise<Job | undefined> {
	const pending = await (await db()).getAllFromIndex('jobs', 'by-status', 'pending');
	return pending.sort((a, b) => a.seq - b.seq)[0];
}

export async function updateJob(mediaId: string, patch: Partial<Job>): Promise<Job | undefined> {
	const d = await db();
	const tx = d.transaction('jobs', 'readwrite');
	const cur = await tx.store.get(mediaId);
	if (cur) await tx.store.put({ ...cur, ...patch, mediaId });
	await tx.done;
	if (cur) changed();
	return cur ? { ...cur, ...patch } : undefined;
}

export async function removeJob(mediaId: string): Promise<void> {
	await (await db()).delete('jobs', mediaId);
	changed();
}

/** Jobs left 'running' by a tab that is gone go back to the queue. */
export async function resetStale(): Promise<number> {
	const d = await db();
	const tx = d.transaction('jobs', 'readwrite');
	const stale = await tx.store.index('by-status').getAll('running');
	for (const j of stale) await tx.store.put({ ...j, status: 'pending', progress: 0 });
	await tx.done;
	if (stale.length) changed();
	return stale.length;
}

/** Removes waiting jobs (cancel). Returns how many. */
export async function removePending(): Promise<number> {
	const d = await db();
	const tx = d.transaction('jobs', 'readwrite');
	const keys = await tx.store.index('by-status').getAllKeys('pending');
	for (const k of keys) await tx.store.delete(k);
	await tx.done;
	if (keys.length) changed();
	return keys.length;
}

/** Forgets finished jobs (done and failed) so the status starts from zero. */
export async function clearFinished(): Promise<void> {
	const d = await db();
	const tx = d.transaction('jobs', 'readwrite');
	for (const s of ['done', 'error'] as const) for (const k of await tx.store.index('by-status').getAllKeys(s)) await tx.store.delete(k);
	await tx.done;
	changed();
}

export async function snapshot(): Promise<QueueSnapshot> {
	const [jobs, state] = await Promise.all([listJobs(), getState()]);
	let pending = 0;
	let done = 0;
	let remainingUnits = 0;
	let running: Job | null = null;
	const errors: Job[] = [];
	for (const j of jobs) {
		if (j.status === 'pending') {
			pending++;
			remainingUnits += j.units;
		} else if (j.status === 'running') {
			running = j;
			remainingUnits += j.units * (1 - (j.progress ?? 0));
		} else if (j.status === 'done') done++;
		else errors.push(j);
	}
	return {
		paused: state.paused,
		pending,
		running,
		done,
		errors,
		total: jobs.length,
		remainingUnits,
		etaMs: estimateRemaining(state.rate, remainingUnits)
	};
}

/** Deletes the whole queue (turning face features off). */
export async function dropQueue(): Promise<void> {
	await dropStore(QUEUE_DB);
	changed();
}

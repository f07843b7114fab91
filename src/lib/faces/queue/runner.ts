// Works through the analysis queue one item at a time. One tab runs it (a Web Lock), any tab can
// add work, pause, resume or cancel: all of that goes through the persistent store, which the
// loop re-reads before every item. A failing item is marked with its error and the queue moves on.
import type { MediaItem } from '../../library/types';
import type { NewFace } from '../types';
import { updateRate } from './eta';
import * as store from './store';

export interface AnalyzeResult {
	faces: NewFace[];
	/** Frames sampled (videos). */
	frames?: number;
}

export interface AnalyzeContext {
	signal: AbortSignal;
	/** 0..1 within the item. */
	onProgress(fraction: number): void;
}

export interface RunnerDeps {
	analyze(item: MediaItem, ctx: AnalyzeContext): Promise<AnalyzeResult>;
	getMedia(id: string): Promise<MediaItem | undefined>;
	hasConsent(): Promise<boolean>;
	/** A reason work must wait without being dropped (e.g. Art. 18 restriction of processing), or null. */
	isBlocked?(): Promise<string | null> | string | null;
	save(mediaId: string, result: AnalyzeResult, opts: { replace: boolean }): Promise<{ faces: number }>;
	saveError(mediaId: string, message: string): Promise<void>;
	/** Whether the item already has results (skipped unless the job is forced). */
	isAnalyzed(mediaId: string): Promise<boolean>;
}

const LOCK = 'loupe-face-queue-runner';

export function errorMessage(e: unknown): string {
	if (e instanceof Error) return e.message || e.name;
	return String(e);
}

export class QueueRunner {
	private running: Promise<void> | null = null;
	private current: { mediaId: string; abort: AbortController; reason?: 'pause' | 'cancel' } | null = null;
	private unsub: () => void;

	constructor(private deps: RunnerDeps) {
		// Another tab may pause/cancel: the store changes, and the item in flight here must stop.
		this.unsub = store.onQueueChange(() => void this.checkExternalStop());
	}

	dispose() {
		this.unsub();
		this.current?.abort.abort();
	}

	/** Starts the loop if it is not running (idempotent). Resolves when the queue is idle or paused. */
	start(): Promise<void> {
		if (this.running) return this.running;
		const locks = (globalThis as { navigator?: Navigator }).navigator?.locks;
		const loop = () => this.loop();
		this.running = (locks ? locks.request(LOCK, loop) : loop()).finally(() => {
			this.running = null;
		}) as Promise<void>;
		return this.running;
	}

	async pause() {
		await store.setPaused(true);
		this.stopCurrent('pause');
	}

	async resume() {
		await store.setPaused(false);
		return this.start();
	}

	/** Stops the item in flight and drops everything waiting. */
	async cancel() {
		const n = await store.removePending();
		this.stopCurrent('cancel');
		await store.setPaused(false);
		return n;
	}

	/** Removes one waiting item, or stops it if it is the one being analysed. */
	async cancelItem(mediaId: string) {
		if (this.current?.mediaId === mediaId) this.stopCurrent('cancel');
		const j = await store.getJob(mediaId);
		if (j && (j.status === 'pending' || j.status === 'running')) await store.removeJob(mediaId);
	}

	private stopCurrent(reason: 'pause' | 'cancel') {
		if (!this.current) return;
		this.current.reason = reason;
		this.current.abort.abort(new DOMException(reason === 'pause' ? 'Paused' : 'Cancelled', 'AbortError'));
	}

	private async checkExternalStop() {
		const c = this.current;
		if (!c || c.abort.signal.aborted) return;
		const [state, job] = await Promise.all([store.getState(), store.getJob(c.mediaId)]);
		if (this.current !== c) return;
		if (!job) this.stopCurrent('cancel');
		else if (state.paused) this.stopCurrent('pause');
	}

	private async loop() {
		await store.resetStale();
		for (;;) {
			if ((await store.getState()).paused) return;
			if (await this.deps.isBlocked?.()) return;
			const job = await store.nextPending();
			if (!job) return;
			if (!(await this.deps.hasConsent())) {
				// Consent was withdrawn while work was queued: nothing may run.
				await store.removePending();
				return;
			}
			await this.runJob(job);
		}
	}

	private async runJob(job: store.Job) {
		const abort = new AbortController();
		const cur = { mediaId: job.mediaId, abort } as NonNullable<QueueRunner['current']>;
		this.current = cur;
		const t0 = Date.now();
		await store.updateJob(job.mediaId, { status: 'running', startedAt: t0, progress: 0, error: undefined });
		try {
			const item = await this.deps.getMedia(job.mediaId);
			if (!item || item.deletedAt != null) throw new Error('This item is no longer in the library.');
			if (!job.force && (await this.deps.isAnalyzed(job.mediaId))) {
				await store.updateJob(job.mediaId, { status: 'done', finishedAt: Date.now(), progress: 1 });
				return;
			}
			let lastWrite = 0;
			const result = await this.deps.analyze(item, {
				signal: abort.signal,
				onProgress: (p) => {
					// Throttle writes: progress is for people, a few updates a second is plenty.
					const now = Date.now();
					if (now - lastWrite < 250 || abort.signal.aborted) return;
					lastWrite = now;
					void store.updateJob(job.mediaId, { progress: Math.max(0, Math.min(1, p)) });
				}
			});
			abort.signal.throwIfAborted();
			// Re-check after the (possibly long) analysis: a result computed across a withdrawal is
			// dropped; across a restriction it is redone later.
			if (!(await this.deps.hasConsent())) {
				cur.reason = 'cancel';
				throw new DOMException('Consent withdrawn', 'AbortError');
			}
			if (await this.deps.isBlocked?.()) {
				cur.reason = 'pause';
				throw new DOMException('Processing restricted', 'AbortError');
			}
			const saved = await this.deps.save(job.mediaId, result, { replace: true });
			await store.updateJob(job.mediaId, { status: 'done', finishedAt: Date.now(), progress: 1, faces: saved.faces });
			const state = await store.getState();
			await store.setRate(updateRate(state.rate, job.units, Date.now() - t0));
		} catch (e) {
			if (abort.signal.aborted || (e as Error)?.name === 'AbortError') {
				if (cur.reason === 'pause') await store.updateJob(job.mediaId, { status: 'pending', progress: 0 });
				else await store.removeJob(job.mediaId);
			} else {
				const message = errorMessage(e);
				await store.updateJob(job.mediaId, { status: 'error', finishedAt: Date.now(), error: message });
				await this.deps.saveError(job.mediaId, message).catch(() => {});
			}
		} finally {
			if (this.current === cur) this.current = null;
		}
	}
}

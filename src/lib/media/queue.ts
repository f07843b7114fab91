// The export queue: jobs run one after another (encoders already use every core), each with
// progress, time left and cancel. UI-agnostic: the page subscribes; runners do the work.
import { EtaEstimator } from './eta';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'canceled';

export interface QueueEntry<R> {
	id: string;
	label: string;
	status: JobStatus;
	progress: number;
	etaS: number | null;
	startedAt: number | null;
	elapsedMs: number | null;
	result: R | null;
	error: string | null;
	/** Free-form details (engine, reasons) shown in the details panel. */
	details: Record<string, unknown>;
}

export interface RunContext {
	signal: AbortSignal;
	progress(p: number): void;
	/** Merge into the entry's details (e.g. the engine actually used). */
	detail(d: Record<string, unknown>): void;
}

export type Runner<R> = (ctx: RunContext) => Promise<R>;

export class CanceledError extends Error {
	constructor() {
		super('Canceled');
		this.name = 'CanceledError';
	}
}

export class ExportQueue<R> {
	readonly entries: QueueEntry<R>[] = [];
	private runners = new Map<string, Runner<R>>();
	private controllers = new Map<string, AbortController>();
	private listeners = new Set<() => void>();
	private running = false;
	private seq = 0;

	constructor(
		private readonly now: () => number = () => Date.now(),
		private readonly explain: (e: unknown) => string = (e) => (e instanceof Error ? e.message : String(e))
	) {}

	subscribe(fn: () => void): () => void {
		this.listeners.add(fn);
		return () => this.listeners.delete(fn);
	}

	private emit(): void {
		for (const fn of this.listeners) fn();
	}

	add(label: string, run: Runner<R>, details: Record<string, unknown> = {}): string {
		const id = `job-${++this.seq}-${this.now().toString(36)}`;
		this.entries.push({ id, label, status: 'queued', progress: 0, etaS: null, startedAt: null, elapsedMs: null, result: null, error: null, details });
		this.runners.set(id, run);
		this.emit();
		void this.pump();
		return id;
	}

	cancel(id: string): void {
		const e = this.entries.find((x) => x.id === id);
		if (!e) return;
		if (e.status === 'queued') {
			e.status = 'canceled';
			this.runners.delete(id);
			this.emit();
		} else if (e.status === 'running') this.controllers.get(id)?.abort();
	}

	/** Removes finished entries (keeps queued and running ones). */
	clearFinished(): void {
		for (let i = this.entries.length - 1; i >= 0; i--) if (!['queued', 'running'].includes(this.entries[i].status)) this.entries.splice(i, 1);
		this.emit();
	}

	/** Resolves when no job is queued or running. */
	idle(): Promise<void> {
		return new Promise((ok) => {
			const check = () => {
				if (!this.entries.some((e) => e.status === 'queued' || e.status === 'running')) {
					off();
					ok();
				}
			};
			const off = this.subscribe(check);
			check();
		});
	}

	private async pump(): Promise<void> {
		if (this.running) return;
		this.running = true;
		try {
			for (;;) {
				const e = this.entries.find((x) => x.status === 'queued');
				if (!e) break;
				await this.runOne(e);
			}
		} finally {
			this.running = false;
		}
	}

	private async runOne(e: QueueEntry<R>): Promise<void> {
		const run = this.runners.get(e.id)!;
		const ctl = new AbortController();
		this.controllers.set(e.id, ctl);
		e.status = 'running';
		e.startedAt = this.now();
		const eta = new EtaEstimator(e.startedAt);
		this.emit();
		try {
			const result = await run({
				signal: ctl.signal,
				progress: (p) => {
					if (e.status !== 'running') return;
					e.progress = Math.min(1, Math.max(e.progress, p));
					e.etaS = eta.update(e.progress, this.now());
					this.emit();
				},
				detail: (d) => {
					Object.assign(e.details, d);
					this.emit();
				}
			});
			if (ctl.signal.aborted) throw new CanceledError();
			e.result = result;
			e.status = 'done';
			e.progress = 1;
			e.etaS = 0;
		} catch (err) {
			if (ctl.signal.aborted || err instanceof CanceledError || (err as Error)?.name === 'ConversionCanceledError') {
				e.status = 'canceled';
			} else {
				e.status = 'failed';
				e.error = this.explain(err);
				// The raw message stays available in the details panel for bug reports.
				e.details.rawError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
			}
		} finally {
			e.elapsedMs = this.now() - (e.startedAt ?? this.now());
			this.controllers.delete(e.id);
			this.runners.delete(e.id);
			this.emit();
		}
	}
}

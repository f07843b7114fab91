// Page-side entry to the media engines: one media worker (WebCodecs), ffmpeg.wasm on demand, and
// the export queue shared by every page so exports keep running while the user moves around.
import * as Comlink from 'comlink';
import type { MediaWorkerApi } from '../../workers/media.worker';
import { chooseEngine, type EnginePreference } from './engine';
import { exportFfmpeg, thumbnailsFfmpeg } from './ffmpegEngine';
import { checkCapacity, explainError } from './limits';
import { estimateOutputBytes, outputName } from './presets';
import { ExportQueue } from './queue';
import { totalDuration } from './timeline';
import type { Capabilities, EngineId, ExportJob, SourceInfo } from './types';

let worker: Comlink.Remote<MediaWorkerApi> | null = null;

export function mediaWorker(): Comlink.Remote<MediaWorkerApi> {
	if (!worker) {
		const w = new Worker(new URL('../../workers/media.worker.ts', import.meta.url), { type: 'module', name: 'loupe-media' });
		worker = Comlink.wrap<MediaWorkerApi>(w);
	}
	return worker;
}

let capsPromise: Promise<Capabilities> | null = null;
export function getCapabilities(): Promise<Capabilities> {
	capsPromise ??= mediaWorker()
		.capabilities()
		.then((c) => ({ ...c, crossOriginIsolated: globalThis.crossOriginIsolated === true }));
	return capsPromise;
}

export interface ExportResult {
	file: File;
	name: string;
	engine: EngineId;
	/** Seconds of wall time for the export itself (bench and details panel). */
	seconds: number;
}

export const exportQueue = new ExportQueue<ExportResult>(Date.now, explainError);

export interface ExportRequest {
	blob: Blob;
	source: SourceInfo;
	sourceName: string;
	job: ExportJob;
	engine?: EnginePreference;
	/** Replacement soundtrack when job.replaceAudio is set. */
	audioBlob?: Blob | null;
	nameSuffix?: string;
}

/** Picks the engine, checks the device can do it, and queues the export. Throws with a reason if not. */
export async function enqueueExport(req: ExportRequest): Promise<string> {
	const caps = await getCapabilities();
	const choice = chooseEngine(req.job, req.source, caps, req.engine ?? 'auto');
	const estimate = estimateOutputBytes(choice.job, totalDuration(choice.job.ranges));
	const verdict = checkCapacity(choice.engine, estimate, { storageFree: await mediaWorker().storageFree() });
	if (!verdict.ok) throw new Error(verdict.message!);
	const name = outputName(req.sourceName, choice.job, req.nameSuffix);
	const opfsName = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${name}`;
	return exportQueue.add(
		`${choice.job.label} — ${name}`,
		async (ctx) => {
			const t0 = performance.now();
			let file: File;
			if (choice.engine === 'webcodecs') {
				const w = mediaWorker();
				const id = opfsName;
				const onAbort = () => void w.cancel(id);
				ctx.signal.addEventListener('abort', onAbort);
				try {
					let gainDb = 0;
					if (choice.job.audio?.normalize) {
						const l = await w.measureLoudness(id, req.blob, choice.job.ranges);
						gainDb = l.gainDb;
						ctx.detail({ loudness: Number.isFinite(l.lufs) ? `${l.lufs.toFixed(1)} LUFS → gain ${gainDb.toFixed(1)} dB` : 'silent' });
					}
					if (ctx.signal.aborted) throw new DOMException('Canceled', 'AbortError');
					const f = await w.exportWebcodecs(id, req.blob, choice.job, opfsName, gainDb, Comlink.proxy((p: number) => ctx.progress(p)));
					file = new File([f], name, { type: choice.job.mime });
				} finally {
					ctx.signal.removeEventListener('abort', onAbort);
				}
			} else {
				file = await exportFfmpeg(req.blob, choice.job, name, {
					mt: choice.engine === 'ffmpeg-mt',
					signal: ctx.signal,
					onProgress: (p) => ctx.progress(p),
					audioBlob: req.audioBlob
				});
			}
			const seconds = (performance.now() - t0) / 1000;
			ctx.detail({ seconds: Number(seconds.toFixed(3)), outputBytes: file.size });
			return { file, name, engine: choice.engine, seconds };
		},
		{ engine: choice.engine, reasons: choice.reasons, job: choice.job }
	);
}

/** Thumbnail set through the chosen engine (WebCodecs normally; ffmpeg for comparison). */
export async function thumbnailSet(blob: Blob, start: number, end: number, count: number, width: number, engine: 'webcodecs' | EngineId = 'webcodecs'): Promise<Blob[]> {
	if (engine === 'webcodecs') {
		const step = (end - start) / count;
		const times = Array.from({ length: count }, (_, i) => start + step * i);
		return (await mediaWorker().thumbnails(blob, times, width)).filter((b): b is Blob => !!b);
	}
	return thumbnailsFfmpeg(blob, start, end, count, width, { mt: engine === 'ffmpeg-mt' });
}

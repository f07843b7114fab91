// The ffmpeg.wasm engine. @ffmpeg/ffmpeg runs the core in its own worker; the input file is
// mounted with WORKERFS (read on demand, never copied into WASM memory). The multi-threaded core
// is used when the page is cross-origin isolated. Cancel terminates the worker.
import { FFmpeg } from '@ffmpeg/ffmpeg';
import coreMtURL from '@ffmpeg/core-mt?url&no-inline';
import wasmMtURL from '@ffmpeg/core-mt/wasm?url&no-inline';
import workerMtURL from '@ffmpeg/core-mt/worker?url&no-inline';
import coreStURL from '@ffmpeg/core?url&no-inline';
import wasmStURL from '@ffmpeg/core/wasm?url&no-inline';
import { buildFfmpegArgs, buildThumbnailArgs, parseFfmpegTime } from './ffmpegArgs';
import { retimeCaptions, toSrt } from './captions';
import { totalDuration } from './timeline';
import type { ExportJob } from './types';

const abs = (u: string) => new URL(u, location.href).href;

/**
 * The multi-threaded core crashes ("function signature mismatch" in a thread) when ffmpeg picks
 * its own thread count; an explicit small count works.
 */
const threadsFor = (mt: boolean) => (mt ? Math.max(2, Math.min(4, navigator.hardwareConcurrency || 2)) : undefined);

let instance: { ff: FFmpeg; mt: boolean } | null = null;
let lastLog: string[] = [];

async function getFfmpeg(mt: boolean): Promise<FFmpeg> {
	if (instance && instance.mt === mt) return instance.ff;
	instance?.ff.terminate();
	const ff = new FFmpeg();
	ff.on('log', ({ message }) => {
		lastLog.push(message);
		if (lastLog.length > 60) lastLog.shift();
	});
	if (mt) await ff.load({ coreURL: abs(coreMtURL), wasmURL: abs(wasmMtURL), workerURL: abs(workerMtURL) });
	else await ff.load({ coreURL: abs(coreStURL), wasmURL: abs(wasmStURL) });
	instance = { ff, mt };
	return ff;
}

/** Stops whatever ffmpeg is doing: the worker is killed and reloaded on next use. */
export function terminateFfmpeg(): void {
	instance?.ff.terminate();
	instance = null;
}

function nameFor(blob: Blob, fallback: string): string {
	const n = (blob as File).name;
	return n && /^[\w.\- ]+$/.test(n) ? n : fallback;
}

export interface FfmpegRun {
	mt: boolean;
	signal?: AbortSignal;
	onProgress?: (p: number) => void;
	audioBlob?: Blob | null;
}

async function withMount<T>(ff: FFmpeg, files: File[], fn: (dir: string) => Promise<T>): Promise<T> {
	const dir = `/in${Math.random().toString(36).slice(2, 8)}`;
	await ff.createDir(dir);
	await ff.mount('WORKERFS' as never, { files }, dir);
	try {
		return await fn(dir);
	} finally {
		await ff.unmount(dir).catch(() => {});
		await ff.deleteDir(dir).catch(() => {});
	}
}

async function exec(ff: FFmpeg, args: string[], total: number, run: FfmpegRun): Promise<void> {
	const onLog = ({ message }: { message: string }) => {
		const t = parseFfmpegTime(message);
		if (t !== null && total > 0) run.onProgress?.(Math.min(0.99, t / total));
	};
	ff.on('log', onLog);
	const abort = () => terminateFfmpeg();
	run.signal?.addEventListener('abort', abort);
	lastLog = [];
	try {
		const code = await ff.exec(args);
		if (run.signal?.aborted) throw new DOMException('Canceled', 'AbortError');
		if (code !== 0) {
			const tail = lastLog.filter((l) => /error|invalid|unsupported|not found|failed/i.test(l)).slice(-3).join(' | ');
			throw new Error(`ffmpeg failed (exit ${code})${tail ? ': ' + tail : ''}`);
		}
	} catch (e) {
		if (run.signal?.aborted) throw new DOMException('Canceled', 'AbortError');
		throw e;
	} finally {
		ff.off('log', onLog);
		run.signal?.removeEventListener('abort', abort);
	}
}

export async function exportFfmpeg(blob: Blob, job: ExportJob, outName: string, run: FfmpegRun): Promise<File> {
	const ff = await getFfmpeg(run.mt);
	const input = new File([blob], nameFor(blob, 'input.' + (blob.type.split('/')[1] || 'bin')));
	const files = [input];
	let audioIn: File | undefined;
	if (job.replaceAudio && run.audioBlob) {
		audioIn = new File([run.audioBlob], 'replacement-' + nameFor(run.audioBlob, 'audio.bin'));
		files.push(audioIn);
	}
	const out = `/out-${Date.now()}.${job.ext}`;
	return withMount(ff, files, async (base) => {
		let subtitleInput: string | undefined;
		if (job.captions?.mode === 'soft') {
			subtitleInput = '/subs.srt';
			await ff.writeFile(subtitleInput, toSrt(retimeCaptions(job.captions.cues, job.ranges)));
		}
		const args = buildFfmpegArgs(job, {
			input: `${base}/${input.name}`,
			output: out,
			audioInput: audioIn ? `${base}/${audioIn.name}` : undefined,
			subtitleInput,
			x264Preset: 'veryfast',
			threads: threadsFor(run.mt)
		});
		try {
			await exec(ff, args, totalDuration(job.ranges), run);
			const data = (await ff.readFile(out)) as Uint8Array;
			return new File([data as BlobPart], outName, { type: job.mime });
		} finally {
			if (instance?.ff === ff) {
				await ff.deleteFile(out).catch(() => {});
				if (subtitleInput) await ff.deleteFile(subtitleInput).catch(() => {});
			}
		}
	});
}

/** Thumbnail set with ffmpeg (the fallback and the bench's comparison). */
export async function thumbnailsFfmpeg(blob: Blob, start: number, end: number, count: number, width: number, run: FfmpegRun): Promise<Blob[]> {
	const ff = await getFfmpeg(run.mt);
	const input = new File([blob], nameFor(blob, 'input.mp4'));
	return withMount(ff, [input], async (dir) => {
		const tag = Date.now().toString(36);
		await exec(ff, buildThumbnailArgs(`${dir}/${input.name}`, `/th-${tag}-%03d.jpg`, start, end, count, width, threadsFor(run.mt)), end - start, run);
		const out: Blob[] = [];
		for (let i = 1; i <= count; i++) {
			const p = `/th-${tag}-${String(i).padStart(3, '0')}.jpg`;
			try {
				out.push(new Blob([(await ff.readFile(p)) as BlobPart], { type: 'image/jpeg' }));
				await ff.deleteFile(p);
			} catch {
				break;
			}
		}
		return out;
	});
}

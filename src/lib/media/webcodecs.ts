// The WebCodecs engine (mediabunny), run inside the media worker: probe, export with a moving
// crop / burnt-in captions / cuts / loudness gain, thumbnails, waveform, shot detection, stills.
// Input is read through BlobSource (streamed, never copied whole); output streams to OPFS.
import {
	ALL_FORMATS,
	AudioSample,
	AudioSampleSink,
	BlobSource,
	CanvasSink,
	Conversion,
	EncodedPacketSink,
	Input,
	Mp3OutputFormat,
	Mp4OutputFormat,
	Output,
	StreamTarget,
	TextSubtitleSource,
	VideoSample,
	WavOutputFormat,
	WebMOutputFormat,
	canEncodeAudio,
	canEncodeVideo,
	type OutputFormat
} from 'mediabunny';
import { registerAacEncoder } from '@mediabunny/aac-encoder';
import { registerMp3Encoder } from '@mediabunny/mp3-encoder';
import { cueAt, retimeCaptions, toVtt, wrapText } from './captions';
import { LoudnessMeter, normalizationGainDb } from './loudness';
import { cropAt } from './reframe';
import { detectCuts, frameDifference, lumaFromRgba, shotsFromCuts, type DiffSample } from './scenes';
import { sourceToOutput } from './timeline';
import { PeakAccumulator } from './waveform';
import { createExportFile, removeExportFile } from './opfsExports';
import type { AudioCodecId, Capabilities, Caption, ExportJob, SourceInfo, TimeRange, VideoCodecId } from './types';

let extensionsRegistered: Promise<void> | null = null;
/** Chromium's WebCodecs has no AAC (or MP3) encoder: mediabunny's WASM encoders fill in. */
function ensureExtensions(): Promise<void> {
	extensionsRegistered ??= (async () => {
		if (!(await canEncodeAudio('aac'))) registerAacEncoder();
		if (!(await canEncodeAudio('mp3'))) registerMp3Encoder();
	})();
	return extensionsRegistered;
}

export async function capabilities(): Promise<Capabilities> {
	await ensureExtensions();
	const videoEncode: VideoCodecId[] = [];
	for (const c of ['avc', 'vp9', 'vp8'] as const) if (await canEncodeVideo(c, { width: 1920, height: 1080 }).catch(() => false)) videoEncode.push(c);
	const audioEncode: AudioCodecId[] = [];
	for (const c of ['aac', 'opus', 'mp3', 'pcm-s16'] as const) if (await canEncodeAudio(c).catch(() => false)) audioEncode.push(c);
	return {
		videoEncode,
		videoDecode: [],
		audioEncode,
		audioDecode: [],
		crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
		offscreenCanvas: typeof OffscreenCanvas !== 'undefined'
	};
}

function openInput(blob: Blob): Input {
	return new Input({ source: new BlobSource(blob, { maxCacheSize: 32 * 1024 * 1024 }), formats: ALL_FORMATS });
}

export class MediaReadError extends Error {}

/** Reads what the file is. Throws MediaReadError with a user-facing message for unreadable files. */
export async function probe(blob: Blob): Promise<SourceInfo> {
	const input = openInput(blob);
	try {
		let format;
		try {
			format = await input.getFormat();
		} catch {
			throw new MediaReadError('This file is not a video or audio format the browser can read (or it is corrupt).');
		}
		const v = await input.getPrimaryVideoTrack();
		const a = await input.getPrimaryAudioTrack();
		if (!v && !a) throw new MediaReadError('No readable video or audio track in this file: it may be truncated or damaged, or it is not a media file.');
		let duration = 0;
		try {
			duration = await input.computeDuration();
		} catch {
			throw new MediaReadError('This file is truncated or damaged: its length cannot be read.');
		}
		let fps = 0;
		let vfr = false;
		if (v) {
			// Frame timing from the first packets: phones record variable frame rate.
			const sink = new EncodedPacketSink(v);
			const ts: number[] = [];
			for await (const p of sink.packets(undefined, undefined, { metadataOnly: true })) {
				ts.push(p.timestamp);
				if (ts.length >= 240) break;
			}
			ts.sort((x, y) => x - y);
			const d = ts.slice(1).map((t, i) => t - ts[i]).filter((x) => x > 0);
			if (d.length) {
				const mean = d.reduce((s, x) => s + x, 0) / d.length;
				fps = mean > 0 ? 1 / mean : 0;
				const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / d.length);
				vfr = d.length > 10 && sd / mean > 0.05;
			}
		}
		return {
			duration,
			size: blob.size,
			container: format.name,
			hasVideo: !!v,
			hasAudio: !!a,
			width: v ? v.displayWidth : 0,
			height: v ? v.displayHeight : 0,
			fps: Math.round(fps * 1000) / 1000,
			vfr,
			rotation: (v ? v.rotation : 0) as SourceInfo['rotation'],
			videoCodec: v ? v.codec : null,
			audioCodec: a ? a.codec : null,
			audioChannels: a ? a.numberOfChannels : 0,
			audioSampleRate: a ? a.sampleRate : 0,
			canDecodeVideo: v ? await v.canDecode() : null,
			canDecodeAudio: a ? await a.canDecode() : null
		};
	} finally {
		input.dispose();
	}
}

/** Integrated loudness over the kept ranges, and the gain to the platform target. */
export async function measureLoudness(blob: Blob, ranges: TimeRange[], signal?: AbortSignal): Promise<{ lufs: number; peak: number; gainDb: number }> {
	const input = openInput(blob);
	try {
		const a = await input.getPrimaryAudioTrack();
		if (!a) return { lufs: -Infinity, peak: 0, gainDb: 0 };
		const meter = new LoudnessMeter(a.sampleRate, Math.min(2, a.numberOfChannels));
		const sink = new AudioSampleSink(a);
		for (const r of ranges) {
			for await (const s of sink.samples(r.start, r.end)) {
				if (signal?.aborted) {
					s.close();
					throw new DOMException('Canceled', 'AbortError');
				}
				meter.push(planes(s, meter.channels));
				s.close();
			}
		}
		const lufs = meter.integrated();
		return { lufs, peak: meter.peak, gainDb: normalizationGainDb(lufs, meter.peak) };
	} finally {
		input.dispose();
	}
}

function planes(s: AudioSample, channels: number): Float32Array[] {
	const out: Float32Array[] = [];
	for (let c = 0; c < Math.min(channels, s.numberOfChannels); c++) {
		const buf = new Float32Array(s.numberOfFrames);
		s.copyTo(buf, { planeIndex: c, format: 'f32-planar' });
		out.push(buf);
	}
	return out;
}

function outputFormat(job: ExportJob): OutputFormat {
	switch (job.container) {
		case 'mp4':
		case 'm4a':
			return new Mp4OutputFormat();
		case 'webm':
			return new WebMOutputFormat();
		case 'mp3':
			return new Mp3OutputFormat();
		case 'wav':
			return new WavOutputFormat();
		default:
			throw new Error(`The WebCodecs engine cannot write ${job.container.toUpperCase()}`);
	}
}

function drawCaption(ctx: OffscreenCanvasRenderingContext2D, cues: Caption[], t: number, w: number, h: number): void {
	const cue = cueAt(cues, t);
	if (!cue) return;
	const size = Math.round(Math.min(w, h) * 0.055);
	ctx.font = `600 ${size}px system-ui, sans-serif`;
	ctx.textAlign = 'center';
	ctx.textBaseline = 'bottom';
	const lines = wrapText(cue.text, w * 0.86, (s) => ctx.measureText(s).width);
	const lh = size * 1.25;
	let y = h - h * 0.08 - (lines.length - 1) * lh;
	ctx.lineJoin = 'round';
	ctx.lineWidth = Math.max(2, size / 7);
	ctx.strokeStyle = 'rgba(0,0,0,0.85)';
	ctx.fillStyle = '#fff';
	for (const line of lines) {
		ctx.strokeText(line, w / 2, y);
		ctx.fillText(line, w / 2, y);
		y += lh;
	}
}

export interface ExportOptions {
	outName: string;
	gainDb: number;
	onProgress: (p: number) => void;
	/** Registers the running conversion so a cancel can reach it. */
	register: (cancel: () => Promise<void>) => void;
}

export async function exportWebcodecs(blob: Blob, job: ExportJob, o: ExportOptions): Promise<File> {
	await ensureExtensions();
	const input = openInput(blob);
	const { handle, writable } = await createExportFile(o.outName);
	let ok = false;
	try {
		const ranges = job.ranges;
		const trimStart = ranges[0].start;
		const trimEnd = ranges[ranges.length - 1].end;
		const total = ranges.reduce((s, r) => s + r.end - r.start, 0);
		const cut = ranges.length > 1;
		// Process callbacks see timestamps relative to the trim start; map them onto the edited timeline.
		const mapT = (t: number) => (cut ? sourceToOutput(t + trimStart, ranges) : t);
		const burn = job.captions?.mode === 'burn' ? retimeCaptions(job.captions.cues, ranges) : null;
		const soft = job.captions?.mode === 'soft' ? retimeCaptions(job.captions.cues, ranges) : null;
		const output = new Output({ format: outputFormat(job), target: new StreamTarget(writable as unknown as WritableStream, { chunked: true }) });

		const v = job.video;
		let video: Parameters<typeof Conversion.init>[0]['video'] = { discard: true };
		if (v) {
			const path = v.cropPath;
			const needsCanvas = !!path || !!burn;
			const canvas = needsCanvas ? new OffscreenCanvas(v.width, v.height) : null;
			const ctx = canvas?.getContext('2d') ?? null;
			video = {
				codec: v.codec as 'avc' | 'vp9' | 'vp8',
				bitrate: v.bitrate ?? undefined,
				frameRate: v.fps ?? undefined,
				forceTranscode: true,
				keyFrameInterval: 2,
				// A moving crop needs the full frame in `process`; otherwise mediabunny crops and scales.
				...(path ? {} : { width: v.width, height: v.height, fit: v.crop ? 'fill' : v.fit, crop: v.crop ? { left: v.crop.x, top: v.crop.y, width: v.crop.w, height: v.crop.h } : undefined }),
				...(needsCanvas || cut
					? {
							processedWidth: v.width,
							processedHeight: v.height,
							process: (sample: VideoSample) => {
								const t = mapT(sample.timestamp);
								if (t === null) return null;
								if (!ctx || !canvas) {
									const c = sample.clone();
									c.setTimestamp(t);
									return c;
								}
								if (path) {
									const { x, y } = cropAt(path, sample.timestamp + trimStart);
									ctx.fillStyle = '#000';
									ctx.fillRect(0, 0, v.width, v.height);
									sample.draw(ctx, x, y, path.w, path.h, 0, 0, v.width, v.height);
								} else sample.draw(ctx, 0, 0, v.width, v.height);
								if (burn) drawCaption(ctx, burn, t, v.width, v.height);
								return new VideoSample(canvas, { timestamp: t, duration: sample.duration });
							}
						}
					: {})
			};
		}

		const a = job.audio;
		let audio: Parameters<typeof Conversion.init>[0]['audio'] = { discard: true };
		if (a) {
			const gain = Math.pow(10, o.gainDb / 20);
			audio = {
				codec: a.codec,
				bitrate: a.bitrate ?? undefined,
				sampleRate: a.sampleRate,
				numberOfChannels: a.channels,
				forceTranscode: true,
				...(cut || o.gainDb !== 0
					? {
							process: (s: AudioSample) => {
								const t = mapT(s.timestamp);
								if (t === null) return null;
								if (o.gainDb === 0) {
									const c = s.clone();
									c.setTimestamp(t);
									return c;
								}
								const n = s.numberOfFrames;
								const data = new Float32Array(n * s.numberOfChannels);
								for (let c = 0; c < s.numberOfChannels; c++) {
									const plane = data.subarray(c * n, (c + 1) * n);
									s.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
									for (let i = 0; i < n; i++) plane[i] = Math.max(-1, Math.min(1, plane[i] * gain));
								}
								return new AudioSample({ data, format: 'f32-planar', numberOfChannels: s.numberOfChannels, sampleRate: s.sampleRate, timestamp: t });
							}
						}
					: {})
			};
		}

		let subs: TextSubtitleSource | null = null;
		if (soft && soft.length && (job.container === 'mp4' || job.container === 'webm')) {
			subs = new TextSubtitleSource('webvtt');
			output.addSubtitleTrack(subs, { languageCode: 'und' });
		}
		const conversion = await Conversion.init({
			input,
			output,
			trim: { start: trimStart, end: trimEnd },
			video,
			audio,
			tags: {},
			showWarnings: false,
			composable: !!subs
		});
		if (!conversion.isValid) {
			const why = conversion.discardedTracks.map((d) => `${d.track.type}: ${d.reason}`).join(', ');
			throw new Error(`Cannot convert this file with WebCodecs (${why || 'no usable tracks'})`);
		}
		o.register(() => conversion.cancel());
		conversion.onProgress = (_p, processed) => o.onProgress(Math.min(1, (mapT(processed) ?? processed) / Math.max(0.001, total)));
		if (subs) {
			await output.start();
			await subs.add(toVtt(soft!));
			subs.close();
			await conversion.execute();
			await output.finalize();
		} else await conversion.execute();
		ok = true;
		return await handle.getFile();
	} finally {
		input.dispose();
		if (!ok) {
			try {
				await writable.abort();
			} catch {
				/* already closed */
			}
			await removeExportFile(o.outName);
		}
	}
}

/** JPEG thumbnails at the given times, `width` wide. Null where no frame exists. */
export async function thumbnails(blob: Blob, times: number[], width: number, type = 'image/jpeg'): Promise<(Blob | null)[]> {
	const input = openInput(blob);
	try {
		const v = await input.getPrimaryVideoTrack();
		if (!v) return times.map(() => null);
		const sink = new CanvasSink(v, { width, poolSize: 0 });
		const out: (Blob | null)[] = [];
		for await (const w of sink.canvasesAtTimestamps([...times])) {
			out.push(w ? await (w.canvas as OffscreenCanvas).convertToBlob({ type, quality: 0.8 }) : null);
		}
		return out;
	} finally {
		input.dispose();
	}
}

/** A full-resolution still (poster frame) at time t. */
export async function still(blob: Blob, t: number, type = 'image/png'): Promise<Blob> {
	const [b] = await thumbnails(blob, [t], 0 || (await probe(blob)).width, type);
	if (!b) throw new Error('No frame at that time');
	return b;
}

export async function waveform(blob: Blob, buckets: number): Promise<Float32Array | null> {
	const input = openInput(blob);
	try {
		const a = await input.getPrimaryAudioTrack();
		if (!a) return null;
		const duration = await input.computeDuration();
		const acc = new PeakAccumulator(buckets, duration);
		for await (const s of new AudioSampleSink(a).samples()) {
			const [p] = planes(s, 1);
			if (p) acc.push(p, s.timestamp, s.sampleRate);
			s.close();
		}
		return acc.result();
	} finally {
		input.dispose();
	}
}

export interface ShotList {
	shots: TimeRange[];
	signal: DiffSample[];
}

/** Shot boundaries from small-frame luma differences, sampled at up to 6 frames per second. */
export async function detectShots(blob: Blob, onProgress?: (p: number) => void): Promise<ShotList> {
	const input = openInput(blob);
	try {
		const v = await input.getPrimaryVideoTrack();
		if (!v) return { shots: [], signal: [] };
		const duration = await input.computeDuration();
		const step = Math.max(1 / 6, duration / 4000);
		const times: number[] = [];
		for (let t = 0; t < duration; t += step) times.push(t);
		const sink = new CanvasSink(v, { width: 64, height: 36, fit: 'fill', poolSize: 2 });
		const signal: DiffSample[] = [];
		let prev: Uint8Array | null = null;
		let i = 0;
		for await (const w of sink.canvasesAtTimestamps(times)) {
			const t = times[i++];
			if (!w) continue;
			const c = w.canvas as OffscreenCanvas;
			const luma = lumaFromRgba(c.getContext('2d')!.getImageData(0, 0, 64, 36).data);
			if (prev) signal.push({ t, d: frameDifference(prev, luma) });
			prev = luma;
			if (i % 30 === 0) onProgress?.(i / times.length);
		}
		return { shots: shotsFromCuts(detectCuts(signal, { minShotS: 0.6 }), duration), signal };
	} finally {
		input.dispose();
	}
}

// An ExportJob as ffmpeg command-line arguments. The same builder drives ffmpeg.wasm in the
// browser and native ffmpeg in the bench, so both do exactly the same work.
import { cropExpr } from './reframe';
import type { ExportJob } from './types';

export interface FfmpegIo {
	input: string;
	output: string;
	/** Second input that replaces the soundtrack. */
	audioInput?: string;
	/** SRT file for a soft subtitle track. */
	subtitleInput?: string;
	/** Encoder speed: ffmpeg.wasm has no hardware help, so it trades size for speed. */
	x264Preset?: string;
	threads?: number;
}

function videoChain(job: ExportJob, offset: number): string[] {
	const v = job.video!;
	const f: string[] = [];
	if (v.cropPath) {
		const p = v.cropPath;
		f.push(`crop=${p.w}:${p.h}:'${cropExpr(p, 'x', offset)}':'${cropExpr(p, 'y', offset)}'`);
	} else if (v.crop) f.push(`crop=${v.crop.w}:${v.crop.h}:${v.crop.x}:${v.crop.y}`);
	if (v.fit === 'cover') f.push(`scale=${v.width}:${v.height}:force_original_aspect_ratio=increase`, `crop=${v.width}:${v.height}`);
	else f.push(`scale=${v.width}:${v.height}:force_original_aspect_ratio=decrease`, `pad=${v.width}:${v.height}:(ow-iw)/2:(oh-ih)/2`);
	if (v.fps) f.push(`fps=${v.fps}`);
	f.push('setsar=1');
	return f;
}

export function buildFfmpegArgs(job: ExportJob, io: FfmpegIo): string[] {
	const args: string[] = ['-hide_banner', '-nostdin', '-y'];
	const single = job.ranges.length === 1;
	const first = job.ranges[0];
	const last = job.ranges[job.ranges.length - 1];
	// Seek the input before decoding (fast), then cut precisely with trim filters.
	const seek = Math.max(0, first.start);
	if (single) args.push('-ss', seek.toFixed(3), '-to', last.end.toFixed(3));
	args.push('-i', io.input);
	if (io.audioInput) args.push('-i', io.audioInput);
	if (io.subtitleInput) args.push('-i', io.subtitleInput);

	const v = job.video;
	const a = job.audio;
	const audioFrom = io.audioInput ? '1:a' : '0:a';
	const filters: string[] = [];
	let vOut: string | null = null;
	let aOut: string | null = null;

	if (single) {
		if (v) {
			const chain = videoChain(job, first.start);
			if (v.codec === 'gif') {
				filters.push(`[0:v]${chain.join(',')},split[g0][g1];[g0]palettegen=stats_mode=diff[pal];[g1][pal]paletteuse=dither=bayer:bayer_scale=3[vout]`);
			} else filters.push(`[0:v]${chain.join(',')}[vout]`);
			vOut = '[vout]';
		}
		if (a) {
			const af = a.normalize ? 'loudnorm=I=-14:TP=-1:LRA=11,' : '';
			filters.push(`[${audioFrom}]${af}aresample=${a.sampleRate}[aout]`);
			aOut = '[aout]';
		}
	} else {
		// Several kept ranges: trim each, reset timestamps, concatenate.
		const parts: string[] = [];
		job.ranges.forEach((r, i) => {
			// A moving crop is applied per range, while each range still has its source-relative clock.
			const p = v?.cropPath;
			const crop = p ? `,crop=${p.w}:${p.h}:'${cropExpr(p, 'x', r.start)}':'${cropExpr(p, 'y', r.start)}'` : '';
			if (v) filters.push(`[0:v]trim=start=${r.start.toFixed(3)}:end=${r.end.toFixed(3)},setpts=PTS-STARTPTS${crop}[v${i}]`);
			if (a) filters.push(`[${audioFrom}]atrim=start=${r.start.toFixed(3)}:end=${r.end.toFixed(3)},asetpts=PTS-STARTPTS[a${i}]`);
			parts.push((v ? `[v${i}]` : '') + (a ? `[a${i}]` : ''));
		});
		filters.push(`${parts.join('')}concat=n=${job.ranges.length}:v=${v ? 1 : 0}:a=${a ? 1 : 0}${v ? '[vcat]' : ''}${a ? '[acat]' : ''}`);
		if (v) {
			const chain = videoChain({ ...job, video: { ...v, cropPath: null } }, 0);
			if (v.codec === 'gif') filters.push(`[vcat]${chain.join(',')},split[g0][g1];[g0]palettegen=stats_mode=diff[pal];[g1][pal]paletteuse=dither=bayer:bayer_scale=3[vout]`);
			else filters.push(`[vcat]${chain.join(',')}[vout]`);
			vOut = '[vout]';
		}
		if (a) {
			const af = a.normalize ? 'loudnorm=I=-14:TP=-1:LRA=11,' : '';
			filters.push(`[acat]${af}aresample=${a.sampleRate}[aout]`);
			aOut = '[aout]';
		}
	}
	if (filters.length) args.push('-filter_complex', filters.join(';'));
	if (vOut) args.push('-map', vOut);
	if (aOut) args.push('-map', aOut);
	if (io.subtitleInput) args.push('-map', `${io.audioInput ? 2 : 1}:s`);

	if (v) {
		switch (v.codec) {
			case 'avc':
				args.push('-c:v', 'libx264', '-preset', io.x264Preset ?? 'veryfast', '-pix_fmt', 'yuv420p');
				if (v.bitrate) args.push('-b:v', String(v.bitrate), '-maxrate', String(Math.round(v.bitrate * 1.5)), '-bufsize', String(v.bitrate * 2));
				break;
			case 'vp9':
				args.push('-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-row-mt', '1', '-pix_fmt', 'yuv420p');
				if (v.bitrate) args.push('-b:v', String(v.bitrate));
				break;
			case 'vp8':
				args.push('-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-pix_fmt', 'yuv420p');
				if (v.bitrate) args.push('-b:v', String(v.bitrate));
				break;
			case 'gif':
				args.push('-loop', '0');
				break;
			case 'webp':
				args.push('-c:v', 'libwebp', '-lossless', '0', '-q:v', '70', '-loop', '0');
				break;
		}
	}
	if (a) {
		switch (a.codec) {
			case 'aac':
				args.push('-c:a', 'aac');
				break;
			case 'opus':
				args.push('-c:a', 'libopus');
				break;
			case 'vorbis':
				args.push('-c:a', 'libvorbis');
				break;
			case 'mp3':
				args.push('-c:a', 'libmp3lame');
				break;
			case 'pcm-s16':
				args.push('-c:a', 'pcm_s16le');
				break;
		}
		if (a.bitrate) args.push('-b:a', String(a.bitrate));
		args.push('-ac', String(a.channels));
	} else if (!io.subtitleInput) args.push('-an');
	if (io.subtitleInput) args.push('-c:s', job.container === 'mp4' ? 'mov_text' : 'webvtt');
	if (io.audioInput) args.push('-shortest');
	if (io.threads) args.push('-threads', String(io.threads));
	if (job.container === 'mp4' || job.container === 'm4a') args.push('-movflags', '+faststart');
	args.push(io.output);
	return args;
}

/** Thumbnail set: `count` frames evenly spread over [start, end), scaled to `width`. */
export function buildThumbnailArgs(input: string, outPattern: string, start: number, end: number, count: number, width: number, threads?: number): string[] {
	const rate = count / Math.max(0.001, end - start);
	const t = threads ? ['-threads', String(threads)] : [];
	return ['-hide_banner', '-nostdin', '-y', '-ss', start.toFixed(3), '-to', end.toFixed(3), '-i', input, '-vf', `fps=${rate.toFixed(6)},scale=${width}:-2`, '-frames:v', String(count), '-q:v', '4', ...t, outPattern];
}

/** Parses ffmpeg's `time=00:00:01.23` progress lines (log fallback when no progress event fires). */
export function parseFfmpegTime(line: string): number | null {
	const m = /time=\s*(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(line);
	if (!m || m[1]) return null;
	return Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

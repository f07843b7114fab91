// Export presets → engine-neutral job descriptions. The engines (WebCodecs via mediabunny,
// ffmpeg.wasm) only ever see an ExportJob, so what a preset means is decided here, once.
import type { AudioJob, Caption, Container, CropPath, ExportJob, SourceInfo, TimeRange, VideoJob } from './types';

export type PresetId =
	| 'youtube-1080p'
	| 'vertical-1080x1920'
	| 'webm-vp9'
	| 'audio-m4a'
	| 'audio-mp3'
	| 'audio-wav'
	| 'gif'
	| 'webp'
	| 'custom';

export interface Preset {
	id: PresetId;
	label: string;
	hint: string;
	needsVideo: boolean;
}

export const PRESETS: Preset[] = [
	{ id: 'youtube-1080p', label: 'YouTube 1080p (MP4)', hint: '16:9, H.264 + AAC, up to 1920×1080', needsVideo: true },
	{ id: 'vertical-1080x1920', label: 'Shorts / Reels / TikTok', hint: '9:16, 1080×1920, H.264 + AAC', needsVideo: true },
	{ id: 'webm-vp9', label: 'WebM', hint: 'VP9 + Opus', needsVideo: true },
	{ id: 'audio-m4a', label: 'Audio (M4A)', hint: 'AAC 192 kb/s', needsVideo: false },
	{ id: 'audio-mp3', label: 'Audio (MP3)', hint: 'MP3 192 kb/s', needsVideo: false },
	{ id: 'audio-wav', label: 'Audio (WAV)', hint: 'PCM 16-bit, lossless', needsVideo: false },
	{ id: 'gif', label: 'GIF clip', hint: '480 px wide, 12 fps, no sound', needsVideo: true },
	{ id: 'webp', label: 'Animated WebP', hint: '480 px wide, 15 fps, no sound', needsVideo: true },
	{ id: 'custom', label: 'Custom…', hint: 'size, bitrate, frame rate, format', needsVideo: false }
];

export interface CustomOptions {
	container: 'mp4' | 'webm';
	width: number;
	height: number;
	fps: number | null;
	videoBitrate: number;
	audioBitrate: number;
}

export interface EditOptions {
	ranges: TimeRange[];
	mute: boolean;
	replaceAudio: boolean;
	normalize: boolean;
	reframe: boolean;
	/** Crop path from face tracks (reframe.ts); null → centre crop. */
	cropPath: CropPath | null;
	captions: { cues: Caption[]; mode: 'burn' | 'soft' } | null;
	custom?: CustomOptions;
}

const MIME: Record<Container, string> = {
	mp4: 'video/mp4',
	webm: 'video/webm',
	m4a: 'audio/mp4',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	gif: 'image/gif',
	webp: 'image/webp'
};

/** Encoders want even dimensions (4:2:0 chroma). */
export function even(n: number): number {
	return Math.max(2, Math.round(n / 2) * 2);
}

/** Scales (w, h) to fit inside (maxW, maxH) keeping aspect, never upscaling. */
export function fitWithin(w: number, h: number, maxW: number, maxH: number): { width: number; height: number } {
	const s = Math.min(1, maxW / w, maxH / h);
	return { width: even(w * s), height: even(h * s) };
}

/** Largest window of aspect `aspect` (w/h) inside a w×h frame, centred. */
export function centreCrop(w: number, h: number, aspect: number): { x: number; y: number; w: number; h: number } {
	let cw = w;
	let ch = w / aspect;
	if (ch > h) {
		ch = h;
		cw = h * aspect;
	}
	cw = Math.min(w, even(cw));
	ch = Math.min(h, even(ch));
	return { x: Math.round((w - cw) / 2), y: Math.round((h - ch) / 2), w: cw, h: ch };
}

/** Frame rate for an output: keep the source's unless it is above `max`; VFR is made constant. */
function outputFps(src: SourceInfo, max: number): number | null {
	if (src.vfr) return Math.min(max, src.fps > 0 ? Math.round(src.fps) : 30);
	if (src.fps > max) return max;
	return null;
}

export class PresetError extends Error {}

export function buildJob(presetId: PresetId, src: SourceInfo, edit: EditOptions): ExportJob {
	const preset = PRESETS.find((p) => p.id === presetId);
	if (!preset) throw new PresetError(`Unknown preset ${presetId}`);
	if (edit.ranges.length === 0) throw new PresetError('Nothing to export: the trim range is empty.');
	if (preset.needsVideo && !src.hasVideo) throw new PresetError('This file has no video track: choose an audio export.');

	const audioWanted = src.hasAudio && !edit.mute;
	const hasAudioOut = audioWanted || edit.replaceAudio;
	const aac = (bitrate: number): AudioJob => ({
		codec: 'aac',
		bitrate,
		sampleRate: 48000,
		channels: Math.min(2, Math.max(1, src.audioChannels || 2)),
		normalize: edit.normalize
	});
	const base = {
		presetId,
		label: preset.label,
		ranges: edit.ranges,
		replaceAudio: edit.replaceAudio,
		captions: null as ExportJob['captions']
	};
	const job = (container: Container, video: VideoJob | null, audio: AudioJob | null): ExportJob => ({
		...base,
		container,
		ext: container,
		mime: MIME[container],
		video,
		audio,
		captions: video && container !== 'gif' && container !== 'webp' ? edit.captions : null
	});

	switch (presetId) {
		case 'youtube-1080p': {
			const size = fitWithin(src.width, src.height, 1920, 1080);
			return job(
				'mp4',
				{ codec: 'avc', ...size, fps: outputFps(src, 60), bitrate: 8_000_000, crop: null, cropPath: null, fit: 'contain' },
				hasAudioOut ? aac(192_000) : null
			);
		}
		case 'vertical-1080x1920': {
			const aspect = 9 / 16;
			const srcAspect = src.width / src.height;
			// Already vertical (or narrower): no crop, just fit. Otherwise crop a 9:16 window.
			const needsCrop = srcAspect > aspect + 0.01;
			const path = needsCrop && edit.reframe && edit.cropPath ? edit.cropPath : null;
			const crop = needsCrop && !path ? centreCrop(src.width, src.height, aspect) : null;
			return job(
				'mp4',
				{ codec: 'avc', width: 1080, height: 1920, fps: outputFps(src, 60), bitrate: 8_000_000, crop, cropPath: path, fit: needsCrop ? 'cover' : 'contain' },
				hasAudioOut ? aac(192_000) : null
			);
		}
		case 'webm-vp9': {
			const size = fitWithin(src.width, src.height, 1920, 1080);
			return job(
				'webm',
				{ codec: 'vp9', ...size, fps: outputFps(src, 60), bitrate: 4_000_000, crop: null, cropPath: null, fit: 'contain' },
				hasAudioOut ? { codec: 'opus', bitrate: 128_000, sampleRate: 48000, channels: Math.min(2, src.audioChannels || 2), normalize: edit.normalize } : null
			);
		}
		case 'audio-m4a':
		case 'audio-mp3':
		case 'audio-wav': {
			if (!hasAudioOut) throw new PresetError('This file has no audio track (or it is muted): nothing to export as audio.');
			const channels = Math.min(2, Math.max(1, src.audioChannels || 2));
			const audio: AudioJob =
				presetId === 'audio-m4a'
					? aac(192_000)
					: presetId === 'audio-mp3'
						? { codec: 'mp3', bitrate: 192_000, sampleRate: 44100, channels, normalize: edit.normalize }
						: { codec: 'pcm-s16', bitrate: null, sampleRate: 48000, channels, normalize: edit.normalize };
			const container: Container = presetId === 'audio-m4a' ? 'm4a' : presetId === 'audio-mp3' ? 'mp3' : 'wav';
			return job(container, null, audio);
		}
		case 'gif':
		case 'webp': {
			const size = fitWithin(src.width, src.height, 480, 480);
			const fps = presetId === 'gif' ? 12 : 15;
			return job(presetId, { codec: presetId, ...size, fps, bitrate: null, crop: null, cropPath: null, fit: 'contain' }, null);
		}
		case 'custom': {
			const c = edit.custom;
			if (!c) throw new PresetError('Custom export needs options.');
			if (!(c.width >= 16 && c.height >= 16 && c.width <= 7680 && c.height <= 4320))
				throw new PresetError('Custom size must be between 16×16 and 7680×4320.');
			if (c.fps !== null && !(c.fps >= 1 && c.fps <= 120)) throw new PresetError('Frame rate must be 1–120.');
			if (!(c.videoBitrate >= 100_000 && c.videoBitrate <= 100_000_000)) throw new PresetError('Video bitrate must be 0.1–100 Mb/s.');
			if (!src.hasVideo) throw new PresetError('This file has no video track: choose an audio export.');
			const width = even(c.width);
			const height = even(c.height);
			const audio: AudioJob | null = !hasAudioOut
				? null
				: c.container === 'mp4'
					? aac(c.audioBitrate)
					: { codec: 'opus', bitrate: c.audioBitrate, sampleRate: 48000, channels: Math.min(2, src.audioChannels || 2), normalize: edit.normalize };
			return job(
				c.container,
				{ codec: c.container === 'mp4' ? 'avc' : 'vp9', width, height, fps: c.fps ?? outputFps(src, 120), bitrate: c.videoBitrate, crop: null, cropPath: null, fit: 'contain' },
				audio
			);
		}
	}
}

/** Rough output size in bytes, for the "can this device do it" check. */
export function estimateOutputBytes(job: ExportJob, durationS: number): number {
	const v = job.video ? (job.video.bitrate ?? job.video.width * job.video.height * (job.video.fps ?? 15) * 0.5) : 0;
	const a = job.audio ? (job.audio.bitrate ?? job.audio.sampleRate * job.audio.channels * 16) : 0;
	return Math.ceil(((v + a) * durationS) / 8);
}

/** A safe download name: source name without extension + preset + new extension. */
export function outputName(sourceName: string, job: ExportJob, suffix = ''): string {
	const stem = sourceName.replace(/\.[^.]+$/, '').replace(/[^\w\- .]+/g, '_').slice(0, 80) || 'export';
	return `${stem}-${job.presetId}${suffix}.${job.ext}`;
}

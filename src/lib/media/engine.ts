// Which engine runs a job. WebCodecs (mediabunny) is the fast path whenever the browser can
// decode the source and encode the target; ffmpeg.wasm covers the rest. The reasons are kept so
// the details panel can say why.
import type { Capabilities, EngineChoice, EngineId, ExportJob, SourceInfo } from './types';

export type EnginePreference = 'auto' | 'webcodecs' | 'ffmpeg';

function ffmpegVariant(caps: Capabilities): { id: EngineId; why: string } {
	return caps.crossOriginIsolated
		? { id: 'ffmpeg-mt', why: 'page is cross-origin isolated, so the multi-threaded ffmpeg core is used' }
		: { id: 'ffmpeg-st', why: 'page is not cross-origin isolated, so the single-threaded ffmpeg core is used' };
}

/** What stops WebCodecs from doing this job, or [] when it can. */
export function webcodecsBlockers(job: ExportJob, src: SourceInfo, caps: Capabilities): string[] {
	const out: string[] = [];
	if (job.video) {
		if (src.canDecodeVideo === false) out.push(`this browser cannot decode ${src.videoCodec ?? 'the video'} with WebCodecs`);
		if (job.video.codec === 'gif' || job.video.codec === 'webp') out.push(`WebCodecs has no ${job.video.codec.toUpperCase()} encoder`);
		else if (!caps.videoEncode.includes(job.video.codec)) out.push(`this browser cannot encode ${job.video.codec.toUpperCase()} with WebCodecs`);
		if (job.video.cropPath && !caps.offscreenCanvas) out.push('reframing needs OffscreenCanvas');
		if (job.captions?.mode === 'burn' && !caps.offscreenCanvas) out.push('burning in captions needs OffscreenCanvas');
	}
	if (job.audio) {
		if (src.hasAudio && !job.replaceAudio && src.canDecodeAudio === false)
			out.push(`this browser cannot decode ${src.audioCodec ?? 'the audio'} with WebCodecs`);
		if (!caps.audioEncode.includes(job.audio.codec)) out.push(`no ${job.audio.codec.toUpperCase()} encoder for WebCodecs here`);
	}
	if (job.replaceAudio) out.push('replacing the soundtrack mixes two files, which the ffmpeg engine does');
	return out;
}

/** What stops ffmpeg.wasm, or [] when it can (after the adjustments in `adaptForFfmpeg`). */
export function ffmpegBlockers(job: ExportJob): string[] {
	const out: string[] = [];
	if (job.captions?.mode === 'burn') out.push('burning in captions needs a font, which only the WebCodecs engine draws');
	return out;
}

/**
 * ffmpeg.wasm 0.12 crashes encoding VP9 and Opus ("memory access out of bounds", upstream bugs):
 * its WebM gets VP8 video and Vorbis audio instead.
 */
export function adaptForFfmpeg(job: ExportJob): { job: ExportJob; notes: string[] } {
	const notes: string[] = [];
	let out = job;
	if (out.video?.codec === 'vp9') {
		out = { ...out, video: { ...out.video, codec: 'vp8' } };
		notes.push('VP9 encoding crashes in ffmpeg.wasm, so this WebM uses VP8');
	}
	if (out.audio?.codec === 'opus') {
		out = { ...out, audio: { ...out.audio, codec: 'vorbis' } };
		notes.push('Opus encoding crashes in ffmpeg.wasm, so the audio is Vorbis');
	}
	return { job: out, notes };
}

export class EngineError extends Error {}

export function chooseEngine(job: ExportJob, src: SourceInfo, caps: Capabilities, pref: EnginePreference = 'auto'): EngineChoice {
	const wcBlock = webcodecsBlockers(job, src, caps);
	const ff = ffmpegVariant(caps);
	const ffAdapted = adaptForFfmpeg(job);
	const ffBlock = ffmpegBlockers(ffAdapted.job);

	if (pref === 'webcodecs') {
		if (wcBlock.length) throw new EngineError(`WebCodecs cannot run this export: ${wcBlock.join('; ')}.`);
		return { engine: 'webcodecs', reasons: ['you chose the WebCodecs engine'], job };
	}
	if (pref === 'ffmpeg') {
		if (ffBlock.length) throw new EngineError(`ffmpeg.wasm cannot run this export: ${ffBlock.join('; ')}.`);
		return { engine: ff.id, reasons: ['you chose the ffmpeg engine', ff.why, ...ffAdapted.notes], job: ffAdapted.job };
	}
	if (wcBlock.length === 0)
		return { engine: 'webcodecs', reasons: ['the browser decodes the source and encodes the target with WebCodecs (hardware/native codecs, fastest)'], job };
	if (ffBlock.length === 0)
		return { engine: ff.id, reasons: [`ffmpeg.wasm because ${wcBlock.join('; ')}`, ff.why, ...ffAdapted.notes], job: ffAdapted.job };
	throw new EngineError(`No engine can run this export: ${[...wcBlock, ...ffBlock].join('; ')}.`);
}

export function engineLabel(e: EngineId): string {
	return e === 'webcodecs' ? 'WebCodecs (mediabunny)' : e === 'ffmpeg-mt' ? 'ffmpeg.wasm (multi-threaded)' : 'ffmpeg.wasm (single-threaded)';
}

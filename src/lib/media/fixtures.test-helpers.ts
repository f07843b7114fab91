import type { Capabilities, SourceInfo } from './types';

export function source(over: Partial<SourceInfo> = {}): SourceInfo {
	return {
		duration: 10,
		size: 5_000_000,
		container: 'mp4',
		hasVideo: true,
		hasAudio: true,
		width: 1920,
		height: 1080,
		fps: 30,
		vfr: false,
		rotation: 0,
		videoCodec: 'avc',
		audioCodec: 'aac',
		audioChannels: 2,
		audioSampleRate: 48000,
		canDecodeVideo: true,
		canDecodeAudio: true,
		...over
	};
}

export function caps(over: Partial<Capabilities> = {}): Capabilities {
	return {
		videoEncode: ['avc', 'vp9', 'vp8'],
		videoDecode: ['avc', 'vp9', 'vp8'],
		audioEncode: ['aac', 'opus', 'mp3', 'pcm-s16'],
		audioDecode: ['aac', 'opus', 'mp3'],
		crossOriginIsolated: true,
		offscreenCanvas: true,
		...over
	};
}

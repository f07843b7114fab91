import { describe, expect, test } from 'vitest';
import { buildJob, centreCrop, estimateOutputBytes, outputName, PresetError, type EditOptions } from './presets';
import { chooseEngine, EngineError } from './engine';
import { caps, source } from './fixtures.test-helpers';

const edit = (over: Partial<EditOptions> = {}): EditOptions => ({
	ranges: [{ start: 0, end: 10 }],
	mute: false,
	replaceAudio: false,
	normalize: false,
	reframe: false,
	cropPath: null,
	captions: null,
	...over
});

describe('preset mapping', () => {
	test('YouTube 1080p: MP4 H.264/AAC, fits 1920×1080, never upscales', () => {
		const j = buildJob('youtube-1080p', source(), edit());
		expect(j).toMatchObject({ container: 'mp4', mime: 'video/mp4', video: { codec: 'avc', width: 1920, height: 1080 }, audio: { codec: 'aac' } });
		const small = buildJob('youtube-1080p', source({ width: 640, height: 360 }), edit());
		expect(small.video).toMatchObject({ width: 640, height: 360 });
		const big = buildJob('youtube-1080p', source({ width: 3840, height: 2160 }), edit());
		expect(big.video).toMatchObject({ width: 1920, height: 1080 });
	});
	test('vertical: 1080×1920 with a centre 9:16 crop of a 16:9 source', () => {
		const j = buildJob('vertical-1080x1920', source(), edit());
		expect(j.video).toMatchObject({ codec: 'avc', width: 1080, height: 1920, fit: 'cover' });
		expect(j.video!.crop).toEqual({ x: 656, y: 0, w: 608, h: 1080 });
		expect(j.video!.crop!.w / j.video!.crop!.h).toBeCloseTo(9 / 16, 2);
	});
	test('vertical with reframe uses the crop path instead of the centre crop', () => {
		const cropPath = { w: 606, h: 1080, source: 'faces' as const, keys: [{ t: 0, x: 100, y: 0 }] };
		const j = buildJob('vertical-1080x1920', source(), edit({ reframe: true, cropPath }));
		expect(j.video!.crop).toBeNull();
		expect(j.video!.cropPath).toBe(cropPath);
	});
	test('vertical source needs no crop', () => {
		const j = buildJob('vertical-1080x1920', source({ width: 1080, height: 1920 }), edit());
		expect(j.video!.crop).toBeNull();
		expect(j.video!.fit).toBe('contain');
	});
	test('WebM is VP9/Opus', () => {
		const j = buildJob('webm-vp9', source(), edit());
		expect(j).toMatchObject({ container: 'webm', video: { codec: 'vp9' }, audio: { codec: 'opus' } });
	});
	test('audio-only presets drop video; fail clearly without audio', () => {
		expect(buildJob('audio-m4a', source(), edit())).toMatchObject({ container: 'm4a', video: null, audio: { codec: 'aac' } });
		expect(buildJob('audio-mp3', source(), edit())).toMatchObject({ container: 'mp3', audio: { codec: 'mp3', sampleRate: 44100 } });
		expect(buildJob('audio-wav', source(), edit())).toMatchObject({ container: 'wav', audio: { codec: 'pcm-s16', bitrate: null } });
		expect(() => buildJob('audio-m4a', source({ hasAudio: false }), edit())).toThrow(/no audio/);
		expect(() => buildJob('audio-m4a', source(), edit({ mute: true }))).toThrow(PresetError);
	});
	test('video presets on an audio-only file fail clearly', () => {
		expect(() => buildJob('youtube-1080p', source({ hasVideo: false }), edit())).toThrow(/no video track/);
	});
	test('mute or no audio → no audio track; replace audio adds one', () => {
		expect(buildJob('youtube-1080p', source(), edit({ mute: true })).audio).toBeNull();
		expect(buildJob('youtube-1080p', source({ hasAudio: false }), edit()).audio).toBeNull();
		expect(buildJob('youtube-1080p', source({ hasAudio: false }), edit({ replaceAudio: true })).audio).not.toBeNull();
	});
	test('GIF/WebP: small, fixed fps, no audio, no captions', () => {
		const g = buildJob('gif', source(), edit({ captions: { cues: [{ start: 0, end: 1, text: 'x' }], mode: 'burn' } }));
		expect(g).toMatchObject({ container: 'gif', video: { codec: 'gif', width: 480, height: 270, fps: 12 }, audio: null, captions: null });
		expect(buildJob('webp', source(), edit())).toMatchObject({ container: 'webp', video: { fps: 15 } });
	});
	test('VFR sources get a constant frame rate', () => {
		expect(buildJob('youtube-1080p', source({ vfr: true, fps: 29.7 }), edit()).video!.fps).toBe(30);
		expect(buildJob('youtube-1080p', source(), edit()).video!.fps).toBeNull();
		expect(buildJob('youtube-1080p', source({ fps: 120 }), edit()).video!.fps).toBe(60);
	});
	test('custom options are validated and mapped; odd sizes made even', () => {
		const custom = { container: 'webm' as const, width: 721, height: 405, fps: 24, videoBitrate: 2_000_000, audioBitrate: 96_000 };
		const j = buildJob('custom', source(), edit({ custom }));
		expect(j).toMatchObject({ container: 'webm', video: { codec: 'vp9', width: 722, height: 406, fps: 24, bitrate: 2_000_000 }, audio: { codec: 'opus', bitrate: 96_000 } });
		expect(() => buildJob('custom', source(), edit({ custom: { ...custom, width: 5 } }))).toThrow(/size/);
		expect(() => buildJob('custom', source(), edit({ custom: { ...custom, fps: 500 } }))).toThrow(/Frame rate/);
	});
	test('empty range refuses', () => {
		expect(() => buildJob('youtube-1080p', source(), edit({ ranges: [] }))).toThrow(/empty/);
	});
	test('helpers', () => {
		expect(centreCrop(1920, 1080, 1)).toEqual({ x: 420, y: 0, w: 1080, h: 1080 });
		const j = buildJob('youtube-1080p', source(), edit());
		expect(estimateOutputBytes(j, 10)).toBe(Math.ceil((8_192_000 * 10) / 8));
		expect(outputName('My clip (1).mov', j)).toBe('My clip _1_-youtube-1080p.mp4');
	});
});

describe('engine choice', () => {
	test('WebCodecs when the browser can decode and encode', () => {
		const c = chooseEngine(buildJob('youtube-1080p', source(), edit()), source(), caps());
		expect(c.engine).toBe('webcodecs');
		expect(c.reasons.join(' ')).toMatch(/WebCodecs/);
	});
	test('ffmpeg multi-threaded when isolated and WebCodecs lacks the codec', () => {
		const j = buildJob('youtube-1080p', source(), edit());
		const c = chooseEngine(j, source(), caps({ videoEncode: [] }));
		expect(c.engine).toBe('ffmpeg-mt');
		expect(c.reasons.join(' ')).toMatch(/cannot encode AVC/);
		expect(chooseEngine(j, source(), caps({ videoEncode: [], crossOriginIsolated: false })).engine).toBe('ffmpeg-st');
	});
	test('undecodable source (e.g. HEVC) goes to ffmpeg', () => {
		const src = source({ videoCodec: 'hevc', canDecodeVideo: false });
		expect(chooseEngine(buildJob('youtube-1080p', src, edit()), src, caps()).engine).toBe('ffmpeg-mt');
	});
	test('GIF always uses ffmpeg; VP9 in ffmpeg becomes VP8', () => {
		expect(chooseEngine(buildJob('gif', source(), edit()), source(), caps()).engine).toBe('ffmpeg-mt');
		const c = chooseEngine(buildJob('webm-vp9', source(), edit()), source(), caps({ videoEncode: ['avc'] }));
		expect(c.job.video!.codec).toBe('vp8');
		expect(c.job.audio!.codec).toBe('vorbis');
		expect(c.reasons.join(' ')).toMatch(/VP8/);
	});
	test('burn-in captions need WebCodecs; forcing ffmpeg then fails with a reason', () => {
		const j = buildJob('youtube-1080p', source(), edit({ captions: { cues: [{ start: 0, end: 1, text: 'hi' }], mode: 'burn' } }));
		expect(chooseEngine(j, source(), caps()).engine).toBe('webcodecs');
		expect(() => chooseEngine(j, source(), caps(), 'ffmpeg')).toThrow(EngineError);
		expect(() => chooseEngine(j, source(), caps({ videoEncode: [] }))).toThrow(/No engine/);
	});
	test('user preference is honoured or explained', () => {
		const j = buildJob('youtube-1080p', source(), edit());
		expect(chooseEngine(j, source(), caps(), 'ffmpeg').engine).toBe('ffmpeg-mt');
		expect(() => chooseEngine(buildJob('gif', source(), edit()), source(), caps(), 'webcodecs')).toThrow(/GIF/);
	});
	test('replacing audio goes to ffmpeg', () => {
		const j = buildJob('youtube-1080p', source(), edit({ replaceAudio: true }));
		expect(chooseEngine(j, source(), caps()).engine).toBe('ffmpeg-mt');
	});
});

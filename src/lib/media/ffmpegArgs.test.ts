import { describe, expect, test } from 'vitest';
import { buildFfmpegArgs, buildThumbnailArgs, parseFfmpegTime } from './ffmpegArgs';
import { buildJob, type EditOptions } from './presets';
import { source } from './fixtures.test-helpers';

const edit = (over: Partial<EditOptions> = {}): EditOptions => ({
	ranges: [{ start: 2, end: 5 }],
	mute: false,
	replaceAudio: false,
	normalize: false,
	reframe: false,
	cropPath: null,
	captions: null,
	...over
});
const io = { input: '/in/a.mp4', output: 'out.mp4' };

describe('ffmpeg arguments', () => {
	test('single range: input seek + scale, x264 + aac, faststart', () => {
		const a = buildFfmpegArgs(buildJob('youtube-1080p', source(), edit()), io);
		const s = a.join(' ');
		expect(s).toMatch(/-ss 2.000 -to 5.000 -i \/in\/a.mp4/);
		expect(s).toMatch(/-c:v libx264/);
		expect(s).toMatch(/-c:a aac -b:a 192000 -ac 2/);
		expect(s).toMatch(/\+faststart out.mp4$/);
	});
	test('vertical centre crop then cover-scale to 1080×1920', () => {
		const a = buildFfmpegArgs(buildJob('vertical-1080x1920', source(), edit()), io);
		expect(a[a.indexOf('-filter_complex') + 1]).toMatch(/^\[0:v\]crop=608:1080:656:0,scale=1080:1920:force_original_aspect_ratio=increase,crop=1080:1920/);
	});
	test('cuts become trim/concat; reframe applies per range with its own clock', () => {
		const cropPath = { w: 608, h: 1080, source: 'faces' as const, keys: [{ t: 0, x: 0, y: 0 }, { t: 10, x: 1000, y: 0 }] };
		const job = buildJob('vertical-1080x1920', source(), edit({ ranges: [{ start: 1, end: 2 }, { start: 4, end: 6 }], reframe: true, cropPath }));
		const fc = buildFfmpegArgs(job, io)[buildFfmpegArgs(job, io).indexOf('-filter_complex') + 1];
		expect(fc).toContain('[0:v]trim=start=1.000:end=2.000,setpts=PTS-STARTPTS,crop=608:1080:');
		expect(fc).toContain('[0:a]atrim=start=4.000:end=6.000,asetpts=PTS-STARTPTS[a1]');
		expect(fc).toContain('concat=n=2:v=1:a=1[vcat][acat]');
		expect(fc).toMatch(/\[vcat\]scale=1080:1920/);
	});
	test('audio-only, normalise, no video', () => {
		const a = buildFfmpegArgs(buildJob('audio-mp3', source(), edit({ normalize: true })), { ...io, output: 'o.mp3' });
		const s = a.join(' ');
		expect(s).toContain('loudnorm=I=-14');
		expect(s).toContain('-c:a libmp3lame');
		expect(s).not.toContain('-map [vout]');
	});
	test('gif uses a palette; mute drops audio', () => {
		const s = buildFfmpegArgs(buildJob('gif', source(), edit()), { ...io, output: 'o.gif' }).join(' ');
		expect(s).toContain('palettegen');
		expect(s).toContain('-an');
		expect(buildFfmpegArgs(buildJob('youtube-1080p', source(), edit({ mute: true })), io)).toContain('-an');
	});
	test('replace audio maps the second input and stops at the shorter', () => {
		const s = buildFfmpegArgs(buildJob('youtube-1080p', source(), edit({ replaceAudio: true })), { ...io, audioInput: '/in/b.mp3' }).join(' ');
		expect(s).toContain('[1:a]aresample');
		expect(s).toContain('-shortest');
	});
	test('thumbnail arguments and progress parsing', () => {
		expect(buildThumbnailArgs('in.mp4', 't%03d.jpg', 0, 10, 5, 320).join(' ')).toContain('fps=0.500000,scale=320:-2');
		expect(parseFfmpegTime('frame=  10 fps=0.0 q=28.0 size=0kB time=00:01:02.50 bitrate=')).toBeCloseTo(62.5);
		expect(parseFfmpegTime('time=-00:00:00.01')).toBeNull();
	});
});

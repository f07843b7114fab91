// Shot detection on a real clip (evaluation data; skipped when absent): the cut to the audience
// shot near 7.8 s must be found. Frames are decoded by Debian's ffmpeg at the sampling the
// browser uses (6 fps, 64×36 luma).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { detectCuts, frameDifference } from './scenes';

const CLIP = resolve(import.meta.dirname, '../../../../shared/data/eval/E_video/video_dev/short_hamilton_clip.mp4');
let haveFfmpeg = true;
try {
	execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
} catch {
	haveFfmpeg = false;
}

test.skipIf(!existsSync(CLIP) || !haveFfmpeg)('finds the cut to the audience shot in the Hamilton clip', () => {
	const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', CLIP, '-vf', 'fps=6,scale=64:36,format=gray', '-f', 'rawvideo', '-'], { maxBuffer: 64 << 20 });
	const px = 64 * 36;
	const signal = [];
	for (let i = 1; i < raw.length / px; i++) signal.push({ t: i / 6, d: frameDifference(raw.subarray((i - 1) * px, i * px), raw.subarray(i * px, (i + 1) * px)) });
	const cuts = detectCuts(signal, { minShotS: 0.6 });
	expect(cuts.some((c) => Math.abs(c - 7.8) < 0.3)).toBe(true);
	expect(cuts.length).toBeLessThan(8);
});

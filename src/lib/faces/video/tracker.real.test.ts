// The tracker on real video: frames of the eval clips decoded with Debian's ffmpeg, faces from
// the real pipeline (onnxruntime-node), linked with the thresholds the app uses.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createFaceAnalyzer } from '../pipeline/analyze';
import { createNodeModels } from '../pipeline/session-node';
import type { RgbaImage } from '../pipeline/types';
import { APP_TRACKER } from './thresholds';
import { FaceTracker, cosine } from './tracker';

const ROOT = resolve(import.meta.dirname, '../../../..');
const VIDEO_DIR = resolve(ROOT, '../shared/data/eval/E_video/video_dev');
const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
const hasModels = existsSync(resolve(ROOT, 'static/models/blazeface-256.onnx'));
const ready = existsSync(VIDEO_DIR) && hasFfmpeg && hasModels;
if (!ready) console.warn(`skipping real-video tracker tests: need ${VIDEO_DIR}, ffmpeg and static/models`);

function frames(file: string, fps: number, w: number, h: number, seconds: number): { time: number; image: RgbaImage }[] {
	const raw = execFileSync('ffmpeg', ['-v', 'error', '-t', String(seconds), '-i', resolve(VIDEO_DIR, file), '-vf', `fps=${fps},scale=${w}:${h}`, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
		maxBuffer: 1 << 30
	});
	const size = w * h * 4;
	const out = [];
	for (let i = 0; (i + 1) * size <= raw.length; i++) {
		out.push({ time: (i + 0.5) / fps, image: { data: new Uint8ClampedArray(raw.buffer, raw.byteOffset + i * size, size), width: w, height: h } });
	}
	return out;
}

describe.skipIf(!ready)('tracker on real video', () => {
	test('a performer alone on stage stays one track while moving; others get their own', async () => {
		const { models } = await createNodeModels(resolve(ROOT, 'static/models'));
		const analyzer = createFaceAnalyzer(models);
		const tracker = new FaceTracker(APP_TRACKER);
		const counts = new Map<number, number>();
		let framesWithFaces = 0;
		// Track of the only face in each sample with exactly one face (null otherwise).
		const solo: (number | null)[] = [];
		let prev: Float32Array | null = null;
		const consecutive: number[] = [];
		for (const f of frames('short_hamilton_clip.mp4', 2, 640, 360, 10)) {
			const faces = await analyzer.analyzeImage(f.image);
			if (faces.length) framesWithFaces++;
			const ids = tracker.push(
				f.time,
				faces.map((x) => ({ box: x.box, embedding: x.embedding }))
			);
			for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
			solo.push(ids.length === 1 ? ids[0] : null);
			expect(new Set(ids).size).toBe(ids.length);
			const main = faces.reduce<(typeof faces)[number] | null>((a, b) => (!a || b.box.w > a.box.w ? b : a), null);
			if (main && prev) consecutive.push(cosine(prev, main.embedding));
			if (main) prev = main.embedding;
		}
		const sorted = [...counts.values()].sort((a, b) => b - a);
		console.info(`hamilton: ${framesWithFaces} frames with faces, tracks ${JSON.stringify(sorted)}, consecutive similarity min ${Math.min(...consecutive).toFixed(3)} median ${consecutive.sort()[consecutive.length >> 1]?.toFixed(3)}`);
		expect(framesWithFaces).toBeGreaterThanOrEqual(10);
		// Runs of consecutive single-face samples (the performer moving alone, ~4 s) are one track.
		let breaks = 0;
		let longestRun = 0;
		let run = 0;
		for (let i = 1; i < solo.length; i++) {
			if (solo[i] !== null && solo[i - 1] !== null) {
				if (solo[i] !== solo[i - 1]) breaks++;
				run = solo[i] === solo[i - 1] ? run + 1 : 0;
				longestRun = Math.max(longestRun, run + 1);
			} else run = 0;
		}
		expect(longestRun).toBeGreaterThanOrEqual(6);
		expect(breaks).toBe(0);
		expect(counts.size).toBeLessThanOrEqual(8);
	}, 180_000);
});

import { describe, expect, test } from 'vitest';
import { computeCropPath, cropAt, cropExpr } from './reframe';
import type { FaceSample } from './types';

const W = 1920;
const H = 1080;
const opts = { srcW: W, srcH: H, duration: 10 };

function faceTrack(fn: (t: number) => number, size = 200, step = 0.2, duration = 10): FaceSample[] {
	const out: FaceSample[] = [];
	for (let t = 0; t <= duration + 1e-9; t += step) out.push({ t, box: { x: fn(t) - size / 2, y: 400, w: size, h: size } });
	return out;
}

function samplePath(path: ReturnType<typeof computeCropPath>, dt = 0.05, duration = 10) {
	const xs: number[] = [];
	for (let t = 0; t <= duration + 1e-9; t += dt) xs.push(cropAt(path, t).x);
	return xs;
}

describe('reframe crop path', () => {
	test('no faces → centre crop of 9:16', () => {
		const p = computeCropPath([], opts);
		expect(p.source).toBe('centre');
		expect(p.w).toBe(608);
		expect(p.h).toBe(1080);
		expect(cropAt(p, 5)).toEqual({ x: 656, y: 0 });
	});

	test('stays in bounds even for faces at the frame edges', () => {
		const faces = faceTrack((t) => (t < 5 ? 30 : W - 30), 60);
		const p = computeCropPath(faces, opts);
		for (const k of p.keys) {
			expect(k.x).toBeGreaterThanOrEqual(0);
			expect(k.x + p.w).toBeLessThanOrEqual(W);
			expect(k.y).toBeGreaterThanOrEqual(0);
			expect(k.y + p.h).toBeLessThanOrEqual(H);
		}
	});

	test('keeps a moving face inside the window at every observation', () => {
		// Walks across the frame and back.
		const faces = faceTrack((t) => 300 + (1300 * (1 - Math.cos((t / 10) * 2 * Math.PI))) / 2);
		const p = computeCropPath(faces, opts);
		expect(p.source).toBe('faces');
		for (const f of faces) {
			const { x } = cropAt(p, f.t);
			expect(f.box.x).toBeGreaterThanOrEqual(x - 1);
			expect(f.box.x + f.box.w).toBeLessThanOrEqual(x + p.w + 1);
		}
	});

	test('is smooth: detector jitter is damped, no jumps', () => {
		let seed = 7;
		const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
		// A still subject with ±40 px detector jitter.
		const faces = faceTrack(() => 960 + 40 * rand(), 150, 0.1);
		const p = computeCropPath(faces, opts);
		const xs = samplePath(p);
		const maxStep = Math.max(...xs.slice(1).map((x, i) => Math.abs(x - xs[i])));
		const range = Math.max(...xs) - Math.min(...xs);
		expect(range).toBeLessThan(40); // input jitter spans up to 80 px
		expect(maxStep).toBeLessThan(8); // per 50 ms
	});

	test('follows the subject: centre tracks a slow pan', () => {
		const faces = faceTrack((t) => 500 + 100 * t);
		const p = computeCropPath(faces, opts);
		const mid = cropAt(p, 5).x + p.w / 2;
		expect(Math.abs(mid - 1000)).toBeLessThan(60);
	});

	test('several faces: the window favours the largest', () => {
		const faces: FaceSample[] = [];
		for (let t = 0; t <= 10; t += 0.5) {
			faces.push({ t, box: { x: 200, y: 300, w: 300, h: 300 } });
			faces.push({ t, box: { x: 1600, y: 300, w: 80, h: 80 } });
		}
		const p = computeCropPath(faces, opts);
		const { x } = cropAt(p, 5);
		expect(x).toBeLessThanOrEqual(200);
		expect(x + p.w).toBeGreaterThanOrEqual(500);
	});

	test('drifts back to centre after the subject leaves', () => {
		const faces = faceTrack(() => 300, 200, 0.2, 2);
		const p = computeCropPath(faces, { ...opts, holdS: 1 });
		expect(Math.abs(cropAt(p, 9).x - 656)).toBeLessThan(3);
	});

	test('ffmpeg expression evaluates to the same path', () => {
		const faces = faceTrack((t) => 500 + 100 * t);
		const p = computeCropPath(faces, opts);
		const expr = cropExpr(p, 'x', 2);
		// Evaluate ffmpeg's if/lt syntax with JS for a few times.
		const js = expr.replace(/if\(/g, 'iff(').replace(/lt\(/g, 'lt(');
		const fn = new Function('t', 'iff', 'lt', `return ${js};`) as (t: number, iff: unknown, lt: unknown) => number;
		for (const t of [2, 3.3, 6.1, 9.9]) {
			const v = fn(t - 2, (c: boolean, a: number, b: number) => (c ? a : b), (a: number, b: number) => a < b);
			expect(v).toBeCloseTo(cropAt(p, t).x, 0);
		}
	});
});

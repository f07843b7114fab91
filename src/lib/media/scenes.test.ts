import { describe, expect, test } from 'vitest';
import { detectCuts, frameDifference, lumaFromRgba, shotsFromCuts, type DiffSample } from './scenes';

function signal(n: number, fps: number, base: (i: number) => number, spikes: Record<number, number>): DiffSample[] {
	return Array.from({ length: n }, (_, i) => ({ t: i / fps, d: spikes[i] ?? base(i) }));
}

describe('scene detection', () => {
	test('finds hard cuts over low motion', () => {
		let s = 3;
		const noise = () => ((s = (s * 48271) % 2147483647) / 2147483647) * 0.03;
		const sig = signal(100, 5, noise, { 20: 0.45, 61: 0.3 });
		expect(detectCuts(sig)).toEqual([4, 12.2]);
	});
	test('a fast pan (sustained high difference) is not a cut', () => {
		const sig = signal(60, 5, (i) => (i >= 20 && i < 40 ? 0.2 + (i % 2) * 0.01 : 0.01), {});
		expect(detectCuts(sig)).toEqual([]);
	});
	test('cuts closer than the minimum shot length collapse', () => {
		const sig = signal(50, 10, () => 0.01, { 10: 0.5, 12: 0.5, 30: 0.5 });
		expect(detectCuts(sig, { minShotS: 0.5 })).toEqual([1, 3]);
	});
	test('shots cover the whole duration', () => {
		expect(shotsFromCuts([4, 12.2], 20)).toEqual([
			{ start: 0, end: 4 },
			{ start: 4, end: 12.2 },
			{ start: 12.2, end: 20 }
		]);
		expect(shotsFromCuts([], 5)).toEqual([{ start: 0, end: 5 }]);
	});
	test('frame difference and luma', () => {
		const white = new Uint8ClampedArray([255, 255, 255, 255, 255, 255, 255, 255]);
		const black = new Uint8ClampedArray([0, 0, 0, 255, 0, 0, 0, 255]);
		const lw = lumaFromRgba(white);
		const lb = lumaFromRgba(black);
		expect(lw[0]).toBeGreaterThan(250);
		expect(frameDifference(lw, lb)).toBeGreaterThan(0.98);
		expect(frameDifference(lw, lw)).toBe(0);
	});
});

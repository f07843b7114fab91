import { describe, expect, test } from 'vitest';
import { addCut, formatTime, keptRanges, outputToSource, parseTime, sampleTimes, snapToFrame, sourceToOutput, totalDuration } from './timeline';

describe('keptRanges', () => {
	test('in/out only gives one range', () => {
		expect(keptRanges(10, 2, 7, [])).toEqual([{ start: 2, end: 7 }]);
	});
	test('swapped and out-of-bounds points are ordered and clamped', () => {
		expect(keptRanges(10, 12, -3, [])).toEqual([{ start: 0, end: 10 }]);
	});
	test('cuts split the range; overlapping cuts merge; cuts outside are ignored', () => {
		const r = keptRanges(20, 1, 19, [
			{ start: 5, end: 6 },
			{ start: 5.5, end: 8 },
			{ start: 12, end: 13 },
			{ start: 25, end: 30 }
		]);
		expect(r).toEqual([
			{ start: 1, end: 5 },
			{ start: 8, end: 12 },
			{ start: 13, end: 19 }
		]);
		expect(totalDuration(r)).toBeCloseTo(14);
	});
	test('a cut covering everything leaves nothing', () => {
		expect(keptRanges(10, 0, 10, [{ start: 0, end: 10 }])).toEqual([]);
	});
	test('slivers shorter than the minimum are dropped', () => {
		expect(keptRanges(10, 0, 10, [{ start: 0.01, end: 10 }])).toEqual([]);
	});
	test('with fps, boundaries land on frames', () => {
		const r = keptRanges(10, 1.013, 4.988, [{ start: 2.01, end: 2.49 }], 25);
		for (const x of r) {
			expect(Math.abs(x.start * 25 - Math.round(x.start * 25))).toBeLessThan(1e-9);
			expect(Math.abs(x.end * 25 - Math.round(x.end * 25))).toBeLessThan(1e-9);
		}
		expect(r[0]).toEqual({ start: 1, end: 2 });
	});
});

describe('time mapping', () => {
	const ranges = [
		{ start: 1, end: 3 },
		{ start: 5, end: 6 }
	];
	test('source → output skips cut parts', () => {
		expect(sourceToOutput(1, ranges)).toBe(0);
		expect(sourceToOutput(2.5, ranges)).toBeCloseTo(1.5);
		expect(sourceToOutput(4, ranges)).toBeNull();
		expect(sourceToOutput(5.5, ranges)).toBeCloseTo(2.5);
		expect(sourceToOutput(6, ranges)).toBeCloseTo(3);
	});
	test('output → source is the inverse on kept parts', () => {
		for (const t of [1, 1.7, 2.9, 5, 5.9]) expect(outputToSource(sourceToOutput(t, ranges)!, ranges)).toBeCloseTo(t);
		expect(outputToSource(99, ranges)).toBe(6);
	});
	test('addCut merges into the list', () => {
		expect(addCut([{ start: 1, end: 2 }], { start: 1.5, end: 3 }, 10)).toEqual([{ start: 1, end: 3 }]);
	});
});

describe('formatting', () => {
	test('snapToFrame', () => {
		expect(snapToFrame(1.019, 50)).toBeCloseTo(1.02);
		expect(snapToFrame(1.019, 0)).toBe(1.019);
	});
	test('formatTime / parseTime round trip', () => {
		expect(formatTime(0)).toBe('0:00.0');
		expect(formatTime(62.46)).toBe('1:02.5');
		expect(formatTime(3725)).toBe('1:02:05.0');
		expect(parseTime('1:02.5')).toBeCloseTo(62.5);
		expect(parseTime('1:02:05')).toBe(3725);
		expect(parseTime('abc')).toBeNull();
	});
	test('sampleTimes are centred in equal slices', () => {
		expect(sampleTimes(0, 10, 5)).toEqual([1, 3, 5, 7, 9]);
		expect(sampleTimes(0, 0, 5)).toEqual([]);
	});
});

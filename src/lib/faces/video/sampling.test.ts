import { expect, test } from 'vitest';
import { sampleTimes } from './sampling';

test('samples the middle of each interval at the requested rate', () => {
	expect(sampleTimes(2, { fps: 2, maxFrames: 100 })).toEqual([0.25, 0.75, 1.25, 1.75]);
});

test('long videos are capped, spread over the whole duration', () => {
	const t = sampleTimes(3600, { fps: 2, maxFrames: 240 });
	expect(t).toHaveLength(240);
	expect(t[0]).toBeCloseTo(7.5);
	expect(t[239]).toBeCloseTo(3592.5);
});

test('very short or unknown durations still give one frame', () => {
	expect(sampleTimes(0.2)).toEqual([0.1]);
	expect(sampleTimes(NaN)).toEqual([0]);
	expect(sampleTimes(0)).toEqual([0]);
});

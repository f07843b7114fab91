import { expect, test } from 'vitest';
import { estimateRemaining, formatRemaining, NO_RATE, unitsFor, updateRate } from './eta';

test('no estimate until something was measured', () => {
	expect(estimateRemaining(NO_RATE, 10)).toBeNull();
	expect(formatRemaining(null)).toMatch(/estimating/);
});

test('first measurement sets the rate, later ones move it smoothly', () => {
	let r = updateRate(NO_RATE, 2, 1000);
	expect(r.msPerUnit).toBe(500);
	expect(estimateRemaining(r, 4)).toBe(2000);
	r = updateRate(r, 1, 1500, 0.5);
	expect(r.msPerUnit).toBe(1000);
	expect(updateRate(r, 0, 100)).toBe(r);
});

test('formats the time left in words', () => {
	expect(formatRemaining(3000)).toBe('a few seconds left');
	expect(formatRemaining(40_000)).toBe('less than a minute left');
	expect(formatRemaining(185_000)).toBe('about 3 min left');
	expect(formatRemaining(80 * 60_000)).toBe('about 1 h 20 min left');
	expect(formatRemaining(120 * 60_000)).toBe('about 2 h left');
});

test('videos weigh their sampled frames', () => {
	expect(unitsFor('image', undefined)).toBe(1);
	expect(unitsFor('video', 10)).toBe(20);
	expect(unitsFor('video', 3600)).toBe(240);
	expect(unitsFor('video', undefined)).toBe(2);
});

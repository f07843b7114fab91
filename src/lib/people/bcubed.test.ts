import { expect, test } from 'vitest';
import { bcubed } from './bcubed';

const truth = { a1: 'A', a2: 'A', a3: 'A', b1: 'B', b2: 'B' };

test('perfect clustering scores 1 everywhere', () => {
	const r = bcubed([['a1', 'a2', 'a3'], ['b1', 'b2']], truth);
	expect(r).toEqual({ precision: 1, recall: 1, f1: 1, predictedClusters: 2, trueClusters: 2 });
});

test('all singletons: precision 1, recall = mean of 1/|class|', () => {
	const r = bcubed([['a1'], ['a2'], ['a3'], ['b1'], ['b2']], truth);
	expect(r.precision).toBe(1);
	// A items: 1/3 each (×3), B items: 1/2 each (×2) → (1 + 1) / 5
	expect(r.recall).toBeCloseTo(2 / 5, 12);
	expect(r.f1).toBeCloseTo((2 * 1 * 0.4) / 1.4, 12);
});

test('one mixed cluster, hand computed', () => {
	// {a1,a2,b1} {a3} {b2}
	// precision: a1,a2 → 2/3; b1 → 1/3; a3 → 1; b2 → 1  → (2/3+2/3+1/3+1+1)/5 = 11/15
	// recall:    a1,a2 → 2/3; b1 → 1/2; a3 → 1/3; b2 → 1/2 → (2/3+2/3+1/2+1/3+1/2)/5 = 8/15
	const r = bcubed([['a1', 'a2', 'b1'], ['a3'], ['b2']], truth);
	expect(r.precision).toBeCloseTo(11 / 15, 12);
	expect(r.recall).toBeCloseTo(8 / 15, 12);
	expect(r.f1).toBeCloseTo((2 * (11 / 15) * (8 / 15)) / (19 / 15), 12);
	expect(r.predictedClusters).toBe(3);
});

test('everything in one cluster: recall 1, precision = Σ|class|² / n²', () => {
	const r = bcubed([['a1', 'a2', 'a3', 'b1', 'b2']], new Map(Object.entries(truth)));
	expect(r.recall).toBe(1);
	expect(r.precision).toBeCloseTo((9 + 4) / 25, 12);
});

test('unlabeled items are ignored; missing or duplicated items are errors', () => {
	expect(bcubed([['a1', 'a2', 'a3', 'x'], ['b1', 'b2']], truth).precision).toBe(1);
	expect(() => bcubed([['a1', 'a2', 'a3'], ['b1']], truth)).toThrow(/no cluster/);
	expect(() => bcubed([['a1', 'a2', 'a3'], ['b1', 'b2', 'a1']], truth)).toThrow(/two clusters/);
});

import { describe, expect, it } from 'vitest';
import { accuracyAt, auc, bcubed, matchDetections, tarAtFar, thresholdAtFar } from './metrics';

describe('verification metrics', () => {
  const pairs = [
    { score: 0.9, same: true },
    { score: 0.8, same: true },
    { score: 0.7, same: false },
    { score: 0.6, same: true },
    { score: 0.1, same: false }
  ];
  it('auc counts correctly ordered genuine/impostor pairs', () => {
    expect(auc(pairs)).toBeCloseTo(5 / 6);
    expect(auc([{ score: 1, same: true }, { score: 1, same: false }])).toBe(0.5);
  });
  it('accuracy at a fixed threshold', () => {
    expect(accuracyAt(pairs, 0.75)).toBeCloseTo(4 / 5);
  });
  it('tar at far allows floor(far × impostors) impostors above the threshold', () => {
    expect(tarAtFar(pairs, 0.01)).toBeCloseTo(2 / 3); // threshold above 0.7
    expect(tarAtFar(pairs, 0.5)).toBeCloseTo(1); // one impostor may pass → above 0.1
    expect(thresholdAtFar([0.1, 0.5, 0.3], 0)).toBe(0.5);
  });
  it('undetected faces scored as worst case lower both metrics', () => {
    const p = [...pairs, { score: -Infinity, same: true }];
    expect(auc(p)).toBeLessThan(auc(pairs));
  });
});

describe('bcubed', () => {
  it('is 1/1 for a perfect clustering and penalises merges and splits', () => {
    const truth = new Map([['a', 'X'], ['b', 'X'], ['c', 'Y']]);
    expect(bcubed([['a', 'b'], ['c']], truth)).toEqual({ precision: 1, recall: 1, f1: 1 });
    const merged = bcubed([['a', 'b', 'c']], truth);
    expect(merged.recall).toBe(1);
    expect(merged.precision).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3) / 3);
    const split = bcubed([['a'], ['b'], ['c']], truth);
    expect(split.precision).toBe(1);
    expect(split.recall).toBeCloseTo((0.5 + 0.5 + 1) / 3);
  });
});

describe('matchDetections', () => {
  it('matches one detection per face at IoU ≥ 0.5 and counts the rest as false positives', () => {
    const gts = [
      { box: { x: 0, y: 0, w: 10, h: 10 }, countable: true },
      { box: { x: 50, y: 50, w: 10, h: 10 }, countable: true }
    ];
    const dets = [
      { box: { x: 1, y: 1, w: 10, h: 10 }, score: 0.9 },
      { box: { x: 0, y: 0, w: 10, h: 10 }, score: 0.8 }, // duplicate → FP
      { box: { x: 200, y: 200, w: 10, h: 10 }, score: 0.7 }
    ];
    const r = matchDetections(dets, gts, 0.5);
    expect(r.matchedGt).toEqual([true, false]);
    expect(r.falsePositives).toBe(2);
  });
});

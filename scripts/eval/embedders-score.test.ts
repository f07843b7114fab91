import { describe, expect, it } from 'vitest';
import { ageGenderFigures, argmaxOver, bestThreshold, kFoldAccuracy, meanOfNormalized, median } from './embedders-score';

describe('embedders-score', () => {
  it('bestThreshold separates perfectly separable pairs at a midpoint', () => {
    const pairs = [0.1, 0.2, 0.3].map((score) => ({ score, same: false })).concat([0.7, 0.8].map((score) => ({ score, same: true })));
    expect(bestThreshold(pairs)).toBeCloseTo(0.5, 10);
  });

  it('bestThreshold puts tied scores on the same side', () => {
    const pairs = [
      { score: 0.2, same: false },
      { score: 0.5, same: false },
      { score: 0.5, same: true },
      { score: 0.5, same: true }
    ];
    expect(bestThreshold(pairs)).toBeCloseTo(0.35, 10);
  });

  it('k-fold accuracy never scores a fold at a threshold chosen on it', () => {
    // one genuine pair scores like an impostor: no held-out threshold can get it right
    const pairs = Array.from({ length: 20 }, (_, i) => ({ score: i < 10 ? 0.2 : 0.8, same: i >= 10 }));
    pairs[12] = { score: 0.1, same: true };
    expect(kFoldAccuracy(pairs, 10)).toBeCloseTo(19 / 20, 10);
    // separable → perfect
    expect(kFoldAccuracy(pairs.map((p, i) => (i === 12 ? { score: 0.9, same: true } : p)), 10)).toBe(1);
  });

  it('flip averaging normalises each view before averaging', () => {
    const v = meanOfNormalized([Float32Array.of(10, 0), Float32Array.of(0, 1)]);
    expect(v[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(v[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('age/gender figures count an undetected face as wrong gender and a fixed age guess', () => {
    const r = ageGenderFigures(
      [
        { age: 20, gender: 'male', pred: { age: 22, male: 0.9 } },
        { age: 40, gender: 'female', pred: { age: 40, male: 0.6 } },
        { age: 50, gender: 'female', pred: null }
      ],
      30
    );
    expect(r.gender_accuracy).toBeCloseTo(1 / 3, 10);
    expect(r.age_mae).toBeCloseTo((2 + 0 + 20) / 3, 10);
    expect(r.undetected).toBe(1);
  });

  it('argmaxOver keeps the first of tied values; median of even and odd lists', () => {
    expect(argmaxOver([0, 0.5, 1], (w) => (w === 0 ? 1 : 1)).value).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

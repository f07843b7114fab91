/** Pure scoring helpers for eval:embedders (unit-tested in embedders-score.test.ts). */
import { auc, tarAtFar, type ScoredPair } from './metrics';

export function normalize(v: ArrayLike<number>): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s) || 1;
  return Float32Array.from(v, (x) => x / n);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Flip TTA as the app does it: each view L2-normalised, averaged, re-normalised. */
export function meanOfNormalized(views: ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(views[0].length);
  for (const v of views) {
    const n = normalize(v);
    for (let i = 0; i < out.length; i++) out[i] += n[i];
  }
  return normalize(out);
}

/** Best threshold (accept when score ≥ t) on a set of pairs: the midpoint between adjacent scores. */
export function bestThreshold(pairs: ScoredPair[]): number {
  const s = [...pairs].sort((a, b) => a.score - b.score);
  // start by accepting everything, then move the threshold above each score in turn
  let correct = s.filter((p) => p.same).length;
  let best = correct;
  let t = s.length ? s[0].score - 1 : 0;
  for (let i = 0; i < s.length; i++) {
    correct += s[i].same ? -1 : 1;
    if (i + 1 < s.length && s[i + 1].score === s[i].score) continue;
    if (correct > best) {
      best = correct;
      t = i + 1 < s.length ? (s[i].score + s[i + 1].score) / 2 : s[i].score + 1;
    }
  }
  return t;
}

/**
 * LFW-protocol style accuracy: pairs dealt round-robin into k folds; each fold is scored at the
 * threshold that is best on the other k−1 folds. No threshold is chosen on the pairs it scores.
 */
export function kFoldAccuracy(pairs: ScoredPair[], k = 10): number {
  let correct = 0;
  for (let f = 0; f < k; f++) {
    const train = pairs.filter((_, i) => i % k !== f);
    const test = pairs.filter((_, i) => i % k === f);
    const t = bestThreshold(train);
    correct += test.filter((p) => (p.score >= t) === p.same).length;
  }
  return correct / pairs.length;
}

export interface VerificationFigures {
  auc: number;
  accuracy_10fold: number;
  /** at the threshold best on these very pairs: optimistic, for comparison with published "best accuracy" */
  accuracy_best: number;
  'tar_at_far_1e-2': number;
  pairs: number;
  failures: number;
}

export function verificationFigures(pairs: ScoredPair[], failures: number): VerificationFigures {
  const t = bestThreshold(pairs);
  const accuracy_best = pairs.filter((p) => (p.score >= t) === p.same).length / pairs.length;
  return { auc: auc(pairs), accuracy_10fold: kFoldAccuracy(pairs), accuracy_best, 'tar_at_far_1e-2': tarAtFar(pairs, 1e-2), pairs: pairs.length, failures };
}

/** The grid value maximising `score` (first one wins ties). */
export function argmaxOver<T>(grid: T[], score: (v: T) => number): { value: T; score: number } {
  let best = { value: grid[0], score: -Infinity };
  for (const v of grid) {
    const s = score(v);
    if (s > best.score) best = { value: v, score: s };
  }
  return best;
}

export interface AgeGenderFigures {
  gender_accuracy: number;
  age_mae: number;
  faces: number;
  undetected: number;
}

/** `null` prediction = undetected face: gender counts as wrong, age as `undetectedAge`. */
export function ageGenderFigures(items: { age: number; gender: 'male' | 'female'; pred: { age: number; male: number } | null }[], undetectedAge: number): AgeGenderFigures {
  let correct = 0;
  let err = 0;
  let undetected = 0;
  for (const it of items) {
    if (!it.pred) {
      undetected++;
      err += Math.abs(it.age - undetectedAge);
      continue;
    }
    if ((it.pred.male >= 0.5 ? 'male' : 'female') === it.gender) correct++;
    err += Math.abs(it.pred.age - it.age);
  }
  return { gender_accuracy: correct / items.length, age_mae: err / items.length, faces: items.length, undetected };
}

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

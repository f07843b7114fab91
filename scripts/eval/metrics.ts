/** Evaluation metrics for eval:faces (pure; unit-tested in metrics.test.ts). */
import { iou } from '../../src/lib/faces/pipeline/blazeface';
import type { Box } from '../../src/lib/faces/pipeline/types';

export interface ScoredPair {
  score: number;
  same: boolean;
}

/** Area under the ROC curve (probability a genuine pair outscores an impostor pair; ties count ½). */
export function auc(pairs: ScoredPair[]): number {
  const sorted = [...pairs].sort((a, b) => a.score - b.score);
  const nPos = pairs.filter((p) => p.same).length;
  const nNeg = pairs.length - nPos;
  if (!nPos || !nNeg) return NaN;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j].score === sorted[i].score) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k].same) rankSum += avgRank;
    i = j;
  }
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function accuracyAt(pairs: ScoredPair[], threshold: number): number {
  return pairs.filter((p) => (p.score >= threshold) === p.same).length / pairs.length;
}

/**
 * True-accept rate at the lowest threshold whose false-accept rate is ≤ far
 * (threshold strictly above the ⌊far·impostors⌋+1-th highest impostor score).
 */
export function tarAtFar(pairs: ScoredPair[], far: number): number {
  const imp = pairs.filter((p) => !p.same).map((p) => p.score).sort((a, b) => b - a);
  const gen = pairs.filter((p) => p.same).map((p) => p.score);
  if (!imp.length || !gen.length) return NaN;
  const allowed = Math.floor(far * imp.length);
  const t = imp[allowed]; // scores must be strictly above this one
  return gen.filter((s) => s > t).length / gen.length;
}

/** Threshold (strictly-above) with impostor false-match rate ≤ far; with its count of allowed errors. */
export function thresholdAtFar(impostorScores: number[], far: number): number {
  const imp = [...impostorScores].sort((a, b) => b - a);
  const allowed = Math.floor(far * imp.length);
  return imp[Math.min(allowed, imp.length - 1)];
}

export interface BCubedResult {
  precision: number;
  recall: number;
  f1: number;
}

/** BCubed precision/recall over items; `predicted` lists item ids per cluster, `truth` maps item → label. */
export function bcubed(predicted: string[][], truth: Map<string, string>): BCubedResult {
  const clusterOf = new Map<string, number>();
  predicted.forEach((c, i) => c.forEach((id) => clusterOf.set(id, i)));
  const items = [...truth.keys()];
  const labelCount = new Map<string, number>();
  for (const l of truth.values()) labelCount.set(l, (labelCount.get(l) ?? 0) + 1);
  let p = 0;
  let r = 0;
  for (const id of items) {
    const c = clusterOf.get(id);
    const members = c === undefined ? [id] : predicted[c].filter((m) => truth.has(m));
    const same = members.filter((m) => truth.get(m) === truth.get(id)).length;
    p += same / members.length;
    r += same / labelCount.get(truth.get(id)!)!;
  }
  const precision = p / items.length;
  const recall = r / items.length;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

export interface GtFace {
  box: Box;
  /** counted for recall (e.g. not flagged invalid) */
  countable: boolean;
}

/**
 * Greedy one-to-one matching of detections (by descending score) to ground-truth boxes at
 * IoU ≥ minIou. Detections matching any GT face (also small/invalid ones) are not false positives.
 */
export function matchDetections(dets: { box: Box; score: number }[], gts: GtFace[], minIou: number): { matchedGt: boolean[]; falsePositives: number } {
  const matchedGt = gts.map(() => false);
  let fp = 0;
  for (const d of [...dets].sort((a, b) => b.score - a.score)) {
    let best = -1;
    let bestIou = minIou;
    gts.forEach((g, i) => {
      if (matchedGt[i]) return;
      const v = iou(d.box, g.box);
      if (v >= bestIou) {
        bestIou = v;
        best = i;
      }
    });
    if (best >= 0) matchedGt[best] = true;
    else fp++;
  }
  return { matchedGt, falsePositives: fp };
}

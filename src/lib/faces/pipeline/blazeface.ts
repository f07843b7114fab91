/**
 * BlazeFace full-range (256×256) decoding, multi-window planning and merging.
 * Anchor layout from the model's source package (keijiro's Postprocess1 shader): a 16×16 grid with
 * 2 anchors per cell (stride 16) then an 8×8 grid with 6 anchors per cell (stride 32), row-major.
 */
import type { Box, Detection, Landmarks, Point } from './types';

export const DETECTOR_SIZE = 256;

export interface Anchor {
  x: number;
  y: number;
}

export function makeAnchors(): { stride16: Anchor[]; stride32: Anchor[] } {
  const grid = (cells: number, perCell: number) => {
    const out: Anchor[] = [];
    for (let y = 0; y < cells; y++)
      for (let x = 0; x < cells; x++)
        for (let a = 0; a < perCell; a++) out.push({ x: (x + 0.5) / cells, y: (y + 0.5) / cells });
    return out;
  };
  return { stride16: grid(16, 2), stride32: grid(8, 6) };
}

const ANCHORS = makeAnchors();

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** A detector input window: the source square (x, y, side) that was scaled to 256×256. */
export interface Window {
  x: number;
  y: number;
  side: number;
}

/**
 * Decodes raw outputs for one window into source-pixel detections with score ≥ minScore.
 * Box/keypoint offsets are in 256-px input units relative to the anchor centre.
 */
export function decode(
  scores16: Float32Array,
  boxes16: Float32Array,
  scores32: Float32Array,
  boxes32: Float32Array,
  win: Window,
  minScore: number
): Detection[] {
  const out: Detection[] = [];
  const k = win.side / DETECTOR_SIZE;
  const logit = Math.log(minScore / (1 - minScore));
  const run = (scores: Float32Array, boxes: Float32Array, anchors: Anchor[]) => {
    for (let i = 0; i < anchors.length; i++) {
      if (scores[i] < logit) continue;
      const a = anchors[i];
      const o = i * 16;
      const ax = a.x * DETECTOR_SIZE;
      const ay = a.y * DETECTOR_SIZE;
      const cx = (ax + boxes[o]) * k + win.x;
      const cy = (ay + boxes[o + 1]) * k + win.y;
      const w = boxes[o + 2] * k;
      const h = boxes[o + 3] * k;
      const lm: Point[] = [];
      for (let j = 0; j < 6; j++) lm.push({ x: (ax + boxes[o + 4 + 2 * j]) * k + win.x, y: (ay + boxes[o + 5 + 2 * j]) * k + win.y });
      out.push({ box: { x: cx - w / 2, y: cy - h / 2, w, h }, landmarks: lm as Landmarks, score: sigmoid(scores[i]) });
    }
  };
  run(scores16, boxes16, ANCHORS.stride16);
  run(scores32, boxes32, ANCHORS.stride32);
  return out;
}

export function iou(a: Box, b: Box): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.w, b.x + b.w);
  const y1 = Math.min(a.y + a.h, b.y + b.h);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * MediaPipe-style weighted NMS: detections overlapping the best one (IoU ≥ threshold) are blended
 * into it, weighted by score, which steadies boxes and keypoints across overlapping windows.
 */
export function weightedNms(dets: Detection[], iouThreshold: number): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const used = new Array(sorted.length).fill(false);
  const out: Detection[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (used[i]) continue;
    const best = sorted[i];
    let sw = 0;
    const acc = { x: 0, y: 0, w: 0, h: 0, lm: new Array(12).fill(0) as number[] };
    for (let j = i; j < sorted.length; j++) {
      if (used[j]) continue;
      const d = sorted[j];
      if (j !== i && iou(best.box, d.box) < iouThreshold) continue;
      used[j] = true;
      const s = d.score;
      sw += s;
      acc.x += d.box.x * s;
      acc.y += d.box.y * s;
      acc.w += d.box.w * s;
      acc.h += d.box.h * s;
      d.landmarks.forEach((p, k) => {
        acc.lm[2 * k] += p.x * s;
        acc.lm[2 * k + 1] += p.y * s;
      });
    }
    const lm: Point[] = [];
    for (let k = 0; k < 6; k++) lm.push({ x: acc.lm[2 * k] / sw, y: acc.lm[2 * k + 1] / sw });
    out.push({ box: { x: acc.x / sw, y: acc.y / sw, w: acc.w / sw, h: acc.h / sw }, landmarks: lm as Landmarks, score: best.score });
  }
  return out;
}

export interface WindowPlan {
  /** whole image in a square of side max(w,h) */
  whole: boolean;
  /** whole image letterboxed into a square this many times larger (close-up portraits) */
  zoomOut: number[];
  /** overlapping tile grid: n×n tiles, each tileFrac × the long side */
  tiles: { n: number; tileFrac: number }[];
  /** tiles smaller than this (source px) are skipped: they would upsample a small image and only add false positives */
  minTileSide: number;
}

/** Source windows for one image: whole, zoomed-out letterboxes (centred), and overlapping tiles. */
export function planWindows(width: number, height: number, plan: WindowPlan): Window[] {
  const L = Math.max(width, height);
  const out: Window[] = [];
  const centred = (side: number): Window => ({ x: (width - side) / 2, y: (height - side) / 2, side });
  if (plan.whole) out.push(centred(L));
  for (const z of plan.zoomOut) out.push(centred(L * z));
  for (const t of plan.tiles) {
    const side = L * t.tileFrac;
    if (side < plan.minTileSide) continue;
    const nx = width <= side ? 1 : t.n;
    const ny = height <= side ? 1 : t.n;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const x = nx === 1 ? (width - side) / 2 : ((width - side) * i) / (nx - 1);
        const y = ny === 1 ? (height - side) / 2 : ((height - side) * j) / (ny - 1);
        out.push({ x, y, side });
      }
  }
  return out;
}

/** Drops boxes lying mostly inside a higher-scoring one (faces seen whole and as a part in a tile). */
export function suppressNested(dets: Detection[], minOverlap: number): Detection[] {
  const keep: Detection[] = [];
  for (const d of [...dets].sort((a, b) => b.score - a.score)) {
    const nested = keep.some((k) => {
      const ix = Math.max(0, Math.min(k.box.x + k.box.w, d.box.x + d.box.w) - Math.max(k.box.x, d.box.x));
      const iy = Math.max(0, Math.min(k.box.y + k.box.h, d.box.y + d.box.h) - Math.max(k.box.y, d.box.y));
      return (ix * iy) / Math.min(k.box.w * k.box.h, d.box.w * d.box.h) >= minOverlap;
    });
    if (!nested) keep.push(d);
  }
  return keep;
}

/** Maps a BlazeFace box to the reported face-box convention (see PIPELINE_CONFIG.boxScale). */
export function rescaleBox(b: Box, s: { w: number; h: number; dy: number }): Box {
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2 + s.dy * b.h;
  const w = b.w * s.w;
  const h = b.h * s.h;
  return { x: cx - w / 2, y: cy - h / 2, w, h };
}

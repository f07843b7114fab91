/**
 * Similarity-transform alignment from BlazeFace keypoints to a face-chip template.
 * The template is dlib's mean face shape (dlib/image_transforms/interpolation.h, the reference the
 * dlib ResNet recogniser was trained with): eye centres, nose tip and mouth centre, in units of the
 * unpadded shape box; a chip adds `padding` of that box on each side (dlib uses 0.25 at 150 px).
 */
import type { Affine } from './image';
import type { Landmarks, Point } from './types';

/** dlib mean-shape points (unpadded, 0..1): subject's right eye (image left), left eye, nose tip, mouth centre. */
export const DLIB_MEAN_FACE: Point[] = [
  { x: 0.225411, y: 0.215990 },
  { x: 0.754761, y: 0.215990 },
  { x: 0.490127, y: 0.515625 },
  { x: 0.490127, y: 0.780233 }
];

/** Template points in chip pixels (continuous coordinates, 0..size). */
export function chipTemplate(size: number, padding: number): Point[] {
  return DLIB_MEAN_FACE.map((p) => ({ x: ((p.x + padding) / (1 + 2 * padding)) * size, y: ((p.y + padding) / (1 + 2 * padding)) * size }));
}

/**
 * Least-squares similarity (rotation + uniform scale + translation) mapping `from` onto `to`.
 * Returns [a, b, tx, ty] for  to ≈ [[a, -b], [b, a]]·from + t.
 */
export function fitSimilarity(from: Point[], to: Point[], weights?: number[]): [number, number, number, number] {
  const w = weights ?? from.map(() => 1);
  let sw = 0, fx = 0, fy = 0, tx = 0, ty = 0;
  for (let i = 0; i < from.length; i++) {
    sw += w[i];
    fx += w[i] * from[i].x;
    fy += w[i] * from[i].y;
    tx += w[i] * to[i].x;
    ty += w[i] * to[i].y;
  }
  fx /= sw; fy /= sw; tx /= sw; ty /= sw;
  let num_a = 0, num_b = 0, den = 0;
  for (let i = 0; i < from.length; i++) {
    const px = from[i].x - fx, py = from[i].y - fy;
    const qx = to[i].x - tx, qy = to[i].y - ty;
    num_a += w[i] * (px * qx + py * qy);
    num_b += w[i] * (px * qy - py * qx);
    den += w[i] * (px * px + py * py);
  }
  const a = num_a / den;
  const b = num_b / den;
  return [a, b, tx - (a * fx - b * fy), ty - (b * fx + a * fy)];
}

/** Alignment points of a detection, in DLIB_MEAN_FACE order. */
export function alignmentPoints(lm: Landmarks): Point[] {
  return [lm[0], lm[1], lm[2], lm[3]];
}

/**
 * The warp (chip pixel index → source pixel index) that cuts an aligned size×size chip.
 * Fits chip → source directly so no inversion is needed.
 */
export function alignWarp(lm: Landmarks, size: number, padding: number): Affine {
  const [a, b, tx, ty] = fitSimilarity(chipTemplate(size, padding), alignmentPoints(lm));
  // chip index u ↔ continuous u + 0.5; source continuous x ↔ index x - 0.5
  return [a, -b, a * 0.5 - b * 0.5 + tx - 0.5, b, a, b * 0.5 + a * 0.5 + ty - 0.5];
}

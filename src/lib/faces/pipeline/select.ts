/** Picking one face per photo (portrait-style photos, enrolment, evaluation). */
import type { Box } from './types';

/**
 * The photo's main subject: the largest face, discounted by distance from the image centre,
 * so a big face at the edge does not beat the centred subject of a portrait.
 */
export function primaryFaceIndex(faces: { box: Box; score: number }[], width: number, height: number): number {
  let best = -1;
  let bestV = -Infinity;
  const diag = Math.hypot(width, height);
  faces.forEach((f, i) => {
    const cx = f.box.x + f.box.w / 2;
    const cy = f.box.y + f.box.h / 2;
    const centrality = 1 - Math.hypot(cx - width / 2, cy - height / 2) / diag;
    const v = Math.sqrt(f.box.w * f.box.h) * centrality * f.score;
    if (v > bestV) {
      bestV = v;
      best = i;
    }
  });
  return best;
}

/** Index of the face whose box contains the point (closest centre wins), or -1. */
export function faceAtPoint(faces: { box: Box }[], x: number, y: number): number {
  let best = -1;
  let bestD = Infinity;
  faces.forEach((f, i) => {
    const b = f.box;
    if (x < b.x || y < b.y || x > b.x + b.w || y > b.y + b.h) return;
    const d = Math.hypot(b.x + b.w / 2 - x, b.y + b.h / 2 - y);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

/**
 * Per-face quality: size (inter-ocular distance), sharpness (variance of the Laplacian on the
 * aligned grey chip, so it is independent of the face's size in the photo) and pose (keypoint
 * symmetry). Used to keep poor faces from driving grouping and matching.
 */
import type { FaceQuality, Landmarks } from './types';

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Inter-ocular distance in source pixels. */
export function eyeDistance(lm: Landmarks): number {
  return Math.hypot(lm[1].x - lm[0].x, lm[1].y - lm[0].y);
}

/** 0 below 8 px between the eyes (face ≈ 20 px), 1 from 32 px (face ≈ 80 px). */
export function sizeScore(lm: Landmarks): number {
  return clamp01((eyeDistance(lm) - 8) / 24);
}

/**
 * Frontalness from keypoints in the eye-aligned frame: yaw from the nose's horizontal offset
 * from the eye midpoint and from the ear-to-eye distance asymmetry, pitch from where the nose
 * sits between the eye line and the mouth.
 */
export function poseScore(lm: Landmarks): number {
  const [re, le, nose, mouth, rear, lear] = lm;
  const ex = le.x - re.x, ey = le.y - re.y;
  const iod = Math.hypot(ex, ey) || 1;
  const ux = ex / iod, uy = ey / iod; // along the eye line
  const mid = { x: (re.x + le.x) / 2, y: (re.y + le.y) / 2 };
  const along = (p: { x: number; y: number }) => ((p.x - mid.x) * ux + (p.y - mid.y) * uy) / iod;
  const across = (p: { x: number; y: number }) => (-(p.x - mid.x) * uy + (p.y - mid.y) * ux) / iod;
  const yawNose = Math.abs(along(nose)); // ~0 frontal, ~0.5 at 45°
  const dr = Math.hypot(rear.x - re.x, rear.y - re.y), dl = Math.hypot(lear.x - le.x, lear.y - le.y);
  const yawEars = Math.abs(dr - dl) / (dr + dl + 1e-6); // 0 frontal, → 1 in profile
  const m = across(mouth) || 1e-6;
  const pitch = Math.abs(across(nose) / m - 0.55); // nose ~55% of the way from eyes to mouth when level
  const yaw = Math.max(yawNose / 0.45, yawEars / 0.6);
  return clamp01(1 - Math.max(yaw, pitch / 0.35) * 0.8);
}

/** Variance of the 4-neighbour Laplacian of an NCHW RGB chip (0..255), on luma. */
export function laplacianVariance(chip: Float32Array, size: number, offset = 0): number {
  const plane = size * size;
  const luma = new Float32Array(plane);
  for (let i = 0; i < plane; i++) luma[i] = 0.299 * chip[offset + i] + 0.587 * chip[offset + plane + i] + 0.114 * chip[offset + 2 * plane + i];
  // central region only: the chip borders contain background and padding
  const m0 = Math.round(size * 0.2), m1 = Math.round(size * 0.8);
  let s = 0, s2 = 0, n = 0;
  for (let y = m0; y < m1; y++)
    for (let x = m0; x < m1; x++) {
      const i = y * size + x;
      const l = luma[i - 1] + luma[i + 1] + luma[i - size] + luma[i + size] - 4 * luma[i];
      s += l;
      s2 += l * l;
      n++;
    }
  const mean = s / n;
  return s2 / n - mean * mean;
}

/** log-scaled: variance ≤ 10 (very soft) → 0, ≥ 300 (crisp) → 1. */
export function blurScore(lapVar: number): number {
  return clamp01(Math.log(Math.max(lapVar, 1e-3) / 10) / Math.log(30));
}

export function faceQuality(lm: Landmarks, lapVar: number): FaceQuality {
  const size = sizeScore(lm);
  const blur = blurScore(lapVar);
  const pose = poseScore(lm);
  return { size, blur, pose, overall: Math.cbrt(size * blur * pose) };
}

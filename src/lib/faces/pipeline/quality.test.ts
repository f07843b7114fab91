import { describe, expect, it } from 'vitest';
import { blurScore, faceQuality, laplacianVariance, poseScore, sizeScore } from './quality';
import type { Landmarks } from './types';

/** Frontal face keypoints with eyes `iod` apart centred at (cx, cy). */
const frontal = (cx: number, cy: number, iod: number, yaw = 0): Landmarks => [
  { x: cx - iod / 2, y: cy },
  { x: cx + iod / 2, y: cy },
  { x: cx + yaw * iod, y: cy + 0.55 * iod },
  { x: cx, y: cy + iod },
  { x: cx - iod, y: cy + 0.3 * iod },
  { x: cx + iod, y: cy + 0.3 * iod }
];

describe('quality', () => {
  it('size grows with the distance between the eyes', () => {
    expect(sizeScore(frontal(0, 0, 5))).toBe(0);
    expect(sizeScore(frontal(0, 0, 20))).toBeGreaterThan(0.4);
    expect(sizeScore(frontal(0, 0, 60))).toBe(1);
  });

  it('pose is high for a frontal face and drops with yaw', () => {
    const f = poseScore(frontal(100, 100, 40));
    expect(f).toBeGreaterThan(0.9);
    expect(poseScore(frontal(100, 100, 40, 0.3))).toBeLessThan(f - 0.3);
  });

  it('blur: a flat chip scores 0, a textured chip scores high', () => {
    const n = 50;
    const flat = new Float32Array(3 * n * n).fill(128);
    const tex = new Float32Array(3 * n * n);
    for (let i = 0; i < n * n; i++) tex[i] = tex[n * n + i] = tex[2 * n * n + i] = ((i % n) + Math.floor(i / n)) % 2 ? 200 : 50;
    expect(blurScore(laplacianVariance(flat, n))).toBe(0);
    expect(blurScore(laplacianVariance(tex, n))).toBe(1);
    const q = faceQuality(frontal(100, 100, 40), laplacianVariance(tex, n));
    expect(q.overall).toBeGreaterThan(0.8);
  });
});

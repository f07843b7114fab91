import { describe, expect, it } from 'vitest';
import { buildPyramid, squareWindow, warp } from './image';

function gradient(w: number, h: number) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      data[o] = x;
      data[o + 1] = y;
      data[o + 2] = 200;
      data[o + 3] = 255;
    }
  return { data, width: w, height: h };
}

describe('warp', () => {
  it('identity window reproduces the image in NCHW and NHWC with normalisation', () => {
    const img = gradient(8, 8);
    const pyr = buildPyramid(img);
    const chw = warp(pyr, squareWindow(0, 0, 8, 8), { width: 8, height: 8, layout: 'nchw' });
    expect(chw[3 * 8 + 5]).toBeCloseTo(5); // R plane = x
    expect(chw[64 + 3 * 8 + 5]).toBeCloseTo(3); // G plane = y
    const hwc = warp(pyr, squareWindow(0, 0, 8, 8), { width: 8, height: 8, layout: 'nhwc', scale: 2 / 255, offset: -1 });
    expect(hwc[(3 * 8 + 5) * 3 + 2]).toBeCloseTo((200 * 2) / 255 - 1);
  });

  it('fills outside the image with black and mirrors when flipped', () => {
    const pyr = buildPyramid(gradient(4, 4));
    const out = warp(pyr, squareWindow(-4, 0, 8, 8), { width: 8, height: 8, layout: 'nchw' });
    expect(out[2 * 8 + 0]).toBe(0);
    expect(out[64 * 2 + 2 * 8 + 6]).toBeCloseTo(200);
    const f = warp(pyr, squareWindow(0, 0, 4, 4), { width: 4, height: 4, layout: 'nchw', flip: true });
    expect(f[0]).toBeCloseTo(3);
  });

  it('downscales large images through the pyramid (area average, no aliasing)', () => {
    // 1-px checkerboard: point sampling would give 0 or 255; area averaging gives ~128
    const w = 512;
    const data = new Uint8ClampedArray(w * w * 4);
    for (let i = 0; i < w * w; i++) {
      const v = ((i % w) + Math.floor(i / w)) % 2 ? 255 : 0;
      data.set([v, v, v, 255], i * 4);
    }
    const pyr = buildPyramid({ data, width: w, height: w });
    expect(pyr.levels.length).toBeGreaterThan(2);
    const out = warp(pyr, squareWindow(0, 0, w, 64), { width: 64, height: 64, layout: 'nchw' });
    for (const v of out.subarray(0, 64 * 64)) expect(Math.abs(v - 127.5)).toBeLessThan(2);
  });
});

import { describe, expect, it } from 'vitest';
import { decode, iou, makeAnchors, planWindows, rescaleBox, suppressNested, weightedNms, DETECTOR_SIZE } from './blazeface';
import type { Detection, Landmarks } from './types';

const lm = (x: number, y: number) => Array.from({ length: 6 }, () => ({ x, y })) as Landmarks;

describe('BlazeFace anchors and decoding', () => {
  it('has 512 stride-16 and 384 stride-32 anchors in row-major cell order', () => {
    const { stride16, stride32 } = makeAnchors();
    expect(stride16).toHaveLength(512);
    expect(stride32).toHaveLength(384);
    expect(stride16[0]).toEqual({ x: 0.5 / 16, y: 0.5 / 16 });
    expect(stride16[2]).toEqual({ x: 1.5 / 16, y: 0.5 / 16 }); // 2 anchors per cell
    expect(stride32[6 * 8]).toEqual({ x: 0.5 / 8, y: 1.5 / 8 }); // 6 per cell, next row after 8 cells
  });

  it('decodes one confident anchor into source pixels through the window transform', () => {
    const s16 = new Float32Array(512).fill(-10);
    const b16 = new Float32Array(512 * 16);
    const s32 = new Float32Array(384).fill(-10);
    const b32 = new Float32Array(384 * 16);
    const i = (3 * 16 + 5) * 2; // cell (x=5, y=3), first anchor: centre (88, 56) in input px
    s16[i] = 3;
    b16.set([4, -2, 40, 50, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0], i * 16);
    const win = { x: 100, y: 20, side: 512 }; // input px × 2 + offset
    const [d] = decode(s16, b16, s32, b32, win, 0.5);
    expect(d.score).toBeCloseTo(1 / (1 + Math.exp(-3)), 6);
    expect(d.box.w).toBeCloseTo(80);
    expect(d.box.h).toBeCloseTo(100);
    expect(d.box.x + d.box.w / 2).toBeCloseTo((88 + 4) * 2 + 100);
    expect(d.box.y + d.box.h / 2).toBeCloseTo((56 - 2) * 2 + 20);
    expect(d.landmarks[1].x).toBeCloseTo((88 + 10) * 2 + 100);
    expect(decode(s16, b16, s32, b32, win, 0.99)).toHaveLength(0);
  });
});

describe('weightedNms', () => {
  it('blends overlapping detections by score and keeps separate faces apart', () => {
    const dets: Detection[] = [
      { box: { x: 0, y: 0, w: 10, h: 10 }, landmarks: lm(5, 5), score: 0.9 },
      { box: { x: 2, y: 0, w: 10, h: 10 }, landmarks: lm(7, 5), score: 0.6 },
      { box: { x: 100, y: 100, w: 10, h: 10 }, landmarks: lm(105, 105), score: 0.8 }
    ];
    const out = weightedNms(dets, 0.3);
    expect(out).toHaveLength(2);
    expect(out[0].score).toBe(0.9);
    expect(out[0].box.x).toBeCloseTo((0 * 0.9 + 2 * 0.6) / 1.5);
    expect(out[0].landmarks[0].x).toBeCloseTo((5 * 0.9 + 7 * 0.6) / 1.5);
  });

  it('iou of identical boxes is 1 and of disjoint boxes 0', () => {
    expect(iou({ x: 1, y: 1, w: 4, h: 4 }, { x: 1, y: 1, w: 4, h: 4 })).toBe(1);
    expect(iou({ x: 0, y: 0, w: 1, h: 1 }, { x: 2, y: 2, w: 1, h: 1 })).toBe(0);
  });
});

describe('planWindows', () => {
  it('covers the image with the whole view, a zoomed-out letterbox and overlapping tiles', () => {
    const w = planWindows(1000, 600, { whole: true, zoomOut: [2], tiles: [{ n: 3, tileFrac: 0.5 }], minTileSide: 192 });
    expect(w[0]).toEqual({ x: 0, y: -200, side: 1000 });
    expect(w[1]).toEqual({ x: -500, y: -700, side: 2000 });
    const tiles = w.slice(2);
    expect(tiles).toHaveLength(9);
    expect(tiles[0]).toEqual({ x: 0, y: 0, side: 500 });
    expect(tiles[8]).toEqual({ x: 500, y: 100, side: 500 });
    expect(DETECTOR_SIZE).toBe(256);
  });

  it('skips tiles too small to be useful', () => {
    expect(planWindows(300, 300, { whole: true, zoomOut: [], tiles: [{ n: 3, tileFrac: 0.5 }], minTileSide: 192 })).toHaveLength(1);
  });
});

describe('suppressNested and rescaleBox', () => {
  it('drops a lower-scoring box lying inside a better one, keeps neighbours', () => {
    const big: Detection = { box: { x: 0, y: 0, w: 100, h: 100 }, landmarks: lm(50, 50), score: 0.9 };
    const part: Detection = { box: { x: 10, y: 10, w: 30, h: 30 }, landmarks: lm(25, 25), score: 0.8 };
    const other: Detection = { box: { x: 90, y: 0, w: 100, h: 100 }, landmarks: lm(140, 50), score: 0.7 };
    expect(suppressNested([part, big, other], 0.5)).toEqual([big, other]);
  });
  it('rescales about the centre and shifts vertically by a fraction of the height', () => {
    expect(rescaleBox({ x: 0, y: 0, w: 100, h: 100 }, { w: 0.5, h: 2, dy: -0.1 })).toEqual({ x: 25, y: -60, w: 50, h: 200 });
  });
});

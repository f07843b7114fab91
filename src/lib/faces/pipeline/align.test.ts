import { describe, expect, it } from 'vitest';
import { alignWarp, chipTemplate, fitSimilarity } from './align';
import type { Landmarks } from './types';

describe('fitSimilarity', () => {
  it('recovers a known rotation + scale + translation exactly', () => {
    const from = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 3, y: 7 }, { x: -2, y: 5 }];
    const th = 0.3, s = 1.7, t = { x: 5, y: -3 };
    const a = s * Math.cos(th), b = s * Math.sin(th);
    const to = from.map((p) => ({ x: a * p.x - b * p.y + t.x, y: b * p.x + a * p.y + t.y }));
    const [ra, rb, tx, ty] = fitSimilarity(from, to);
    expect(ra).toBeCloseTo(a, 10);
    expect(rb).toBeCloseTo(b, 10);
    expect(tx).toBeCloseTo(t.x, 10);
    expect(ty).toBeCloseTo(t.y, 10);
  });
});

describe('alignWarp', () => {
  it('maps chip template points onto the detected keypoints (pixel-centre conventions included)', () => {
    const size = 150;
    const tpl = chipTemplate(size, 0.25);
    // a face 2× larger than the chip, rotated 90°, placed at (400, 300)
    const lm = tpl.map((p) => ({ x: 400 - 2 * p.y, y: 300 + 2 * p.x }));
    const full = [...lm, { x: 0, y: 0 }, { x: 0, y: 0 }] as unknown as Landmarks;
    const m = alignWarp(full, size, 0.25);
    for (let i = 0; i < 4; i++) {
      // chip continuous point p ↔ chip index p - 0.5; source index = continuous - 0.5
      const u = tpl[i].x - 0.5, v = tpl[i].y - 0.5;
      expect(m[0] * u + m[1] * v + m[2]).toBeCloseTo(lm[i].x - 0.5, 6);
      expect(m[3] * u + m[4] * v + m[5]).toBeCloseTo(lm[i].y - 0.5, 6);
    }
  });

  it('puts the eyes of the dlib template level and symmetric about the chip centre', () => {
    const [re, le, nose, mouth] = chipTemplate(150, 0.25);
    expect(re.y).toBeCloseTo(le.y, 6);
    expect(Math.abs((re.x + le.x) / 2 - 75)).toBeLessThan(1.5); // dlib's mean face is centred at x = 0.49
    expect(nose.y).toBeGreaterThan(re.y);
    expect(mouth.y).toBeGreaterThan(nose.y);
  });
});

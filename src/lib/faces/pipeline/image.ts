/**
 * Image sampling for the pipeline: a 2× mip pyramid (so large photos are area-averaged, not aliased,
 * when shrunk to a 256 px detector input or a 150 px face crop) and affine warps into model tensors.
 */
import type { RgbaImage } from './types';

export interface Pyramid {
  levels: RgbaImage[];
}

function halve(src: RgbaImage): RgbaImage {
  const w = Math.max(1, src.width >> 1);
  const h = Math.max(1, src.height >> 1);
  const out = new Uint8ClampedArray(w * h * 4);
  const s = src.data;
  const sw = src.width;
  for (let y = 0; y < h; y++) {
    const y0 = Math.min(2 * y, src.height - 1);
    const y1 = Math.min(2 * y + 1, src.height - 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.min(2 * x, sw - 1);
      const x1 = Math.min(2 * x + 1, sw - 1);
      const a = (y0 * sw + x0) * 4;
      const b = (y0 * sw + x1) * 4;
      const c = (y1 * sw + x0) * 4;
      const d = (y1 * sw + x1) * 4;
      const o = (y * w + x) * 4;
      out[o] = (s[a] + s[b] + s[c] + s[d] + 2) >> 2;
      out[o + 1] = (s[a + 1] + s[b + 1] + s[c + 1] + s[d + 1] + 2) >> 2;
      out[o + 2] = (s[a + 2] + s[b + 2] + s[c + 2] + s[d + 2] + 2) >> 2;
      out[o + 3] = 255;
    }
  }
  return { data: out, width: w, height: h };
}

export function buildPyramid(img: RgbaImage, minSide = 64): Pyramid {
  const levels = [img];
  while (Math.min(levels[levels.length - 1].width, levels[levels.length - 1].height) >= 2 * minSide) {
    levels.push(halve(levels[levels.length - 1]));
  }
  return { levels };
}

/** Affine map from destination pixel (u, v) to source pixel (x, y): x = a*u + b*v + c, y = d*u + e*v + f. */
export type Affine = [number, number, number, number, number, number];

export type Layout = 'nhwc' | 'nchw';

export interface WarpOptions {
  width: number;
  height: number;
  layout: Layout;
  /** value = pixel * scale + offset (e.g. 2/255, -1 for a -1..1 model input) */
  scale?: number;
  offset?: number;
  /** mirror horizontally (for flip test-time augmentation) */
  flip?: boolean;
  out?: Float32Array;
  outOffset?: number;
}

/**
 * Samples the source through `m` (dst→src, in level-0 pixel centres) with bilinear interpolation
 * from the pyramid level whose resolution best matches the warp's scale. Outside the image is black.
 */
export function warp(pyr: Pyramid, m: Affine, o: WarpOptions): Float32Array {
  const { width: W, height: H, layout } = o;
  const scale = o.scale ?? 1;
  const offset = o.offset ?? 0;
  const out = o.out ?? new Float32Array(W * H * 3);
  const base = o.outOffset ?? 0;
  const srcPerDst = Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3]));
  let level = 0;
  while (level + 1 < pyr.levels.length && srcPerDst / 2 ** (level + 1) >= 1) level++;
  const img = pyr.levels[level];
  const f = 2 ** level;
  const { width: sw, height: sh, data } = img;
  const plane = W * H;
  const black = offset; // pixel 0 after normalisation
  for (let v = 0; v < H; v++) {
    for (let u = 0; u < W; u++) {
      const uu = o.flip ? W - 1 - u : u;
      // level-0 coordinates of the destination pixel centre, then into this level's grid
      const x0 = m[0] * uu + m[1] * v + m[2];
      const y0 = m[3] * uu + m[4] * v + m[5];
      const x = (x0 + 0.5) / f - 0.5;
      const y = (y0 + 0.5) / f - 0.5;
      let r = black;
      let g = black;
      let b = black;
      if (x > -1 && y > -1 && x < sw && y < sh) {
        const xi = Math.floor(x);
        const yi = Math.floor(y);
        const fx = x - xi;
        const fy = y - yi;
        const xa = Math.max(0, xi);
        const xb = Math.min(sw - 1, xi + 1);
        const ya = Math.max(0, yi);
        const yb = Math.min(sh - 1, yi + 1);
        // pixels outside the image count as black so borders fade like zero padding
        const wa = (xi < 0 ? 0 : 1 - fx) * (yi < 0 ? 0 : 1 - fy);
        const wb = (xi + 1 >= sw ? 0 : fx) * (yi < 0 ? 0 : 1 - fy);
        const wc = (xi < 0 ? 0 : 1 - fx) * (yi + 1 >= sh ? 0 : fy);
        const wd = (xi + 1 >= sw ? 0 : fx) * (yi + 1 >= sh ? 0 : fy);
        const ia = (ya * sw + xa) * 4;
        const ib = (ya * sw + xb) * 4;
        const ic = (yb * sw + xa) * 4;
        const id = (yb * sw + xb) * 4;
        r = (data[ia] * wa + data[ib] * wb + data[ic] * wc + data[id] * wd) * scale + offset;
        g = (data[ia + 1] * wa + data[ib + 1] * wb + data[ic + 1] * wc + data[id + 1] * wd) * scale + offset;
        b = (data[ia + 2] * wa + data[ib + 2] * wb + data[ic + 2] * wc + data[id + 2] * wd) * scale + offset;
      }
      const p = v * W + u;
      if (layout === 'nchw') {
        out[base + p] = r;
        out[base + plane + p] = g;
        out[base + 2 * plane + p] = b;
      } else {
        out[base + 3 * p] = r;
        out[base + 3 * p + 1] = g;
        out[base + 3 * p + 2] = b;
      }
    }
  }
  return out;
}

/** Affine that places the source rectangle (sx, sy, side×side) onto a size×size destination. */
export function squareWindow(sx: number, sy: number, side: number, size: number): Affine {
  const s = side / size;
  // dst pixel centre u+0.5 ↔ src sx + (u+0.5)*s, minus 0.5 for the src pixel-centre convention
  return [s, 0, sx + 0.5 * s - 0.5, 0, s, sy + 0.5 * s - 0.5];
}

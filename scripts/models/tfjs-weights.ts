/**
 * Decodes a TFJS weights manifest (+ its .bin shards) into named float32 arrays.
 * Handles the uint8/uint16 affine quantisation face-api and human-models use (value = q * scale + min)
 * and float16 weights.
 */

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

export interface WeightGroup {
  paths: string[];
  weights: WeightEntry[];
}

export interface DecodedWeight {
  shape: number[];
  data: Float32Array | Int32Array;
}

function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * Math.pow(2, -14) * (m / 1024);
  if (e === 31) return m ? NaN : s * Infinity;
  return s * Math.pow(2, e - 15) * (1 + m / 1024);
}

export function decodeWeights(groups: WeightGroup[], readShard: (path: string) => Uint8Array): Map<string, DecodedWeight> {
  const out = new Map<string, DecodedWeight>();
  for (const g of groups) {
    const parts = g.paths.map(readShard);
    const total = parts.reduce((n, p) => n + p.length, 0);
    const buf = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      buf.set(p, o);
      o += p.length;
    }
    const view = new DataView(buf.buffer);
    let off = 0;
    for (const w of g.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const q = w.quantization;
      let data: Float32Array | Int32Array;
      if (q && (q.dtype === 'uint8' || q.dtype === 'uint16')) {
        const bytes = q.dtype === 'uint8' ? 1 : 2;
        data = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          const v = bytes === 1 ? buf[off + i] : view.getUint16(off + 2 * i, true);
          data[i] = v * q.scale! + q.min!;
        }
        off += n * bytes;
      } else if (q && q.dtype === 'float16') {
        data = new Float32Array(n);
        for (let i = 0; i < n; i++) data[i] = f16ToF32(view.getUint16(off + 2 * i, true));
        off += n * 2;
      } else if (w.dtype === 'float32') {
        data = new Float32Array(buf.buffer.slice(off, off + 4 * n));
        off += 4 * n;
      } else if (w.dtype === 'int32') {
        data = new Int32Array(buf.buffer.slice(off, off + 4 * n));
        off += 4 * n;
      } else {
        throw new Error(`unsupported weight dtype ${w.dtype} for ${w.name}`);
      }
      out.set(w.name, { shape: w.shape, data });
    }
    if (off !== total) throw new Error(`weights group ${g.paths.join(',')}: read ${off} of ${total} bytes`);
  }
  return out;
}

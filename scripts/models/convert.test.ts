/**
 * Converter equivalence: the committed ONNX graphs (onnxruntime-node) against the original
 * @vladmandic/face-api networks executed by its own TFJS (CPU backend), on real face crops from the
 * eval data when present and on a fixed synthetic input always.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { faceApiReference } from './faceapi-reference';
import { encodeModel } from './onnx-proto';
import { Graph, depthwiseToOihw, hwioToOihw } from './graph';

const ROOT = resolve(import.meta.dirname, '../..');
const EVAL_DIR = resolve(ROOT, '../shared/data/eval');
const FACEAPI_DIR = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));
const TOL = 1e-4;

function synthetic(size: number, seed: number): Float32Array {
  const a = new Float32Array(size * size * 3);
  let s = seed;
  for (let i = 0; i < a.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = Math.round((s / 2147483648) * 255);
  }
  return a;
}

async function realCrop(file: string, size: number): Promise<Float32Array> {
  // LFW deep-funneled images are centred on the face: a centre crop is a realistic face input
  const { data } = await sharp(file).extract({ left: 60, top: 60, width: 130, height: 130 }).resize(size, size).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return Float32Array.from(data);
}

const toNchw = (nhwc: Float32Array, size: number) => {
  const o = new Float32Array(nhwc.length);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) for (let c = 0; c < 3; c++) o[c * size * size + y * size + x] = nhwc[(y * size + x) * 3 + c];
  return o;
};

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('face-api → ONNX conversion', () => {
  let ref: Awaited<ReturnType<typeof faceApiReference>>;
  const inputs = (size: number) => async () => {
    const list = [synthetic(size, 7)];
    const lfw = join(EVAL_DIR, 'A_face_identity/lfw_dev/images');
    if (existsSync(lfw)) {
      for (const f of ['Benjamin_Netanyahu/Benjamin_Netanyahu_0001.jpg', 'Bill_Clinton/Bill_Clinton_0001.jpg']) list.push(await realCrop(join(lfw, f), size));
    } else console.warn('eval data absent (../shared/data/eval): converter equivalence checked on synthetic input only');
    return list;
  };

  beforeAll(async () => {
    ref = await faceApiReference(FACEAPI_DIR);
  }, 120_000);

  it('dlib ResNet descriptor matches face-api within 1e-4', async () => {
    const s = await ort.InferenceSession.create(join(ROOT, 'static/models/dlib-resnet-128.onnx'));
    for (const x of await inputs(150)()) {
      const out = await s.run({ input: new ort.Tensor('float32', toNchw(x, 150), [1, 3, 150, 150]) });
      const r = await ref.descriptor(x);
      expect(maxDiff(out.descriptor.data as Float32Array, r)).toBeLessThan(TOL);
    }
  }, 120_000);

  it('age/gender net matches face-api within 1e-4', async () => {
    const s = await ort.InferenceSession.create(join(ROOT, 'static/models/faceapi-age-gender.onnx'));
    for (const x of await inputs(112)()) {
      const out = await s.run({ input: new ort.Tensor('float32', toNchw(x, 112), [1, 3, 112, 112]) });
      const r = await ref.ageGender(x);
      // age is in years (tens): compare relative to its magnitude
      expect(Math.abs((out.age.data as Float32Array)[0] - r.age) / Math.max(1, Math.abs(r.age))).toBeLessThan(TOL);
      expect(maxDiff(out.gender.data as Float32Array, r.gender)).toBeLessThan(TOL);
    }
  }, 120_000);
});

describe('onnx-proto + layout helpers', () => {
  it('encodes a graph onnxruntime accepts and computes correctly (Conv with HWIO→OIHW weights)', async () => {
    // 1×1 conv, 2 in → 3 out channels: out[o] = Σ_i W[i][o]·x[i] + b[o]
    const hwio = Float32Array.from([1, 2, 3, 4, 5, 6]); // [1,1,2,3]
    const { data, dims } = hwioToOihw(hwio, [1, 1, 2, 3]);
    const g = new Graph();
    const y = g.op('Conv', ['input', g.const('W', dims, data), g.const('B', [3], Float32Array.from([0.5, 0, -1]))], { kernel_shape: { ints: [1, 1] } });
    const model = g.model({ name: 't', inputs: [{ name: 'input', shape: [1, 2, 1, 1] }], outputs: [{ name: 'y', shape: [1, 3, 1, 1] }], outputMap: { y } });
    const s = await ort.InferenceSession.create(encodeModel(model));
    const out = await s.run({ input: new ort.Tensor('float32', Float32Array.from([10, 100]), [1, 2, 1, 1]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([10 * 1 + 100 * 4 + 0.5, 10 * 2 + 100 * 5, 10 * 3 + 100 * 6 - 1]);
  });

  it('maps depthwise filters [kh,kw,c,1] to grouped-conv layout [c,1,kh,kw]', () => {
    // 1×2 kernel, 2 channels: TF order is (y, x, c)
    const { data, dims } = depthwiseToOihw(Float32Array.from([1, 2, 3, 4]), [1, 2, 2, 1]);
    expect(dims).toEqual([2, 1, 1, 2]);
    expect(Array.from(data)).toEqual([1, 3, 2, 4]);
  });

  it('reads back weights decoded from a quantised manifest', async () => {
    const { decodeWeights } = await import('./tfjs-weights');
    const w = decodeWeights([{ paths: ['a'], weights: [{ name: 'q', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } }, { name: 'f', shape: [1], dtype: 'float32' }] }], () =>
      Uint8Array.from([0, 4, ...new Uint8Array(Float32Array.from([2.5]).buffer)])
    );
    expect(Array.from(w.get('q')!.data)).toEqual([-1, 1]);
    expect(Array.from(w.get('f')!.data)).toEqual([2.5]);
  });
});

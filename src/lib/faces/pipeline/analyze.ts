/**
 * The face pipeline: detect (multi-window BlazeFace) → align → embed (dlib ResNet, flip TTA) →
 * age/gender → quality. Pure: all model execution goes through the injected ModelRunners, so the
 * same code runs in Node (onnxruntime-node) and in the browser worker (onnxruntime-web).
 */
import { decode, iou, planWindows, rescaleBox, suppressNested, weightedNms, DETECTOR_SIZE, type Window } from './blazeface';
import { alignWarp } from './align';
import { buildPyramid, squareWindow, warp, type Pyramid } from './image';
import { AGE_GENDER_IO, DETECTOR_IO, EMBEDDER_IO } from './models';
import { PIPELINE_CONFIG, type PipelineConfig } from './config';
import { eyeDistance, faceQuality, laplacianVariance } from './quality';
import type { Detection, FaceModels, FaceResult, RgbaImage } from './types';

export interface StageTimings {
  detectMs: number;
  embedMs: number;
  ageGenderMs: number;
  /** the part of each stage spent inside the model runtime (the rest is this file's JS: resampling, decoding, merging) */
  detectModelMs: number;
  embedModelMs: number;
  ageGenderModelMs: number;
  faces: number;
}

export const emptyTimings = (): StageTimings => ({ detectMs: 0, embedMs: 0, ageGenderMs: 0, detectModelMs: 0, embedModelMs: 0, ageGenderModelMs: 0, faces: 0 });

/** Accumulates time spent inside model runs, per stage (one per analysis, so concurrent calls don't mix). */
type ModelClock = { detect: number; embed: number; ageGender: number };

export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / n;
  return out;
}

export function validateImage(img: RgbaImage): void {
  if (!img || !img.data || !Number.isInteger(img.width) || !Number.isInteger(img.height) || img.width <= 0 || img.height <= 0) {
    throw new Error('analyzeImage: expected {data, width, height} with positive integer width and height');
  }
  if (img.data.length !== img.width * img.height * 4) {
    throw new Error(`analyzeImage: data has ${img.data.length} bytes, expected width*height*4 = ${img.width * img.height * 4} (RGBA)`);
  }
}

export function createFaceAnalyzer(models: FaceModels, config: PipelineConfig = PIPELINE_CONFIG) {
  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

  async function timed<T>(clock: ModelClock | undefined, stage: keyof ModelClock, run: () => Promise<T>): Promise<T> {
    if (!clock) return run();
    const t = now();
    try {
      return await run();
    } finally {
      clock[stage] += now() - t;
    }
  }

  /** Runs the detector on one source window; detections with score ≥ minScore, in source pixels. */
  async function detectWindow(pyr: Pyramid, win: Window, minScore: number, clock?: ModelClock): Promise<Detection[]> {
    const input = warp(pyr, squareWindow(win.x, win.y, win.side, DETECTOR_SIZE), {
      width: DETECTOR_SIZE,
      height: DETECTOR_SIZE,
      layout: 'nhwc',
      scale: config.detectorScale,
      offset: config.detectorOffset
    });
    const out = await timed(clock, 'detect', () => models.detector.run({ [DETECTOR_IO.input]: { data: input, dims: [1, DETECTOR_SIZE, DETECTOR_SIZE, 3] } }));
    return decode(out[DETECTOR_IO.scores16].data, out[DETECTOR_IO.boxes16].data, out[DETECTOR_IO.scores32].data, out[DETECTOR_IO.boxes32].data, win, minScore);
  }

  /**
   * Second look at a borderline face: the detector again on a window centred on it, the face filling
   * 1/verify.zoom of it (BlazeFace's comfortable scale). Real faces usually score high there, most
   * false positives do not. Returns the best score of a detection overlapping the face.
   */
  async function verifyScore(pyr: Pyramid, face: Detection, clock?: ModelClock): Promise<number> {
    const side = Math.max(face.box.w, face.box.h) * config.verify.zoom;
    const win = { x: face.box.x + face.box.w / 2 - side / 2, y: face.box.y + face.box.h / 2 - side / 2, side };
    const again = await detectWindow(pyr, win, config.verify.candidateScore, clock);
    return Math.max(0, ...again.filter((d) => iou(rescaleBox(d.box, config.boxScale), face.box) >= config.verify.minIou).map((d) => d.score));
  }

  async function detectInPyramid(pyr: Pyramid, clock?: ModelClock): Promise<Detection[]> {
    const { width, height } = pyr.levels[0];
    const candidates: Detection[] = [];
    for (const win of planWindows(width, height, config.windows)) candidates.push(...(await detectWindow(pyr, win, config.candidateScore, clock)));
    const threshold = (d: Detection) => (d.box.w < config.smallFaceSide ? config.smallFaceScore : config.detectScore);
    const merged = weightedNms(candidates, config.nmsIou).filter((d) => d.score >= config.verify.from && eyeDistance(d.landmarks) >= config.minEyeDistance);
    // nested boxes are compared in the detector's own box convention, then boxes are rescaled for reporting
    const faces: Detection[] = [];
    for (const d of suppressNested(merged, config.nestedOverlap)) {
      const face = { ...d, box: rescaleBox(d.box, config.boxScale) };
      if (d.score >= threshold(d)) faces.push(face);
      else {
        const v = await verifyScore(pyr, face, clock);
        if (v >= config.verify.score) faces.push({ ...face, score: Math.max(d.score, v) });
      }
    }
    return faces;
  }

  async function detect(img: RgbaImage): Promise<Detection[]> {
    validateImage(img);
    return detectInPyramid(buildPyramid(img));
  }

  /**
   * One NCHW batch of aligned S×S face chips, each followed by its mirror image when `flip` is set
   * (test-time augmentation: the model's outputs for both views are averaged by the caller).
   */
  function alignedBatch(pyr: Pyramid, dets: Detection[], S: number, padding: number, flip: boolean) {
    const per = 3 * S * S;
    const views = flip ? 2 : 1;
    const batch = new Float32Array(dets.length * views * per);
    dets.forEach((d, i) => {
      const m = alignWarp(d.landmarks, S, padding);
      warp(pyr, m, { width: S, height: S, layout: 'nchw', out: batch, outOffset: i * views * per });
      if (flip) warp(pyr, m, { width: S, height: S, layout: 'nchw', flip: true, out: batch, outOffset: (i * views + 1) * per });
    });
    return { batch, views, per };
  }

  /** Embeddings for the given detections (flip TTA per config), L2-normalised. */
  async function embed(pyr: Pyramid, dets: Detection[], clock?: ModelClock): Promise<{ embeddings: Float32Array[]; lapVars: number[] }> {
    const S = EMBEDDER_IO.size;
    const { batch, views, per } = alignedBatch(pyr, dets, S, config.embedPadding, config.flipTta);
    const out = await timed(clock, 'embed', () => models.embedder.run({ [EMBEDDER_IO.input]: { data: batch, dims: [dets.length * views, 3, S, S] } }));
    const D = EMBEDDER_IO.dims;
    const raw = out[EMBEDDER_IO.output].data;
    const embeddings = dets.map((_, i) => {
      const v = new Float32Array(D);
      for (let k = 0; k < views; k++) {
        const e = l2normalize(raw.subarray((i * views + k) * D, (i * views + k + 1) * D));
        for (let j = 0; j < D; j++) v[j] += e[j];
      }
      return l2normalize(v);
    });
    const lapVars = dets.map((_, i) => laplacianVariance(batch, S, i * views * per));
    return { embeddings, lapVars };
  }

  async function ageGender(pyr: Pyramid, dets: Detection[], clock?: ModelClock) {
    const S = AGE_GENDER_IO.size;
    const { batch, views } = alignedBatch(pyr, dets, S, config.ageGenderPadding, config.ageGenderFlipTta);
    const out = await timed(clock, 'ageGender', () => models.ageGender.run({ [AGE_GENDER_IO.input]: { data: batch, dims: [dets.length * views, 3, S, S] } }));
    const a = out[AGE_GENDER_IO.age].data;
    const g = out[AGE_GENDER_IO.gender].data;
    return dets.map((_, i) => {
      let age = 0;
      let male = 0;
      for (let k = 0; k < views; k++) {
        age += a[i * views + k] / views;
        male += g[2 * (i * views + k)] / views;
      }
      return {
        age: Math.max(0, age),
        gender: male >= 0.5 ? { label: 'male' as const, confidence: male } : { label: 'female' as const, confidence: 1 - male }
      };
    });
  }

  async function analyzeImage(img: RgbaImage, timings?: StageTimings): Promise<FaceResult[]> {
    validateImage(img);
    const clock: ModelClock | undefined = timings ? { detect: 0, embed: 0, ageGender: 0 } : undefined;
    const report = (t1: number, t2: number, t3: number, faces: number) =>
      timings &&
      clock &&
      Object.assign(timings, { detectMs: t1 - t0, embedMs: t2 - t1, ageGenderMs: t3 - t2, detectModelMs: clock.detect, embedModelMs: clock.embed, ageGenderModelMs: clock.ageGender, faces });
    const t0 = now();
    const pyr = buildPyramid(img);
    const dets = await detectInPyramid(pyr, clock);
    const t1 = now();
    if (dets.length === 0) {
      report(t1, t1, t1, 0);
      return [];
    }
    const { embeddings, lapVars } = await embed(pyr, dets, clock);
    const t2 = now();
    const ag = await ageGender(pyr, dets, clock);
    const t3 = now();
    report(t1, t2, t3, dets.length);
    return dets.map((d, i) => ({
      box: d.box,
      landmarks: d.landmarks,
      score: d.score,
      quality: faceQuality(d.landmarks, lapVars[i]),
      embedding: embeddings[i],
      age: ag[i].age,
      gender: ag[i].gender
    }));
  }

  return { analyzeImage, detect, embedDetections: (img: RgbaImage, dets: Detection[]) => embed(buildPyramid(img), dets) };
}

export type FaceAnalyzer = ReturnType<typeof createFaceAnalyzer>;

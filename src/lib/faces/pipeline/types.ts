/** Public types of the face pipeline (shared by the worker, face-app, people and talent features). */

/** An RGBA image in source pixels (ImageData-compatible). */
export interface RgbaImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * BlazeFace keypoints in source pixels, in this order:
 * 0 right eye, 1 left eye (the subject's; i.e. image-left eye first for a frontal face),
 * 2 nose tip, 3 mouth centre, 4 right ear tragion, 5 left ear tragion.
 */
export type Landmarks = [Point, Point, Point, Point, Point, Point];

export interface FaceQuality {
  /** 0..1 from the face's size in pixels (inter-ocular distance) */
  size: number;
  /** 0..1, 1 = sharp (variance of the Laplacian of the aligned crop) */
  blur: number;
  /** 0..1, 1 = frontal (from keypoint symmetry) */
  pose: number;
  /** 0..1 combined; poor faces (< QUALITY_MIN_FOR_GROUPING) should not drive grouping */
  overall: number;
}

export interface FaceResult {
  box: Box;
  landmarks: Landmarks;
  /** detector confidence 0..1 */
  score: number;
  quality: FaceQuality;
  /** L2-normalised; compare with dot product (cosine similarity) */
  embedding: Float32Array;
  /** estimated age in years (an estimate; see docs/faces-engine.md for error by age band) */
  age: number;
  gender: { label: 'female' | 'male'; confidence: number };
}

export interface Detection {
  box: Box;
  landmarks: Landmarks;
  score: number;
}

/** Minimal tensor shape the pipeline exchanges with a runtime (node or web). */
export interface TensorData {
  data: Float32Array;
  dims: number[];
}

/** A loaded model: onnxruntime-node and onnxruntime-web sessions are wrapped into this. */
export interface ModelRunner {
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
}

export interface FaceModels {
  detector: ModelRunner;
  embedder: ModelRunner;
  ageGender: ModelRunner;
}

export interface BackendInfo {
  runtime: 'onnxruntime-node' | 'onnxruntime-web';
  executionProvider: string;
  threads: number;
  crossOriginIsolated?: boolean;
  note?: string;
}

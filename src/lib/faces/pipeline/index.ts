/** Public entry of the face pipeline (runtime-independent; pick session-node or session-web). */
export * from './types';
export { createFaceAnalyzer, l2normalize, type FaceAnalyzer, type StageTimings } from './analyze';
export { PIPELINE_CONFIG } from './config';
export { MODEL_FILES } from './models';
export { primaryFaceIndex, faceAtPoint } from './select';
export * from './thresholds';

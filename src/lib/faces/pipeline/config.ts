/**
 * The pipeline's one fixed configuration (used by the app, eval:faces and bench:faces alike).
 * Values were chosen by measurement on the dev sets; see docs/faces-engine.md.
 */
import type { WindowPlan } from './blazeface';

export const PIPELINE_CONFIG = {
  /** Detector windows: the whole image, a 2× letterbox for close-ups, and a 3×3 grid of half-size tiles. */
  windows: { whole: true, zoomOut: [2], tiles: [{ n: 3, tileFrac: 0.5 }], minTileSide: 192 } satisfies WindowPlan,
  /** candidates below this are dropped before merging windows */
  candidateScore: 0.5,
  /** a merged face is reported if its best window score reaches this */
  detectScore: 0.735,
  /** …and faces narrower than smallFaceSide px need this score (tiny detections are the usual false positives) */
  smallFaceScore: 0.8,
  smallFaceSide: 32,
  /** weighted-NMS overlap for merging the same face seen in several windows */
  nmsIou: 0.3,
  /** after NMS, a face box mostly inside a better one (intersection / smaller area ≥ this) is a duplicate */
  nestedOverlap: 0.5,
  /**
   * Borderline faces (score from `from` up to the threshold above) get a second look: the detector on a
   * window `zoom` × the face's size centred on it; kept if a detection there overlapping the face
   * (IoU ≥ minIou) scores ≥ `score`. eval:faces on wider_val_dev (session 2): recall ≥ 40 px 0.854 → 0.864
   * at 0.177 → 0.192 false positives/image; utkface close-ups missed 6 → 1. In a one-off comparison from
   * the same start (0.854 at 0.167), a threshold of 0.72 instead gave 0.866 at 0.212, this 0.864 at 0.182.
   */
  verify: { from: 0.5, zoom: 4, candidateScore: 0.05, minIou: 0.4, score: 0.8 },
  /**
   * BlazeFace boxes are square-ish and centred on the eyes/nose; reported boxes are mapped to the usual
   * forehead-to-chin face box (median ratios to WIDER FACE annotations): width ×0.925, height ×1.222,
   * centre moved up by 0.1 × height. Landmarks are unaffected.
   */
  boxScale: { w: 0.925, h: 1.222, dy: -0.1 },
  /** detector input normalisation: pixel * scale + offset */
  detectorScale: 2 / 255,
  detectorOffset: -1,
  /** dlib chip: 150 px with 0.25 padding (as dlib's get_face_chip_details) */
  embedPadding: 0.25,
  /** average the embedding of the chip and its mirror image */
  flipTta: true,
  /** age/gender chip padding around the mean-face box (0.35 measured best of 0.1–0.6 on utkface_dev) */
  ageGenderPadding: 0.35,
  /** average age and gender over the chip and its mirror image */
  ageGenderFlipTta: true,
  /** faces whose eyes are closer than this (source px) are not reported: too small to identify */
  minEyeDistance: 4
};

export type PipelineConfig = typeof PIPELINE_CONFIG;

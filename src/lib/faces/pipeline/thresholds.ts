/**
 * Decision thresholds on the cosine similarity of two L2-normalised embeddings (dot product).
 * Measured with `npx tsx scripts/eval/dump-embeddings.ts --sets lfw_dev,deepface_dev` then
 * `npx tsx scripts/eval/thresholds.ts` on the dev sets with clusters.json: 992 faces of 493
 * identities (lfw_dev 931 faces / 480 people, deepface_dev 61 / 13), 1,355 genuine pairs and
 * 433,390 impostor pairs (different identities within a set). Limits: pairs share faces, so they
 * are not independent; LFW people are public figures, mostly adult and light-skinned; the 1e-4
 * point rests on 43 impostor pairs above it. See docs/faces-engine.md.
 */

/** Same person / different person for 1:1 verification: best balanced accuracy (0.991) on the pairs above. */
export const VERIFY_THRESHOLD = 0.9125;

/** Cleared-talent matching: impostor false-match rate ≤ 1e-4 above this (genuine pairs accepted: 85.7%). */
export const TALENT_CLEARED_THRESHOLD = 0.941;

/** Cleared-talent matching: impostor false-match rate ≤ 1e-2 above this (genuine pairs accepted: 99.3%). */
export const TALENT_POSSIBLE_THRESHOLD = 0.9125;

/** Faces below this overall quality should not seed groups or talent matches. */
export const QUALITY_MIN_FOR_GROUPING = 0.5;

/**
 * Decision thresholds on the cosine similarity of two L2-normalised embeddings (dot product),
 * measured by `npm run eval:faces` / `npx tsx scripts/eval/thresholds.ts` on the dev sets.
 * See docs/faces-engine.md for how they were measured and their statistical limits.
 */

/** Same person / different person for 1:1 verification. */
export const VERIFY_THRESHOLD = 0.92;

/** Cleared-talent matching: similarity at which impostor false-match rate ≤ 1e-4 ("cleared"). */
export const TALENT_CLEARED_THRESHOLD = 0.95;

/** Cleared-talent matching: similarity at which impostor false-match rate ≤ 1e-2 ("possible match"). */
export const TALENT_POSSIBLE_THRESHOLD = 0.92;

/** Faces below this overall quality should not seed groups or talent matches. */
export const QUALITY_MIN_FOR_GROUPING = 0.5;

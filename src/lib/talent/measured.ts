// The face engine's measured operating points (see src/lib/faces/pipeline/thresholds.ts and
// docs/faces-engine.md): cleared may never be laxer than the FMR ≤ 1e-4 point.
import { TALENT_CLEARED_THRESHOLD, TALENT_POSSIBLE_THRESHOLD } from '../faces/pipeline/thresholds';
import type { MeasuredThresholds } from './bands';

export const MEASURED: MeasuredThresholds = {
	fmr1e4: TALENT_CLEARED_THRESHOLD,
	possible: TALENT_POSSIBLE_THRESHOLD,
	source: 'false-match rates measured by `npm run eval:faces` on the evaluation verification sets (docs/faces-engine.md)'
};

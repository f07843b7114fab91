// Tracker thresholds for the app's embedder (dlib ResNet, L2-normalised, cosine). Its
// similarities sit high for everyone, so "looks different" and "looks the same" are set around
// the engine's measured verification threshold rather than the generic defaults.
import { TALENT_CLEARED_THRESHOLD, VERIFY_THRESHOLD } from '../pipeline/thresholds';
import { DEFAULT_TRACKER, type TrackerOptions } from './tracker';

export const APP_TRACKER: TrackerOptions = {
	...DEFAULT_TRACKER,
	// Below this two faces are different people even if their boxes overlap (a cut). Set well
	// under the verification threshold: on small, blurred video faces the same person measured
	// 0.88–0.97 between samples (short_hamilton_clip.mp4).
	minSimilarity: VERIFY_THRESHOLD - 0.06,
	// Above this a face continues a track wherever it appears in the frame (fast moves). High:
	// different people on the same stage measured up to 0.945.
	strongSimilarity: TALENT_CLEARED_THRESHOLD
};

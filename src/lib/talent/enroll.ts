// Quality rules for reference photos: exactly one clear face, big enough, sharp, roughly
// frontal, and (after the first) the same person as the other references. Every refusal says
// why, so the user can pick a better photo.
import { cosine } from './similarity';

export interface DetectedFace {
	box: { x: number; y: number; w: number; h: number };
	score: number;
	quality: { size: number; blur: number; pose: number; overall: number };
	embedding: Float32Array;
}

export const REFERENCE_RULES = {
	/** Face box side in source pixels. */
	minFacePx: 80,
	minDetectorScore: 0.85,
	/** Sharpness score (0..1, from the variance of the Laplacian on the aligned face). */
	minSharpness: 0.35,
	/** Frontal-ness (0..1, from keypoint symmetry). */
	minPose: 0.45,
	/** A second face at least this fraction of the main face's size makes the photo ambiguous. */
	secondFaceRatio: 0.5,
	/** Above this similarity a new reference duplicates one already enrolled. */
	duplicateSimilarity: 0.995
} as const;

export type ReferenceCheck =
	| { ok: true; face: DetectedFace; consistency: number | null }
	| { ok: false; code: 'no-face' | 'several-faces' | 'too-small' | 'unclear' | 'blurred' | 'turned' | 'duplicate' | 'different-person'; reason: string };

/**
 * Checks one photo's detected faces (in source pixels, scale applied) against the rules and the
 * talent's existing references; `samePersonMin` is the "possible" similarity threshold.
 */
export function checkReference(
	faces: readonly DetectedFace[],
	existing: readonly ArrayLike<number>[],
	samePersonMin: number,
	rules = REFERENCE_RULES
): ReferenceCheck {
	if (!faces.length) return { ok: false, code: 'no-face', reason: 'No face was found. Use a photo where the person’s face is clearly visible.' };
	const sorted = [...faces].sort((a, b) => b.box.w * b.box.h - a.box.w * a.box.h);
	const main = sorted[0];
	const side = Math.min(main.box.w, main.box.h);
	const others = sorted.slice(1).filter((f) => Math.min(f.box.w, f.box.h) >= side * rules.secondFaceRatio);
	if (others.length)
		return { ok: false, code: 'several-faces', reason: `${others.length + 1} faces were found. Use a photo that shows only this person (crop out the others).` };
	if (side < rules.minFacePx)
		return { ok: false, code: 'too-small', reason: `The face is only ${Math.round(side)} px across; at least ${rules.minFacePx} px is needed. Use a closer or higher-resolution photo.` };
	if (main.score < rules.minDetectorScore)
		return { ok: false, code: 'unclear', reason: `The face is not clear enough (detector confidence ${main.score.toFixed(2)}). Use a well-lit photo without sunglasses or masks.` };
	if (main.quality.blur < rules.minSharpness)
		return { ok: false, code: 'blurred', reason: `The face is blurred (sharpness ${main.quality.blur.toFixed(2)}, at least ${rules.minSharpness} needed). Use a sharper photo.` };
	if (main.quality.pose < rules.minPose)
		return { ok: false, code: 'turned', reason: `The face is turned too far from the camera (pose ${main.quality.pose.toFixed(2)}). Use a photo facing the camera.` };
	let best: number | null = null;
	for (const e of existing) {
		const s = cosine(main.embedding, e);
		if (s >= rules.duplicateSimilarity) return { ok: false, code: 'duplicate', reason: 'This photo is already one of the references.' };
		best = best === null ? s : Math.max(best, s);
	}
	if (best !== null && best < samePersonMin)
		return {
			ok: false,
			code: 'different-person',
			reason: `This face does not look like the other reference photos (similarity ${best.toFixed(2)}, at least ${samePersonMin.toFixed(2)} expected). Check it is the same person.`
		};
	return { ok: true, face: main, consistency: best };
}

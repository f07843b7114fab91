// Words for estimates shown to people. Age and gender are model estimates with known error (see
// docs/faces-engine.md), so the UI shows a band and a confidence, never a bare "fact".
import type { Face } from './types';

const BANDS: [number, string][] = [
	[3, '0–2'],
	[13, '3–12'],
	[18, '13–17'],
	[25, '18–24'],
	[35, '25–34'],
	[45, '35–44'],
	[55, '45–54'],
	[65, '55–64'],
	[Infinity, '65+']
];

/** Age band for an estimated age in years. */
export function ageBand(age: number): string {
	if (!Number.isFinite(age) || age < 0) return 'unknown';
	return BANDS.find(([max]) => age < max)![1];
}

/**
 * Below this estimated age the gender estimate is not shown: on the dev set it is right for only 75% of
 * faces aged 0–2 (vs 90–100% for older ones; docs/faces-engine.md, weak spots), close to a coin toss.
 */
export const GENDER_MIN_AGE = 3;

export function genderEstimate(f: Pick<Face, 'gender' | 'genderConfidence' | 'age'>): string {
	if (Number.isFinite(f.age) && f.age < GENDER_MIN_AGE) return 'not shown for babies and toddlers (unreliable)';
	const pct = Math.round(Math.max(0.5, Math.min(1, f.genderConfidence)) * 100);
	return `${f.gender} (${pct}% confidence)`;
}

export function qualityLabel(q: number): 'good' | 'fair' | 'poor' {
	return q >= 0.6 ? 'good' : q >= 0.35 ? 'fair' : 'poor';
}

/** "0:07.5" for a frame time in seconds. */
export function formatFrameTime(t: number): string {
	const m = Math.floor(t / 60);
	const s = t - m * 60;
	return `${m}:${s < 10 ? '0' : ''}${s.toFixed(1)}`;
}

/** Short accessible description of a face for lists and box labels. */
export function describeFace(f: Face, index: number): string {
	const head = f.frameTime !== undefined ? `Face ${index + 1} at ${formatFrameTime(f.frameTime)}` : `Face ${index + 1}`;
	const parts = [head];
	parts.push(`estimated age ${ageBand(f.age)}`, `gender estimate ${genderEstimate(f)}`, `quality ${qualityLabel(f.quality)}`);
	return parts.join(', ');
}

// Shot boundaries from a frame-difference signal (mean absolute luma difference between
// consecutive sampled frames, 0..1). A cut is a local peak that stands well above the local
// level of motion, so pans and noise do not count but hard cuts do.
import type { TimeRange } from './types';

export interface DiffSample {
	t: number;
	d: number;
}

export interface SceneOptions {
	/** Absolute floor: differences below this are never cuts. */
	minDiff?: number;
	/** How many median-absolute-deviations above the local median a cut must stand. */
	k?: number;
	/** Half-width of the local window, in samples. */
	window?: number;
	/** Minimum shot length in seconds. */
	minShotS?: number;
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function detectCuts(signal: DiffSample[], o: SceneOptions = {}): number[] {
	const minDiff = o.minDiff ?? 0.06;
	const k = o.k ?? 4;
	const w = o.window ?? 8;
	const minShot = o.minShotS ?? 0.5;
	const cuts: number[] = [];
	for (let i = 0; i < signal.length; i++) {
		const d = signal[i].d;
		if (d < minDiff) continue;
		const lo = Math.max(0, i - w);
		const hi = Math.min(signal.length, i + w + 1);
		const around: number[] = [];
		for (let j = lo; j < hi; j++) if (j !== i) around.push(signal[j].d);
		if (around.length === 0) continue;
		const med = median(around);
		const mad = median(around.map((x) => Math.abs(x - med))) || 0.005;
		const isPeak = around.every((x, idx) => x <= d || Math.abs(idx + lo - i) > 1);
		if (!isPeak || d < med + k * mad) continue;
		const last = cuts[cuts.length - 1];
		if (last !== undefined && signal[i].t - last < minShot) continue;
		cuts.push(signal[i].t);
	}
	return cuts;
}

/** Shots between cuts, covering [0, duration]. */
export function shotsFromCuts(cuts: number[], duration: number): TimeRange[] {
	const edges = [0, ...cuts.filter((c) => c > 0 && c < duration), duration];
	const shots: TimeRange[] = [];
	for (let i = 0; i + 1 < edges.length; i++) if (edges[i + 1] > edges[i]) shots.push({ start: edges[i], end: edges[i + 1] });
	return shots;
}

/** Mean absolute difference of two equally sized luma arrays, normalised to 0..1. */
export function frameDifference(a: Uint8Array | Uint8ClampedArray, b: Uint8Array | Uint8ClampedArray): number {
	const n = Math.min(a.length, b.length);
	if (n === 0) return 0;
	let s = 0;
	for (let i = 0; i < n; i++) s += Math.abs(a[i] - b[i]);
	return s / n / 255;
}

/** RGBA pixels → luma (Rec. 601 weights), the signal the detector compares. */
export function lumaFromRgba(rgba: Uint8ClampedArray | Uint8Array): Uint8Array {
	const out = new Uint8Array(rgba.length / 4);
	for (let i = 0, j = 0; j < out.length; i += 4, j++) out[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
	return out;
}

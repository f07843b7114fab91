// Links per-frame face detections of one video into tracks (one track ≈ one person on screen),
// so the media engine can reframe around a person and People can treat a track as one sighting.
// Greedy matching per frame: a detection continues a recent track when the boxes overlap and the
// faces look alike, or — across a fast move or a brief occlusion — when they look very alike.
import type { FaceBox } from '../types';
import { iou } from '../pipeline/blazeface';

export { iou };

export interface TrackInput {
	box: FaceBox;
	/** L2-normalised embedding; without one, matching falls back to overlap alone. */
	embedding?: Float32Array;
}

export interface TrackerOptions {
	/** Minimum IoU for a positional match. */
	minIou: number;
	/** Or: centres at most this many face sizes apart (faces move between sparse samples). */
	maxShift: number;
	/** Cosine similarity below which two faces are never the same track (even when overlapping). */
	minSimilarity: number;
	/** Cosine similarity at which faces are linked without any overlap. */
	strongSimilarity: number;
	/** Seconds a track may go unseen and still be continued. */
	maxGap: number;
}

/** Defaults for L2-normalised face embeddings; the engine's measured thresholds may override. */
export const DEFAULT_TRACKER: TrackerOptions = { minIou: 0.2, maxShift: 1, minSimilarity: 0.3, strongSimilarity: 0.6, maxGap: 2.5 };


/** Distance between box centres in units of the larger side of `a`. */
export function shift(a: FaceBox, b: FaceBox): number {
	const dx = a.x + a.w / 2 - (b.x + b.w / 2);
	const dy = a.y + a.h / 2 - (b.y + b.h / 2);
	return Math.hypot(dx, dy) / Math.max(a.w, a.h, 1e-9);
}

export function cosine(a: Float32Array, b: Float32Array): number {
	let dot = 0;
	let na = 0;
	let nb = 0;
	const n = Math.min(a.length, b.length);
	for (let i = 0; i < n; i++) {
		dot += a[i] * b[i];
		na += a[i] * a[i];
		nb += b[i] * b[i];
	}
	return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

interface Track {
	id: number;
	box: FaceBox;
	lastTime: number;
	/** Running sum of member embeddings (direction = mean appearance). */
	sum?: Float32Array;
}

/**
 * Incremental tracker: feed frames in time order with `push`, read a track number per detection.
 * Pure and deterministic (track numbers 1, 2, … in order of first appearance).
 */
export class FaceTracker {
	private tracks: Track[] = [];
	private next = 1;
	private lastTime = -Infinity;
	constructor(private opts: TrackerOptions = DEFAULT_TRACKER) {}

	/** Assigns a track number to each detection of the frame at `time` seconds. */
	push(time: number, faces: TrackInput[]): number[] {
		if (time < this.lastTime) throw new Error('frames must be pushed in time order');
		this.lastTime = time;
		const o = this.opts;
		const live = this.tracks.filter((t) => time - t.lastTime <= o.maxGap);
		const pairs: { t: Track; d: number; score: number }[] = [];
		faces.forEach((f, d) => {
			for (const t of live) {
				const overlap = iou(t.box, f.box);
				const sim = f.embedding && t.sum ? cosine(f.embedding, t.sum) : undefined;
				if (sim !== undefined && sim < o.minSimilarity) continue;
				const positional = overlap >= o.minIou || shift(t.box, f.box) <= o.maxShift;
				const lookalike = sim !== undefined && sim >= o.strongSimilarity;
				if (!positional && !lookalike) continue;
				pairs.push({ t, d, score: overlap + (sim ?? overlap) });
			}
		});
		pairs.sort((a, b) => b.score - a.score || a.t.id - b.t.id || a.d - b.d);
		const out = new Array<number>(faces.length).fill(0);
		const usedTracks = new Set<Track>();
		for (const p of pairs) {
			if (out[p.d] || usedTracks.has(p.t)) continue;
			out[p.d] = p.t.id;
			usedTracks.add(p.t);
		}
		faces.forEach((f, d) => {
			let t = out[d] ? this.tracks.find((x) => x.id === out[d])! : undefined;
			if (!t) {
				t = { id: this.next++, box: f.box, lastTime: time };
				this.tracks.push(t);
				out[d] = t.id;
			}
			t.box = f.box;
			t.lastTime = time;
			if (f.embedding) {
				if (!t.sum) t.sum = new Float32Array(f.embedding);
				else for (let i = 0; i < t.sum.length; i++) t.sum[i] += f.embedding[i];
			}
		});
		return out;
	}
}

/** Convenience: tracks for a whole video at once (frames in any order). */
export function trackFaces(frames: { time: number; faces: TrackInput[] }[], opts?: TrackerOptions): number[][] {
	const order = frames.map((_, i) => i).sort((a, b) => frames[a].time - frames[b].time);
	const tracker = new FaceTracker(opts);
	const out: number[][] = new Array(frames.length);
	for (const i of order) out[i] = tracker.push(frames[i].time, frames[i].faces);
	return out;
}

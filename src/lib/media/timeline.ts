// Timeline math: in/out points and cut segments become the ordered list of source ranges that
// are kept, and times are mapped between the source and the edited output.
import type { TimeRange } from './types';

/** Ranges shorter than this are dropped: a few milliseconds of video is a glitch, not a shot. */
export const MIN_RANGE_S = 0.05;

export function clamp(v: number, lo: number, hi: number): number {
	return v < lo ? lo : v > hi ? hi : v;
}

/** Rounds to the nearest frame boundary so cuts land on frames, not between them. */
export function snapToFrame(t: number, fps: number): number {
	if (!(fps > 0)) return t;
	return Math.round(t * fps) / fps;
}

/** Sorts, clamps to [lo, hi] and merges overlapping or touching ranges. */
export function normalizeRanges(ranges: TimeRange[], lo: number, hi: number): TimeRange[] {
	const sorted = ranges
		.map((r) => ({ start: clamp(Math.min(r.start, r.end), lo, hi), end: clamp(Math.max(r.start, r.end), lo, hi) }))
		.filter((r) => r.end > r.start)
		.sort((a, b) => a.start - b.start);
	const out: TimeRange[] = [];
	for (const r of sorted) {
		const last = out[out.length - 1];
		if (last && r.start <= last.end + 1e-9) last.end = Math.max(last.end, r.end);
		else out.push({ ...r });
	}
	return out;
}

/**
 * The source ranges that survive an edit: [inPoint, outPoint] minus the cut segments.
 * With `fps`, boundaries snap to frames.
 */
export function keptRanges(
	duration: number,
	inPoint: number,
	outPoint: number,
	cuts: TimeRange[],
	fps = 0
): TimeRange[] {
	const snap = (t: number) => snapToFrame(t, fps);
	const lo = clamp(snap(Math.min(inPoint, outPoint)), 0, duration);
	const hi = clamp(snap(Math.max(inPoint, outPoint)), 0, duration);
	if (hi - lo < MIN_RANGE_S) return [];
	const removed = normalizeRanges(
		cuts.map((c) => ({ start: snap(c.start), end: snap(c.end) })),
		lo,
		hi
	);
	const kept: TimeRange[] = [];
	let cursor = lo;
	for (const c of removed) {
		if (c.start - cursor >= MIN_RANGE_S) kept.push({ start: cursor, end: c.start });
		cursor = Math.max(cursor, c.end);
	}
	if (hi - cursor >= MIN_RANGE_S) kept.push({ start: cursor, end: hi });
	return kept;
}

export function totalDuration(ranges: TimeRange[]): number {
	return ranges.reduce((s, r) => s + (r.end - r.start), 0);
}

/** Output time of a source time, or null when that moment was cut. */
export function sourceToOutput(t: number, ranges: TimeRange[]): number | null {
	let acc = 0;
	for (const r of ranges) {
		if (t >= r.start && t < r.end) return acc + (t - r.start);
		acc += r.end - r.start;
	}
	const last = ranges[ranges.length - 1];
	if (last && Math.abs(t - last.end) < 1e-9) return acc;
	return null;
}

/** Source time shown at an output time (clamped to the edit's ends). */
export function outputToSource(t: number, ranges: TimeRange[]): number {
	if (ranges.length === 0) return 0;
	let acc = 0;
	for (const r of ranges) {
		const len = r.end - r.start;
		if (t < acc + len) return r.start + Math.max(0, t - acc);
		acc += len;
	}
	return ranges[ranges.length - 1].end;
}

/** Adds a cut; returns the new cut list (normalised). Undo = keep the previous list. */
export function addCut(cuts: TimeRange[], cut: TimeRange, duration: number): TimeRange[] {
	return normalizeRanges([...cuts, cut], 0, duration);
}

/** `h:mm:ss.t` or `m:ss.t` — tenths are what a timeline user can act on. */
export function formatTime(t: number): string {
	if (!Number.isFinite(t) || t < 0) t = 0;
	const tenths = Math.round(t * 10);
	const s = Math.floor(tenths / 10);
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const sec = s % 60;
	const frac = tenths % 10;
	const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
	return `${h > 0 ? h + ':' : ''}${mm}:${String(sec).padStart(2, '0')}.${frac}`;
}

/** Parses `1:02.5`, `62.5`, `0:01:02` → seconds; null when not a time. */
export function parseTime(text: string): number | null {
	const s = text.trim();
	if (!/^\d+(:\d+){0,2}(\.\d+)?$/.test(s)) return null;
	const parts = s.split(':').map(Number);
	return parts.reduce((acc, p) => acc * 60 + p, 0);
}

/** Evenly spaced sample times across [start, end) — for timeline thumbnails. */
export function sampleTimes(start: number, end: number, count: number): number[] {
	if (count <= 0 || end <= start) return [];
	const step = (end - start) / count;
	return Array.from({ length: count }, (_, i) => start + step * (i + 0.5));
}

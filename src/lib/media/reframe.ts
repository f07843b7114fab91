// Reframing 16:9 → 9:16 around people: from face observations, a crop window of fixed size that
// moves smoothly, never leaves the frame, and keeps the main face inside it. Without faces it is
// a centre crop.
import { centreCrop } from './presets';
import type { Box, CropKey, CropPath, FaceSample } from './types';

export interface ReframeOptions {
	srcW: number;
	srcH: number;
	duration: number;
	/** Output aspect w/h; 9/16 for vertical video. */
	aspect?: number;
	/** Grid step of the path in seconds. */
	step?: number;
	/** Gaussian smoothing width (sigma) in seconds: larger → calmer camera. */
	smoothS?: number;
	/** A face unseen for longer than this stops pulling the window. */
	holdS?: number;
}

interface Target {
	t: number;
	cx: number;
	cy: number;
	/** The box the window must contain (the main face), if any. */
	box: Box | null;
}

/** Groups samples by time (within half a step) and picks where the window should look at each. */
function targetsFromFaces(faces: FaceSample[], step: number): Target[] {
	const sorted = [...faces].filter((f) => f.box.w > 0 && f.box.h > 0).sort((a, b) => a.t - b.t);
	const groups: FaceSample[][] = [];
	for (const f of sorted) {
		const g = groups[groups.length - 1];
		if (g && f.t - g[0].t < step / 2) g.push(f);
		else groups.push([f]);
	}
	return groups.map((g) => {
		// The largest face is the subject; others pull the centre towards them by their area.
		const main = g.reduce((a, b) => (b.box.w * b.box.h > a.box.w * a.box.h ? b : a));
		let sw = 0;
		let sx = 0;
		let sy = 0;
		for (const f of g) {
			const a = f.box.w * f.box.h;
			const wgt = f === main ? a * 2 : a;
			sw += wgt;
			sx += wgt * (f.box.x + f.box.w / 2);
			sy += wgt * (f.box.y + f.box.h / 2);
		}
		return { t: g[0].t, cx: sx / sw, cy: sy / sw, box: main.box };
	});
}

function gaussianSmooth(xs: number[], sigmaSteps: number): number[] {
	if (sigmaSteps <= 0.01) return xs.slice();
	const r = Math.ceil(sigmaSteps * 3);
	const k: number[] = [];
	for (let i = -r; i <= r; i++) k.push(Math.exp(-(i * i) / (2 * sigmaSteps * sigmaSteps)));
	return xs.map((_, i) => {
		let s = 0;
		let w = 0;
		for (let j = -r; j <= r; j++) {
			const idx = Math.min(xs.length - 1, Math.max(0, i + j)); // edge-hold keeps the ends steady
			s += xs[idx] * k[j + r];
			w += k[j + r];
		}
		return s / w;
	});
}

/**
 * Computes the crop path. Smoothing and the "face stays inside" constraint are alternated
 * (projection onto the allowed corridor), ending on the constraint so it always holds.
 */
export function computeCropPath(faces: FaceSample[], o: ReframeOptions): CropPath {
	const aspect = o.aspect ?? 9 / 16;
	const step = o.step ?? 0.1;
	const smooth = o.smoothS ?? 0.6;
	const hold = o.holdS ?? 1.5;
	const win = centreCrop(o.srcW, o.srcH, aspect);
	const maxX = o.srcW - win.w;
	const maxY = o.srcH - win.h;
	const n = Math.max(2, Math.ceil(o.duration / step) + 1);
	const times = Array.from({ length: n }, (_, i) => Math.min(o.duration, i * step));
	const targets = targetsFromFaces(faces, step);
	if (targets.length === 0 || (maxX <= 0 && maxY <= 0))
		return { w: win.w, h: win.h, source: 'centre', keys: [{ t: 0, x: win.x, y: win.y }, { t: o.duration, x: win.x, y: win.y }] };

	// Desired centre per grid time: interpolate between observations; hold near the ends of a
	// track; drift back to the centre of the frame when nobody has been seen for a while.
	const desired: { cx: number; cy: number; box: Box | null }[] = [];
	let j = 0;
	for (const t of times) {
		while (j + 1 < targets.length && targets[j + 1].t <= t) j++;
		const a = targets[j];
		const b = targets[j + 1];
		if (t < a.t) {
			desired.push(a.t - t <= hold ? { cx: a.cx, cy: a.cy, box: a.t - t <= step ? a.box : null } : { cx: o.srcW / 2, cy: o.srcH / 2, box: null });
		} else if (b && b.t - a.t <= hold * 2) {
			const u = (t - a.t) / (b.t - a.t);
			const box = u < 0.5 ? a.box : b.box;
			desired.push({ cx: a.cx + (b.cx - a.cx) * u, cy: a.cy + (b.cy - a.cy) * u, box });
		} else if (t - a.t <= hold) {
			desired.push({ cx: a.cx, cy: a.cy, box: t - a.t <= step ? a.box : null });
		} else {
			desired.push({ cx: o.srcW / 2, cy: o.srcH / 2, box: null });
		}
	}

	// Corridor for the window's left (top) edge: inside the frame, and containing the main face
	// when it fits in the window.
	const corridor = (box: Box | null, len: number, pos: (b: Box) => number, size: (b: Box) => number, max: number) => {
		let lo = 0;
		let hi = max;
		if (box && size(box) <= len) {
			lo = Math.max(lo, pos(box) + size(box) - len);
			hi = Math.min(hi, pos(box));
		}
		return lo <= hi ? [lo, hi] : [Math.min(hi, lo), Math.min(hi, lo)];
	};
	const solve = (centres: number[], len: number, max: number, pos: (b: Box) => number, size: (b: Box) => number) => {
		const bounds = desired.map((d) => corridor(d.box, len, pos, size, max));
		let xs = centres.map((c, i) => Math.min(bounds[i][1], Math.max(bounds[i][0], c - len / 2)));
		for (let it = 0; it < 8; it++) {
			xs = gaussianSmooth(xs, smooth / step).map((x, i) => Math.min(bounds[i][1], Math.max(bounds[i][0], x)));
		}
		return xs.map((x) => Math.round(x));
	};
	const xs = maxX > 0 ? solve(desired.map((d) => d.cx), win.w, maxX, (b) => b.x, (b) => b.w) : times.map(() => 0);
	const ys = maxY > 0 ? solve(desired.map((d) => d.cy), win.h, maxY, (b) => b.y, (b) => b.h) : times.map(() => 0);
	return { w: win.w, h: win.h, source: 'faces', keys: simplify(times.map((t, i) => ({ t, x: xs[i], y: ys[i] }))) };
}

/** Drops keys that lie on the line between their neighbours (within a pixel): fewer keys, same path. */
export function simplify(keys: CropKey[], tol = 1): CropKey[] {
	if (keys.length <= 2) return keys;
	const out: CropKey[] = [keys[0]];
	for (let i = 1; i < keys.length - 1; i++) {
		const a = out[out.length - 1];
		const b = keys[i + 1];
		const u = (keys[i].t - a.t) / (b.t - a.t || 1);
		const ex = a.x + (b.x - a.x) * u;
		const ey = a.y + (b.y - a.y) * u;
		if (Math.abs(ex - keys[i].x) > tol || Math.abs(ey - keys[i].y) > tol) out.push(keys[i]);
	}
	out.push(keys[keys.length - 1]);
	return out;
}

/** The window's top-left at time t (linear between keys, held at the ends). */
export function cropAt(path: CropPath, t: number): { x: number; y: number } {
	const k = path.keys;
	if (t <= k[0].t) return { x: k[0].x, y: k[0].y };
	for (let i = 1; i < k.length; i++) {
		if (t <= k[i].t) {
			const u = (t - k[i - 1].t) / (k[i].t - k[i - 1].t || 1);
			return { x: k[i - 1].x + (k[i].x - k[i - 1].x) * u, y: k[i - 1].y + (k[i].y - k[i - 1].y) * u };
		}
	}
	const last = k[k.length - 1];
	return { x: last.x, y: last.y };
}

/**
 * The same path as an ffmpeg expression of `t` (for the crop filter), nested piecewise-linear.
 * `offset` shifts time when the output starts later in the source (trim). Keys are thinned so the
 * expression stays within ffmpeg's parser limits.
 */
export function cropExpr(path: CropPath, axis: 'x' | 'y', offset = 0, maxKeys = 60): string {
	let keys = path.keys;
	if (keys.length > maxKeys) {
		const stride = (keys.length - 1) / (maxKeys - 1);
		keys = Array.from({ length: maxKeys }, (_, i) => keys[Math.round(i * stride)]);
	}
	const v = (k: CropKey) => (axis === 'x' ? k.x : k.y);
	let expr = String(v(keys[keys.length - 1]));
	for (let i = keys.length - 1; i >= 1; i--) {
		const a = keys[i - 1];
		const b = keys[i];
		const t0 = a.t - offset;
		const minusT0 = t0 >= 0 ? `-${t0.toFixed(3)}` : `+${(-t0).toFixed(3)}`;
		const slope = ((v(b) - v(a)) / (b.t - a.t || 1)).toFixed(4);
		expr = `if(lt(t,${(b.t - offset).toFixed(3)}),${v(a)}+(t${minusT0})*(${slope}),${expr})`;
	}
	return `if(lt(t,${(keys[0].t - offset).toFixed(3)}),${v(keys[0])},${expr})`;
}

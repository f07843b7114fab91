import { expect, test } from 'vitest';
import { cosine, FaceTracker, iou, shift, trackFaces } from './tracker';

const unit = (...v: number[]) => {
	const a = new Float32Array(v);
	const n = Math.hypot(...v);
	return a.map((x) => x / n);
};
const A = unit(1, 0, 0, 0);
const A2 = unit(0.95, 0.1, 0, 0);
const B = unit(0, 1, 0, 0);
const box = (x: number, y = 0, s = 100) => ({ x, y, w: s, h: s });

test('iou, shift and cosine', () => {
	expect(shift(box(0), box(50))).toBe(0.5);
	expect(iou(box(0), box(0))).toBe(1);
	expect(iou(box(0), box(200))).toBe(0);
	expect(iou(box(0), box(50))).toBeCloseTo(5000 / 15000);
	expect(cosine(A, A)).toBeCloseTo(1);
	expect(cosine(A, B)).toBeCloseTo(0);
});

test('a face moving slowly stays one track; a second face gets its own', () => {
	const t = new FaceTracker();
	expect(t.push(0, [{ box: box(0), embedding: A }, { box: box(400), embedding: B }])).toEqual([1, 2]);
	expect(t.push(0.5, [{ box: box(420), embedding: B }, { box: box(20), embedding: A2 }])).toEqual([2, 1]);
	expect(t.push(1, [{ box: box(40), embedding: A }])).toEqual([1]);
});

test('overlapping boxes of different people are not linked (cut between shots)', () => {
	const t = new FaceTracker();
	t.push(0, [{ box: box(100), embedding: A }]);
	expect(t.push(0.5, [{ box: box(100), embedding: B }])).toEqual([2]);
});

test('a face that moved about its own width between samples continues its track', () => {
	const t = new FaceTracker();
	t.push(0, [{ box: box(0) }]);
	expect(t.push(0.5, [{ box: box(90, 20) }])).toEqual([1]);
	expect(t.push(1, [{ box: box(400) }])).toEqual([2]);
});

test('a very similar face far away continues the track (fast pan)', () => {
	const t = new FaceTracker();
	t.push(0, [{ box: box(0), embedding: A }]);
	expect(t.push(0.5, [{ box: box(500), embedding: A2 }])).toEqual([1]);
});

test('a track ends after the gap and a returning person gets a new one', () => {
	const t = new FaceTracker({ minIou: 0.2, maxShift: 1, minSimilarity: 0.3, strongSimilarity: 0.6, maxGap: 1 });
	t.push(0, [{ box: box(0), embedding: A }]);
	expect(t.push(0.9, [{ box: box(0), embedding: A }])).toEqual([1]);
	expect(t.push(3, [{ box: box(0), embedding: A }])).toEqual([2]);
});

test('without embeddings overlap decides', () => {
	const t = new FaceTracker();
	t.push(0, [{ box: box(0) }, { box: box(300) }]);
	expect(t.push(0.5, [{ box: box(310) }, { box: box(10) }, { box: box(800) }])).toEqual([2, 1, 3]);
});

test('two detections never share a track in one frame', () => {
	const t = new FaceTracker();
	t.push(0, [{ box: box(0), embedding: A }]);
	const ids = t.push(0.5, [{ box: box(10), embedding: A }, { box: box(5), embedding: A2 }]);
	expect(new Set(ids).size).toBe(2);
	expect(ids).toContain(1);
});

test('trackFaces accepts frames out of order; push refuses going back in time', () => {
	const out = trackFaces([
		{ time: 1, faces: [{ box: box(20), embedding: A }] },
		{ time: 0, faces: [{ box: box(0), embedding: A }] },
		{ time: 0.5, faces: [] }
	]);
	expect(out).toEqual([[1], [1], []]);
	const t = new FaceTracker();
	t.push(1, []);
	expect(() => t.push(0, [])).toThrow(/time order/);
});

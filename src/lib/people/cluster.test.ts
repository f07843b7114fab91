import { expect, test } from 'vitest';
import { Grouper, groupFaces as groupFacesWith, groupWith as groupWithP, type FaceForGrouping, type GroupingConstraints } from './cluster';
import { bcubed } from './bcubed';

// The rules are tested with thresholds suited to these synthetic embeddings (same-identity cosine
// ≈ 0.7); the production thresholds are measured on real embeddings (scripts/bench/people-tune.ts).
const P = { linkSim: 0.5, mergeSim: 0.5, minQuality: 0.5, minFaces: 2, lowQualityMargin: 0.05, ambiguityMargin: 0 };
const groupFaces = (f: FaceForGrouping[]) => groupFacesWith(f, P);
const groupWith = (f: FaceForGrouping[], _p: object, c: GroupingConstraints) => groupWithP(f, P, c);

// Deterministic synthetic embeddings: identity centres are random unit vectors; faces are centre +
// gaussian noise. With dim 64 and noise 0.08 per dimension, same-identity cosine ≈ 0.7, others ≈ 0.
function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}
const DIM = 64;
function gauss(r: () => number) {
	return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}
function centre(r: () => number) {
	const v = new Float32Array(DIM);
	for (let i = 0; i < DIM; i++) v[i] = gauss(r);
	return v;
}
function face(r: () => number, c: Float32Array, noise = 0.08) {
	const n = Math.hypot(...c);
	const v = new Float32Array(DIM);
	for (let i = 0; i < DIM; i++) v[i] = c[i] / n + gauss(r) * noise;
	return v;
}
function mix(a: Float32Array, b: Float32Array, t: number) {
	const na = Math.hypot(...a), nb = Math.hypot(...b);
	return a.map((x, i) => (1 - t) * (x / na) + t * (b[i] / nb));
}

function people(r: () => number, k: number, per: number) {
	const faces: FaceForGrouping[] = [];
	const truth: Record<string, string> = {};
	for (let p = 0; p < k; p++) {
		const c = centre(r);
		for (let j = 0; j < per; j++) {
			const id = `p${p}f${j}`;
			faces.push({ id, photoId: `photo-${p}-${j}`, embedding: face(r, c), quality: 0.9 });
			truth[id] = `p${p}`;
		}
	}
	return { faces, truth };
}

test('well separated people are grouped exactly, every face appears once', () => {
	const { faces, truth } = people(rng(1), 6, 5);
	const groups = groupFaces(faces);
	expect(groups.flat().sort()).toEqual(faces.map((f) => f.id).sort());
	const m = bcubed(groups, truth);
	expect(m.precision).toBe(1);
	expect(m.recall).toBe(1);
});

test('two faces of one photo are never one person, even when identical', () => {
	const r = rng(2);
	const c = centre(r);
	const faces: FaceForGrouping[] = [
		{ id: 'a', photoId: 'P1', embedding: face(r, c), quality: 0.9 },
		{ id: 'b', photoId: 'P1', embedding: face(r, c), quality: 0.9 }, // same photo, same person look
		{ id: 'c', photoId: 'P2', embedding: face(r, c), quality: 0.9 },
		{ id: 'd', photoId: 'P3', embedding: face(r, c), quality: 0.9 }
	];
	const groups = groupFaces(faces);
	for (const g of groups) expect(g.includes('a') && g.includes('b')).toBe(false);
	expect(groups.flat().sort()).toEqual(['a', 'b', 'c', 'd']);
});

test('the same-photo rule holds through merges: groups sharing a photo are not merged', () => {
	const r = rng(3);
	const c = centre(r);
	// Two groups of one look-alike pair, each seeded separately, sharing photo X.
	const faces: FaceForGrouping[] = [];
	for (let j = 0; j < 4; j++) faces.push({ id: `a${j}`, photoId: j === 0 ? 'X' : `A${j}`, embedding: face(r, c, 0.05), quality: 0.9 });
	for (let j = 0; j < 4; j++) faces.push({ id: `b${j}`, photoId: j === 0 ? 'X' : `B${j}`, embedding: face(r, c, 0.05), quality: 0.9 });
	const groups = groupFaces(faces);
	const photoOf = new Map(faces.map((f) => [f.id, f.photoId]));
	for (const g of groups) {
		const photos = g.map((id) => photoOf.get(id));
		expect(new Set(photos).size).toBe(photos.length);
	}
});

test('low-quality faces never seed a person but may join one', () => {
	const r = rng(4);
	const c1 = centre(r), c2 = centre(r);
	const faces: FaceForGrouping[] = [];
	for (let j = 0; j < 5; j++) faces.push({ id: `blur${j}`, photoId: `b${j}`, embedding: face(r, c1, 0.05), quality: 0.1 });
	for (let j = 0; j < 3; j++) faces.push({ id: `good${j}`, photoId: `g${j}`, embedding: face(r, c2), quality: 0.9 });
	faces.push({ id: 'goodblur', photoId: 'gb', embedding: face(r, c2, 0.05), quality: 0.1 });
	const groups = groupFaces(faces);
	for (let j = 0; j < 5; j++) expect(groups).toContainEqual([`blur${j}`]);
	const person = groups.find((g) => g.includes('good0'))!;
	expect(person.sort()).toEqual(['good0', 'good1', 'good2', 'goodblur']);
});

test('look-alikes: a chain of in-between faces does not fuse two people (average linkage)', () => {
	const r = rng(5);
	const a = centre(r), b = centre(r);
	const faces: FaceForGrouping[] = [];
	const truth: Record<string, string> = {};
	for (let j = 0; j < 6; j++) {
		faces.push({ id: `a${j}`, photoId: `A${j}`, embedding: face(r, a, 0.08), quality: 0.9 });
		faces.push({ id: `b${j}`, photoId: `B${j}`, embedding: face(r, b, 0.08), quality: 0.9 });
		truth[`a${j}`] = 'a';
		truth[`b${j}`] = 'b';
	}
	// Bridge faces creeping from A to B: single linkage would chain them all into one person.
	for (let j = 1; j < 6; j++) faces.push({ id: `m${j}`, photoId: `M${j}`, embedding: mix(a, b, j / 6), quality: 0.9 });
	const groups = groupFaces(faces);
	expect(groups.some((g) => g.some((id) => id.startsWith('a')) && g.some((id) => id.startsWith('b')))).toBe(false);
	expect(bcubed(groups, truth).precision).toBe(1);
});

test('seeded groups keep their pinned faces and attract their person; rejected faces never join', () => {
	const { faces } = people(rng(6), 2, 8);
	// The user moved p1f0 into person "A" (otherwise p0's faces).
	const seeds = [{ key: 'A', faceIds: ['p0f0', 'p0f2', 'p0f3', 'p0f4', 'p1f0'] }];
	const A = groupWith(faces, {}, { seeds }).people.find((p) => p.key === 'A')!;
	expect(A.faceIds.sort()).toEqual(['p0f0', 'p0f1', 'p0f2', 'p0f3', 'p0f4', 'p0f5', 'p0f6', 'p0f7', 'p1f0']);
	// "p0f1 is not A": it stays out however similar it is.
	const rejected = new Map([['p0f1', new Set(['A'])]]);
	const A2 = groupWith(faces, {}, { seeds, rejected }).people.find((p) => p.key === 'A')!;
	expect(A2.faceIds).not.toContain('p0f1');
	expect(A2.faceIds).toEqual(expect.arrayContaining(seeds[0].faceIds));
});

test('incremental add joins the right person without regrouping', () => {
	const r = rng(7);
	const c1 = centre(r), c2 = centre(r);
	const g = new Grouper(DIM, P);
	for (let j = 0; j < 4; j++) g.add({ id: `x${j}`, photoId: `X${j}`, embedding: face(r, c1), quality: 0.9 });
	for (let j = 0; j < 4; j++) g.add({ id: `y${j}`, photoId: `Y${j}`, embedding: face(r, c2), quality: 0.9 });
	const gx = g.groupOf('x0').group;
	expect(g.add({ id: 'new', photoId: 'N', embedding: face(r, c1), quality: 0.9 })).toBe(gx);
	// Same photo as a member of x: it cannot join x.
	expect(g.add({ id: 'dup', photoId: 'X1', embedding: face(r, c1), quality: 0.9 })).not.toBe(gx);
	expect(g.groupOf('y0').person).toBe(true);
});

test('wrong embedding size is a clear error', () => {
	const g = new Grouper(4);
	expect(() => g.add({ id: 'a', photoId: 'p', embedding: new Float32Array(3), quality: 1 })).toThrow(/expected 4/);
});

test('the inverted file used for large libraries keeps the rules and the grouping', () => {
	const { faces, truth } = people(rng(8), 40, 6);
	// Two faces of one photo, look-alike embeddings: still never one person.
	faces.push({ id: 'twin', photoId: faces[0].photoId, embedding: faces[1].embedding, quality: 0.9 });
	const r = groupWithP(faces, P, {}, { cellMinFaces: 0 });
	const groups = [...r.people.map((p) => p.faceIds), ...r.unassigned.map((u) => [u])];
	expect(groups.flat().sort()).toEqual(faces.map((f) => f.id).sort());
	expect(groups.some((g) => g.includes('twin') && g.includes('p0f0'))).toBe(false);
	const m = bcubed(groups, truth);
	expect(m.precision).toBe(1);
	expect(m.recall).toBeGreaterThan(0.9);
});

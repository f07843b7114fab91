import 'fake-indexeddb/auto';
import { beforeEach, expect, test, vi } from 'vitest';

const people = vi.hoisted(() => ({ added: [] as string[][], removed: [] as string[][], fail: false }));
vi.mock('../people/service', () => ({
	onFacesAdded: async (ids: string[]) => {
		if (people.fail) throw new Error('boom');
		people.added.push(ids);
	},
	onFacesRemoved: async (ids: string[]) => void people.removed.push(ids)
}));

import { openDB } from 'idb';
import { hasKey } from '../crypto/keystore';
import { closeStore } from '../store/db';
import {
	FACES_DB,
	countFaceData,
	deleteAllFaceData,
	deleteFace,
	deleteFacesForMedia,
	getAnalysis,
	getEmbeddings,
	getFace,
	listAllFaces,
	listFacesForMedia,
	onFacesChange,
	saveAnalysis,
	saveAnalysisError,
	type FacesChange,
	type NewFace
} from './repo';

function face(x: number, extra: Partial<NewFace> = {}): NewFace {
	const e = new Float32Array(8).map((_, i) => Math.sin(x + i));
	return {
		box: { x, y: 10, w: 50, h: 60 },
		landmarks: [
			{ x: x + 15, y: 30 },
			{ x: x + 35, y: 30 }
		],
		score: 0.9,
		quality: 0.8,
		age: 31,
		gender: 'female',
		genderConfidence: 0.9,
		embedding: e,
		...extra
	};
}

beforeEach(async () => {
	await deleteAllFaceData();
	people.added.length = 0;
	people.removed.length = 0;
});

test('stores faces, lists them left to right and returns the exact embeddings', async () => {
	const a = face(200);
	const b = face(20);
	const saved = await saveAnalysis('m1', [a, b], { pipeline: 'p1' });
	expect(saved.map((f) => f.box.x)).toEqual([20, 200]);
	expect(saved[0]).not.toHaveProperty('embedding');

	const listed = await listFacesForMedia('m1');
	expect(listed.map((f) => f.id)).toEqual(saved.map((f) => f.id));
	expect(await listFacesForMedia('other')).toEqual([]);
	expect((await getFace(saved[1].id))?.box.x).toBe(200);
	expect(await getFace('nope')).toBeNull();

	const emb = await getEmbeddings([saved[1].id, saved[0].id, 'nope']);
	expect(emb.size).toBe(2);
	expect(Array.from(emb.get(saved[1].id)!)).toEqual(Array.from(a.embedding));
	expect(Array.from(emb.get(saved[0].id)!)).toEqual(Array.from(b.embedding));

	expect(await getAnalysis('m1')).toMatchObject({ status: 'done', faceCount: 2, pipeline: 'p1' });
	expect(people.added.flat().sort()).toEqual(saved.map((f) => f.id).sort());
});

test('embeddings are not stored in the clear', async () => {
	const f = face(0);
	const [saved] = await saveAnalysis('m1', [f]);
	await closeStore(FACES_DB);
	const raw = await openDB(FACES_DB);
	const row = await raw.get('faces', saved.id);
	raw.close();
	expect(row.embedding.iv).toBeInstanceOf(Uint8Array);
	const bytes = Buffer.from(row.embedding.data as ArrayBuffer);
	expect(bytes.includes(Buffer.from(f.embedding.buffer))).toBe(false);
	expect(JSON.stringify(row)).not.toContain(String(f.embedding[1]));
});

test('re-analysis with replace swaps the faces and tells People both ways', async () => {
	const first = await saveAnalysis('m1', [face(0), face(100)]);
	const second = await saveAnalysis('m1', [face(50)], { replace: true });
	expect((await listFacesForMedia('m1')).map((f) => f.id)).toEqual([second[0].id]);
	expect(people.removed.flat().sort()).toEqual(first.map((f) => f.id).sort());
	expect((await getAnalysis('m1'))?.faceCount).toBe(1);
});

test('re-analysis keeps the ids of faces found again, so names and People decisions survive', async () => {
	const [left, right] = await saveAnalysis('m2', [face(0), face(200)]);
	people.added.length = 0;
	// the same two faces, boxes shifted a little, one new face, and a changed embedding for one
	const again = face(3, { embedding: new Float32Array(8).fill(0.5) });
	const stored = await saveAnalysis('m2', [again, face(204), face(400)], { replace: true });
	const ids = stored.map((f) => f.id);
	expect(ids.slice(0, 2)).toEqual([left.id, right.id]);
	expect(ids[2]).not.toBe(left.id);
	expect(people.removed.flat()).toEqual([]);
	expect(people.added).toEqual([[ids[2]]]);
	expect((await getFace(left.id))?.box.x).toBe(3);
	expect(Array.from((await getEmbeddings([left.id])).get(left.id)!)).toEqual(Array.from(again.embedding));
	// a face not found again goes, and only it
	await saveAnalysis('m2', [face(1), face(401)], { replace: true });
	expect(people.removed.flat()).toEqual([right.id]);
	expect((await listFacesForMedia('m2')).map((f) => f.id)).toEqual([left.id, ids[2]]);
});

test('video faces keep frame time and track; counts report tracks', async () => {
	await saveAnalysis('v1', [face(0, { frameTime: 1, trackId: 't1' }), face(0, { frameTime: 0.5, trackId: 't1' }), face(300, { frameTime: 0.5, trackId: 't2' })], { frames: 4 });
	await saveAnalysis('p1', [face(0)]);
	const v = await listFacesForMedia('v1');
	expect(v.map((f) => [f.frameTime, f.trackId])).toEqual([
		[0.5, 't1'],
		[0.5, 't2'],
		[1, 't1']
	]);
	expect(await getAnalysis('v1')).toMatchObject({ frames: 4, tracks: 2, faceCount: 3 });
	expect(await countFaceData()).toEqual({ faces: 4, media: 2, tracks: 2 });
});

test('deleting a face removes its row and embedding and updates the count', async () => {
	const [a, b] = await saveAnalysis('m1', [face(0), face(100)]);
	const changes: FacesChange[] = [];
	const off = onFacesChange((c) => changes.push(c));
	expect(await deleteFace(a.id)).toBe(true);
	expect(await deleteFace(a.id)).toBe(false);
	off();
	expect(await getFace(a.id)).toBeNull();
	expect((await getEmbeddings([a.id])).size).toBe(0);
	expect((await listFacesForMedia('m1')).map((f) => f.id)).toEqual([b.id]);
	expect((await getAnalysis('m1'))?.faceCount).toBe(1);
	expect(changes).toEqual([{ type: 'removed', mediaIds: ['m1'], faceIds: [a.id] }]);
	expect(people.removed).toEqual([[a.id]]);
});

test('deleting a media item’s faces leaves other items alone', async () => {
	await saveAnalysis('m1', [face(0), face(100)]);
	const [keep] = await saveAnalysis('m2', [face(0)]);
	expect(await deleteFacesForMedia('m1')).toBe(2);
	expect(await getAnalysis('m1')).toBeNull();
	expect((await listAllFaces()).map((f) => f.id)).toEqual([keep.id]);
});

test('deleteAllFaceData drops everything and shreds the key', async () => {
	const [a] = await saveAnalysis('m1', [face(0)]);
	expect(await hasKey('faces')).toBe(true);
	const changes: FacesChange[] = [];
	const off = onFacesChange((c) => changes.push(c));
	expect(await deleteAllFaceData()).toEqual({ faces: 1 });
	off();
	expect(await hasKey('faces')).toBe(false);
	expect(await listAllFaces()).toEqual([]);
	expect(await getAnalysis('m1')).toBeNull();
	expect(await countFaceData()).toEqual({ faces: 0, media: 0, tracks: 0 });
	expect(changes.map((c) => c.type)).toEqual(['cleared']);
	expect(people.removed).toEqual([[a.id]]);
});

test('bad faces are refused and nothing is written', async () => {
	await expect(saveAnalysis('m1', [face(0), face(0, { box: { x: 0, y: 0, w: 0, h: 5 } })])).rejects.toThrow(/box/);
	await expect(saveAnalysis('m1', [face(0, { embedding: new Float32Array([NaN]) })])).rejects.toThrow(/NaN/);
	expect(await listAllFaces()).toEqual([]);
	expect(await getAnalysis('m1')).toBeNull();
});

test('an error record keeps existing faces', async () => {
	await saveAnalysis('m1', [face(0)]);
	await saveAnalysisError('m1', 'decode failed');
	expect(await getAnalysis('m1')).toMatchObject({ status: 'error', error: 'decode failed', faceCount: 1 });
	expect(await listFacesForMedia('m1')).toHaveLength(1);
});

test('a People failure does not lose the faces', async () => {
	const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
	people.fail = true;
	try {
		await saveAnalysis('m1', [face(0)]);
		expect(spy).toHaveBeenCalled();
	} finally {
		people.fail = false;
		spy.mockRestore();
	}
	expect(await listFacesForMedia('m1')).toHaveLength(1);
});

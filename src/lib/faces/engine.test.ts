import { expect, test } from 'vitest';
import { toNewFace } from './engine';
import type { FaceResult } from './pipeline/types';

const result: FaceResult = {
	box: { x: 100, y: 50, w: 40, h: 60 },
	landmarks: [
		{ x: 110, y: 70 },
		{ x: 130, y: 70 },
		{ x: 120, y: 80 },
		{ x: 120, y: 95 },
		{ x: 100, y: 75 },
		{ x: 140, y: 75 }
	],
	score: 0.97,
	quality: { size: 0.5, blur: 0.9, pose: 0.8, overall: 0.7 },
	embedding: new Float32Array([0.6, 0.8]),
	age: 33.4,
	gender: { label: 'female', confidence: 0.91 }
};

test('a result from a downscaled image maps back to source pixels', () => {
	const f = toNewFace(result, 0.5, { frameTime: 1.25 });
	expect(f.box).toEqual({ x: 200, y: 100, w: 80, h: 120 });
	expect(f.landmarks[0]).toEqual({ x: 220, y: 140 });
	expect(f).toMatchObject({ score: 0.97, quality: 0.7, qualityDetail: { size: 0.5, blur: 0.9, pose: 0.8 }, age: 33.4, gender: 'female', genderConfidence: 0.91, frameTime: 1.25 });
	expect(f.embedding).toBe(result.embedding);
});

test('full-size results are unchanged', () => {
	expect(toNewFace(result).box).toEqual(result.box);
});

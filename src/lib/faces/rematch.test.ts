import { expect, test } from 'vitest';
import { matchPreviousFaces } from './rematch';

const box = (x: number, w = 100) => ({ x, y: 0, w, h: w });

test('each new face takes the id of the previous face it overlaps most; others are new', () => {
	const prev = [
		{ id: 'a', box: box(0) },
		{ id: 'b', box: box(300) }
	];
	expect(matchPreviousFaces(prev, [{ box: box(305) }, { box: box(600) }, { box: box(2) }])).toEqual(['b', null, 'a']);
});

test('a previous face is used once, by the closest new face', () => {
	const prev = [{ id: 'a', box: box(0) }];
	expect(matchPreviousFaces(prev, [{ box: box(30) }, { box: box(5) }])).toEqual([null, 'a']);
});

test('too little overlap, or another video frame, is a different face', () => {
	const prev = [
		{ id: 'a', box: box(0), frameTime: 1 },
		{ id: 'b', box: box(500) }
	];
	expect(matchPreviousFaces(prev, [{ box: box(0), frameTime: 2 }, { box: box(0), frameTime: 1 }, { box: box(560) }])).toEqual([null, 'a', null]);
});

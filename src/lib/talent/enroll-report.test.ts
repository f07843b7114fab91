import { describe, expect, test } from 'vitest';
import { checkReference, type DetectedFace } from './enroll';
import { clearanceReport, csvField, reportCsv, type LabelledFace } from './report';
import { unitVector } from './testing';

const face = (over: Partial<DetectedFace> = {}): DetectedFace => ({
	box: { x: 10, y: 10, w: 200, h: 220 },
	score: 0.98,
	quality: { size: 1, blur: 0.8, pose: 0.9, overall: 0.9 },
	embedding: unitVector(8, 1),
	...over
});

describe('reference photo check', () => {
	test('one clear face passes', () => {
		expect(checkReference([face()], [], 0.9)).toMatchObject({ ok: true, consistency: null });
	});
	test('each refusal says why', () => {
		expect(checkReference([], [], 0.9)).toMatchObject({ ok: false, code: 'no-face' });
		expect(checkReference([face(), face({ box: { x: 300, y: 0, w: 150, h: 150 } })], [], 0.9)).toMatchObject({ ok: false, code: 'several-faces', reason: /2 faces/ });
		expect(checkReference([face({ box: { x: 0, y: 0, w: 60, h: 70 } })], [], 0.9)).toMatchObject({ ok: false, code: 'too-small', reason: /60 px/ });
		expect(checkReference([face({ quality: { size: 1, blur: 0.1, pose: 1, overall: 0.4 } })], [], 0.9)).toMatchObject({ ok: false, code: 'blurred' });
		expect(checkReference([face({ quality: { size: 1, blur: 1, pose: 0.2, overall: 0.5 } })], [], 0.9)).toMatchObject({ ok: false, code: 'turned' });
		expect(checkReference([face({ score: 0.6 })], [], 0.9)).toMatchObject({ ok: false, code: 'unclear' });
	});
	test('a small face in the background does not make a photo ambiguous', () => {
		expect(checkReference([face(), face({ box: { x: 500, y: 0, w: 40, h: 40 } })], [], 0.9).ok).toBe(true);
	});
	test('duplicates and a different person are refused', () => {
		const v = unitVector(8, 1);
		expect(checkReference([face({ embedding: v })], [v], 0.9)).toMatchObject({ ok: false, code: 'duplicate' });
		expect(checkReference([face({ embedding: unitVector(8, 99) })], [v], 0.9)).toMatchObject({ ok: false, code: 'different-person' });
	});
});

describe('clearance report', () => {
	const f = (over: Partial<LabelledFace>): LabelledFace => ({ faceId: 'f', mediaId: 'm', mediaName: 'a.jpg', label: 'cleared', talentId: 't1', similarity: 0.97, consent: 'valid', reason: 'r', decision: null, ...over });
	const names = (id: string) => ({ t1: 'Ada', t2: 'Bob' })[id] ?? id;
	test('one row per talent, one per unknown face; what needs attention first', () => {
		const rows = clearanceReport(
			[
				f({ faceId: '1', decision: 'confirmed' }),
				f({ faceId: '2', mediaName: 'b.jpg', decision: 'confirmed', similarity: 0.99 }),
				f({ faceId: '3', talentId: 't2', label: 'possible', consent: 'out-of-scope' }),
				f({ faceId: '4', talentId: null, label: 'unknown', consent: null, similarity: 0.2, mediaName: 'clip.mp4', frameTime: 3.25 })
			],
			names
		);
		expect(rows.map((r) => [r.person, r.label, r.decision, r.faces])).toEqual([
			['Bob', 'possible', 'pending', 1],
			['Unknown person', 'unknown', 'pending', 1],
			['Ada', 'cleared', 'confirmed', 2]
		]);
		expect(rows[2].media).toEqual(['a.jpg', 'b.jpg']);
		expect(rows[0].consent).toBe('does not cover this project');
		expect(rows[1].media).toEqual(['clip.mp4 @ 3.3 s']);
	});
	test('mixed decisions are flagged', () => {
		const rows = clearanceReport([f({ faceId: '1', decision: 'confirmed' }), f({ faceId: '2', decision: 'rejected' })], names);
		expect(rows[0].decision).toBe('mixed');
	});
	test('CSV escapes quotes, commas and formula injection', () => {
		expect(csvField('a,"b"')).toBe('"a,""b"""');
		expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
		const csv = reportCsv(clearanceReport([f({})], names), { project: 'Spring, 2026', generatedAt: 0 });
		expect(csv.split('\r\n')[0]).toBe('Project,"Spring, 2026"');
		expect(csv).toContain('Ada,cleared,valid for this project,pending,1,a.jpg,r');
	});
});

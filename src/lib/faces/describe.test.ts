import { expect, test } from 'vitest';
import { ageBand, describeFace, formatFrameTime, genderEstimate, qualityLabel } from './describe';

test('age bands cover the whole range', () => {
	expect(ageBand(0)).toBe('0–2');
	expect(ageBand(12.9)).toBe('3–12');
	expect(ageBand(17)).toBe('13–17');
	expect(ageBand(18)).toBe('18–24');
	expect(ageBand(40)).toBe('35–44');
	expect(ageBand(90)).toBe('65+');
	expect(ageBand(NaN)).toBe('unknown');
});

test('estimates are worded as estimates', () => {
	expect(genderEstimate({ gender: 'female', genderConfidence: 0.873, age: 30 })).toBe('female (87% confidence)');
	// measured near chance for babies and toddlers: not shown
	expect(genderEstimate({ gender: 'female', genderConfidence: 0.99, age: 1.2 })).toBe('not shown for babies and toddlers (unreliable)');
	expect(genderEstimate({ gender: 'male', genderConfidence: 0.8, age: 3 })).toBe('male (80% confidence)');
	expect(qualityLabel(0.7)).toBe('good');
	expect(qualityLabel(0.4)).toBe('fair');
	expect(qualityLabel(0.1)).toBe('poor');
	expect(formatFrameTime(67.5)).toBe('1:07.5');
	const d = describeFace(
		{ id: 'f', mediaId: 'm', box: { x: 0, y: 0, w: 1, h: 1 }, landmarks: [], score: 1, quality: 0.9, age: 30, gender: 'male', genderConfidence: 0.7, createdAt: 0, frameTime: 2 },
		0
	);
	expect(d).toBe('Face 1 at 0:02.0, estimated age 25–34, gender estimate male (70% confidence), quality good');
});

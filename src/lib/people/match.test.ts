import { expect, test } from 'vitest';
import { matchStrength } from './match';

test('labels follow the grouping threshold', () => {
	expect(matchStrength(0.95, 0.935)).toBe('strong');
	expect(matchStrength(0.92, 0.935)).toBe('strong');
	expect(matchStrength(0.9, 0.935)).toBe('possible');
	expect(matchStrength(0.85, 0.935)).toBe('weak');
});

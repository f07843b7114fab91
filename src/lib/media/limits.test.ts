import { describe, expect, test } from 'vitest';
import { checkCapacity, explainError, FFMPEG_MAX_OUTPUT_BYTES } from './limits';

describe('device limits', () => {
	test('ffmpeg.wasm refuses outputs larger than its memory', () => {
		const v = checkCapacity('ffmpeg-mt', FFMPEG_MAX_OUTPUT_BYTES + 1, { storageFree: null });
		expect(v.ok).toBe(false);
		expect(v.message).toMatch(/more than ffmpeg.wasm can hold/);
		expect(checkCapacity('webcodecs', FFMPEG_MAX_OUTPUT_BYTES + 1, { storageFree: null }).ok).toBe(true);
	});
	test('storage must hold the output', () => {
		const v = checkCapacity('webcodecs', 1e9, { storageFree: 5e8 });
		expect(v.ok).toBe(false);
		expect(v.message).toMatch(/Not enough browser storage/);
		expect(checkCapacity('webcodecs', 1e6, { storageFree: 5e9 }).ok).toBe(true);
	});
	test('errors say what happened, what to do, and that the original is safe', () => {
		expect(explainError(new Error('moov atom not found'))).toMatch(/corrupt, truncated/);
		expect(explainError(new Error('RuntimeError: memory access out of bounds'))).toMatch(/out of memory/);
		expect(explainError('weird')).toMatch(/original is unchanged/);
	});
});

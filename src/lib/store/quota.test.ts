import { expect, test } from 'vitest';
import { MAX_FILE_BYTES, sizeProblem } from './quota';

const GB = 1024 ** 3;

test('empty and over-limit files are refused with the reason and what to do', () => {
	expect(sizeProblem(0, null)).toMatch(/empty \(0 bytes\)/);
	expect(sizeProblem(4 * GB, { usage: 0, quota: 100 * GB })).toMatch(/4\.0 GB, over Loupe's 2\.0 GB per-file limit.*Trim or compress/);
	expect(sizeProblem(MAX_FILE_BYTES, { usage: 0, quota: 100 * GB })).toBeNull();
});

test('a file that does not fit in the remaining quota (minus headroom) is refused', () => {
	const info = { usage: 900 * 1024 ** 2, quota: GB };
	// 1 GB quota, 5 % headroom → ~72.6 MB free.
	expect(sizeProblem(50 * 1024 ** 2, info)).toBeNull();
	expect(sizeProblem(100 * 1024 ** 2, info)).toMatch(/not enough storage: it needs 100 MB but only 73 MB is free/);
	expect(sizeProblem(50 * 1024 ** 2, info, 40 * 1024 ** 2)).toMatch(/not enough storage/);
	// No estimate available: only the fixed cap applies.
	expect(sizeProblem(GB, null)).toBeNull();
});

import { expect, test } from 'vitest';
import { describeImportError } from './process';

test('storage and read failures become messages that say what to do', () => {
	expect(describeImportError(new DOMException('quota', 'QuotaExceededError'))).toMatch(/storage is full.*Delete items you no longer need/);
	expect(describeImportError(new DOMException('gone', 'NotReadableError'))).toMatch(/could not be read \(it was moved, deleted or changed/);
	expect(describeImportError(new Error('boom'))).toMatch(/unexpected error occurred: boom/);
});

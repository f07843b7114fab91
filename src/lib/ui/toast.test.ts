import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { act, dismiss, pause, resume, toast, toasts } from './toast.svelte';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
	for (const t of [...toasts]) dismiss(t.id, true);
	vi.useRealTimers();
});

test('a toast expires after its timeout and runs onExpire; its action cancels onExpire', async () => {
	const expired: string[] = [];
	const undone: string[] = [];
	toast('Deleted a', { timeout: 10_000, onExpire: () => expired.push('a'), action: { label: 'Undo', run: () => void undone.push('a') } });
	const b = toast('Deleted b', { timeout: 10_000, onExpire: () => expired.push('b'), action: { label: 'Undo', run: () => void undone.push('b') } });
	await act(b);
	vi.advanceTimersByTime(10_000);
	expect(expired).toEqual(['a']);
	expect(undone).toEqual(['b']);
	expect(toasts).toHaveLength(0);
});

test('hovering or focusing pauses the countdown', () => {
	const expired: number[] = [];
	const id = toast('x', { timeout: 5_000, onExpire: () => expired.push(1) });
	vi.advanceTimersByTime(3_000);
	pause(id);
	vi.advanceTimersByTime(60_000);
	expect(expired).toEqual([]);
	resume(id);
	vi.advanceTimersByTime(2_000);
	expect(expired).toEqual([1]);
});

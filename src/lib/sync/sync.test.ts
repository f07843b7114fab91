import { expect, test } from 'vitest';
import { backoffDelay } from './backoff';
import { syncConfigFrom } from './config';
import { classifyRpcError } from './supabase-transport';

test('backoff doubles per attempt, is capped, and never drops below half the step', () => {
	const mid = (a: number) => backoffDelay(a, { baseMs: 1000, maxMs: 8000, random: () => 0.5 });
	expect([1, 2, 3, 4, 5, 9].map(mid)).toEqual([750, 1500, 3000, 6000, 6000, 6000]);
	expect(backoffDelay(3, { baseMs: 1000, random: () => 0 })).toBe(2000);
	expect(backoffDelay(3, { baseMs: 1000, random: () => 0.999999 })).toBe(4000);
});

test('sync is configured only with both a valid URL and an anon key', () => {
	expect(syncConfigFrom({})).toBeNull();
	expect(syncConfigFrom({ PUBLIC_SUPABASE_URL: 'https://x.supabase.co' })).toBeNull();
	expect(syncConfigFrom({ PUBLIC_SUPABASE_URL: 'not a url', PUBLIC_SUPABASE_ANON_KEY: 'k' })).toBeNull();
	expect(syncConfigFrom({ PUBLIC_SUPABASE_URL: 'https://x.supabase.co/', PUBLIC_SUPABASE_ANON_KEY: ' k ' })).toEqual({ url: 'https://x.supabase.co', anonKey: 'k' });
});

test('RPC failures are classified so only transient ones are retried', () => {
	expect(classifyRpcError({ message: 'TypeError: Failed to fetch' }, 0)).toMatchObject({ kind: 'offline', retryable: true });
	expect(classifyRpcError({ message: 'Bad gateway' }, 502)).toMatchObject({ kind: 'server', retryable: true });
	expect(classifyRpcError({ message: 'JWT expired', code: 'PGRST301' }, 401)).toMatchObject({ kind: 'auth', retryable: true });
	expect(classifyRpcError({ message: 'BoundaryViolation: Privacy boundary refused x: y' }, 0)).toMatchObject({ kind: 'refused', retryable: false });
	expect(classifyRpcError({ message: 'invalid input' }, 400)).toMatchObject({ kind: 'bad_request', retryable: false });
});

import { describe, expect, test } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import { createGuardedFetch } from '../privacy/boundary';
import { accountDeletionStatus, cancelAccountDeletion, deletionNotice, requestAccountDeletion, type AccountDeletion, type RpcClient } from './account-deletion';
import { TransportError } from './types';

const pending: AccountDeletion = {
	status: 'pending',
	requested_at: '2026-11-23T02:00:00Z',
	scheduled_for: '2026-12-23T02:00:00Z',
	cancelled_at: null,
	completed_at: null
};

function fake(result: { data: unknown; error: { message: string; code?: string } | null; status: number }) {
	const calls: [string, unknown][] = [];
	const c: RpcClient = {
		rpc: async (fn, args) => {
			calls.push([fn, args]);
			return result;
		}
	};
	return { c, calls };
}

describe('account deletion client', () => {
	test('request, cancel and status call their RPC with no arguments', async () => {
		const { c, calls } = fake({ data: pending, error: null, status: 200 });
		expect(await requestAccountDeletion(c)).toEqual(pending);
		await cancelAccountDeletion(c);
		await accountDeletionStatus(c);
		expect(calls).toEqual([['request_account_deletion', {}], ['cancel_account_deletion', {}], ['account_deletion_status', {}]]);
	});

	test('no request yet is null; a missing confirmation is an error', async () => {
		const { c } = fake({ data: null, error: null, status: 200 });
		expect(await accountDeletionStatus(c)).toBeNull();
		await expect(requestAccountDeletion(c)).rejects.toThrow(/did not confirm/);
	});

	test('server errors become TransportErrors that say what to do', async () => {
		const { c } = fake({ data: null, error: { message: 'sign in to delete your account', code: '42501' }, status: 401 });
		const e = await requestAccountDeletion(c).catch((x) => x);
		expect(e).toBeInstanceOf(TransportError);
		expect(e.kind).toBe('auth');
	});

	test('the notice names the date and where to cancel; only while pending', () => {
		expect(deletionNotice(pending, 'en-US')).toBe('Your synced data will be deleted on December 23, 2026; cancel before then from Settings.');
		expect(deletionNotice({ ...pending, status: 'cancelled' })).toBeNull();
		expect(deletionNotice(null)).toBeNull();
	});

	test('the RPCs pass the privacy boundary through real supabase-js', async () => {
		const sent: string[] = [];
		const client = createClient('https://abc.supabase.co', 'anon-key', {
			global: {
				fetch: createGuardedFetch({ supabaseUrl: 'https://abc.supabase.co' }, async (input) => {
					sent.push(String(input instanceof Request ? input.url : input));
					return new Response(JSON.stringify(pending), { status: 200, headers: { 'content-type': 'application/json' } });
				})
			},
			auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
			realtime: { transport: class {} as never }
		});
		expect((await requestAccountDeletion(client)).scheduled_for).toBe(pending.scheduled_for);
		expect((await cancelAccountDeletion(client)).status).toBe('pending');
		expect(sent.map((u) => new URL(u).pathname)).toEqual(['/rest/v1/rpc/request_account_deletion', '/rest/v1/rpc/cancel_account_deletion']);
	});
});

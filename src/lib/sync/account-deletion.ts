// Server-side account deletion (issue 8): the request/cancel/status RPCs over the app's Supabase
// client (which goes through the privacy boundary), and the wording of the notice. The data is
// deleted by a service-role job 30 days after the request (supabase/migrations/*_account_deletion.sql).
import { classifyRpcError } from './supabase-transport';

export interface AccountDeletion {
	status: 'pending' | 'cancelled' | 'completed';
	requested_at: string;
	scheduled_for: string;
	cancelled_at: string | null;
	completed_at: string | null;
}

/** The part of a SupabaseClient these calls need (a fake in unit tests). */
export interface RpcClient {
	rpc(fn: string, args?: Record<string, unknown>): PromiseLike<{ data: unknown; error: { message: string; code?: string } | null; status: number }>;
}

async function call(c: RpcClient, fn: string): Promise<AccountDeletion | null> {
	const { data, error, status } = await c.rpc(fn, {});
	if (error) throw classifyRpcError(error, status);
	return (data as AccountDeletion | null) ?? null;
}

export async function requestAccountDeletion(c: RpcClient): Promise<AccountDeletion> {
	const d = await call(c, 'request_account_deletion');
	if (!d) throw new Error('The server did not confirm the deletion request. Try again.');
	return d;
}

export async function cancelAccountDeletion(c: RpcClient): Promise<AccountDeletion> {
	const d = await call(c, 'cancel_account_deletion');
	if (!d) throw new Error('The server did not confirm the cancellation. Try again.');
	return d;
}

export const accountDeletionStatus = (c: RpcClient) => call(c, 'account_deletion_status');

/** A date the user can read, in their locale, without a time (the purge runs on a daily schedule). */
export function formatDeletionDate(iso: string, locale?: string): string {
	return new Date(iso).toLocaleDateString(locale, { year: 'numeric', month: 'long', day: 'numeric' });
}

/** The confirmation notice shown after a request (and in Settings while it is pending). */
export function deletionNotice(d: AccountDeletion | null, locale?: string): string | null {
	if (!d || d.status !== 'pending') return null;
	return `Your synced data will be deleted on ${formatDeletionDate(d.scheduled_for, locale)}; cancel before then from Settings.`;
}

export const LOCAL_ONLY_NOTICE = 'Nothing is stored on a server: this copy of Loupe is local-only, so erasing this device removed everything.';

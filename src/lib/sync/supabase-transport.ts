// The browser's transport: the same SQL functions the database tests call, over supabase-js RPC.
// The client passed in must have been created with the privacy boundary's guardedFetch.
import type { SupabaseClient } from '@supabase/supabase-js';
import { TransportError, type FieldChange, type PullPage, type PushResult, type SyncTransport } from './types';

interface RpcError {
	message: string;
	code?: string;
}

/** Maps a supabase-js error (it never throws for HTTP or network failures) to a TransportError. */
export function classifyRpcError(error: RpcError, status: number): TransportError {
	if (/Privacy boundary refused/.test(error.message)) return new TransportError('refused', error.message);
	if (status === 0 || /fetch failed|Failed to fetch|NetworkError|network/i.test(error.message))
		return new TransportError('offline', `Cannot reach the sync server (${error.message}).`);
	if (status === 401 || status === 403 || error.code === '42501' || error.code === 'PGRST301')
		return new TransportError('auth', `Sign in again to sync (${error.message}).`);
	if (status === 429 || status >= 500) return new TransportError('server', `The sync server is unavailable (${status}): ${error.message}`);
	return new TransportError('bad_request', error.message);
}

export function supabaseTransport(client: SupabaseClient): SyncTransport {
	return {
		async push(changes: FieldChange[]): Promise<PushResult[]> {
			const { data, error, status } = await client.rpc('sync_push', { p_changes: changes });
			if (error) throw classifyRpcError(error, status);
			return data as PushResult[];
		},
		async pull(since: number): Promise<PullPage> {
			const { data, error, status } = await client.rpc('sync_pull', { p_since: since });
			if (error) throw classifyRpcError(error, status);
			return data as PullPage;
		}
	};
}

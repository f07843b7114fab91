// The one Supabase client of the app. Every request it makes goes through the privacy boundary's
// guardedFetch; realtime (websockets) is not used by sync and gets no channel.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { createGuardedFetch } from '../privacy/boundary';
import type { SyncConfig } from './config';

let cached: { key: string; client: SupabaseClient } | null = null;

export function supabaseClient(cfg: SyncConfig): SupabaseClient {
	const key = `${cfg.url}|${cfg.anonKey}`;
	if (cached?.key === key) return cached.client;
	const client = createClient(cfg.url, cfg.anonKey, {
		global: { fetch: createGuardedFetch({ supabaseUrl: cfg.url }) },
		auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: true, flowType: 'pkce' }
	});
	cached = { key, client };
	return client;
}

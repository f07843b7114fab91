// Sync is optional: without PUBLIC_SUPABASE_URL and PUBLIC_SUPABASE_ANON_KEY the app is local-only.
export interface SyncConfig {
	url: string;
	anonKey: string;
}

/** Reads the config from an env record (SvelteKit's $env/dynamic/public in the app). */
export function syncConfigFrom(env: Record<string, string | undefined>): SyncConfig | null {
	const url = env.PUBLIC_SUPABASE_URL?.trim();
	const anonKey = env.PUBLIC_SUPABASE_ANON_KEY?.trim();
	if (!url || !anonKey) return null;
	try {
		const u = new URL(url);
		if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
	} catch {
		return null;
	}
	return { url: url.replace(/\/+$/, ''), anonKey };
}

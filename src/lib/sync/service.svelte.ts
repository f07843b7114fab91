// The app's sync service (browser only): configuration, sign-in, the engine wired to the library,
// devices and share links. Local-first: without PUBLIC_SUPABASE_URL/ANON_KEY nothing here makes a
// request, and without a session edits are not queued (a later sign-in reconciles the whole library).
import { env } from '$env/dynamic/public';
import type { Session, SupabaseClient } from '@supabase/supabase-js';
import { getMedia, getMediaBlob, getProject, listMedia, listProjects, onLibraryChange, renameMedia, renameProject } from '$lib/library/repo';
import { listAudit } from '$lib/talent/audit';
import { chainAudit, type ChainHead } from './audit';
import { syncConfigFrom } from './config';
import { supabaseClient } from './client';
import { createGuardedFetch } from '../privacy/boundary';
import { deleteSharedObject, shareMediaItem, unshareMediaItem, type ShareMediaDeps } from './share-media';
import { SyncEngine } from './engine';
import { changedFields, mediaFields, projectFields } from './mapping';
import { fieldKey, idbSyncStore, type ConflictRecord } from './store';
import { supabaseTransport } from './supabase-transport';
import type { PulledRow } from './types';

export const syncConfig = syncConfigFrom(env as Record<string, string | undefined>);

export interface DeviceInfo {
	id: string;
	name: string;
	created_at: string;
	last_seen_at: string;
}

export interface ShareLinkInfo {
	id: string;
	role: 'viewer' | 'commenter';
	created_at: string;
	expires_at: string | null;
	revoked_at: string | null;
}

class SyncState {
	readonly configured = syncConfig !== null;
	ready = $state(false);
	session = $state<Session | null>(null);
	busy = $state(false);
	pending = $state(0);
	lastSyncAt = $state<number | null>(null);
	lastError = $state<string | null>(null);
	nextRetryAt = $state<number | null>(null);
	conflicts = $state<ConflictRecord[]>([]);
	deviceId = $state<string | null>(null);
}

export const sync = new SyncState();

const store = idbSyncStore();
let engine: SyncEngine | null = null;
let started: Promise<void> | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let pullTimer: ReturnType<typeof setInterval> | null = null;
let offLibrary: (() => void) | null = null;
let debounce: ReturnType<typeof setTimeout> | null = null;

export function client(): SupabaseClient {
	if (!syncConfig) throw new Error('Sync is not configured on this server (PUBLIC_SUPABASE_URL / PUBLIC_SUPABASE_ANON_KEY).');
	return supabaseClient(syncConfig);
}

function deviceName(): string {
	const ua = navigator.userAgent;
	const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
	const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Linux/.test(ua) ? 'Linux' : 'unknown OS';
	return `${browser} on ${os}`;
}

async function applyRemote(rows: PulledRow[]): Promise<void> {
	// Only metadata that exists on this device is updated; media bytes never come from the server.
	for (const { table, row } of rows) {
		try {
			if (table === 'projects' && typeof row.title === 'string' && row.title.trim()) {
				const p = await getProject(row.id);
				if (p && p.name !== row.title) await renameProject(row.id, row.title);
			} else if (table === 'media_metadata' && typeof row.name === 'string' && row.name.trim()) {
				const m = await getMedia(row.id);
				if (m && m.name !== row.name) await renameMedia(row.id, row.name);
			}
		} catch (e) {
			console.warn('could not apply a synced change', e);
		}
	}
}

async function refreshCounts(): Promise<void> {
	if (!engine) return;
	sync.pending = (await engine.pending()).length;
	sync.conflicts = (await engine.conflicts()).sort((a, b) => b.at - a.at);
}

/** Starts sync once per page: restores the session, wires library changes, schedules retries. */
export function startSync(): Promise<void> {
	if (!started) started = doStart();
	return started;
}

async function doStart(): Promise<void> {
	if (!syncConfig) {
		sync.ready = true;
		return;
	}
	let deviceId = await store.getMeta<string>('device_id');
	if (!deviceId) {
		deviceId = crypto.randomUUID();
		await store.setMeta('device_id', deviceId);
	}
	sync.deviceId = deviceId;
	engine = new SyncEngine({ store, transport: null, deviceId, onRemote: applyRemote });
	const c = client();
	const { data } = await c.auth.getSession();
	await onSession(data.session);
	c.auth.onAuthStateChange((_event, session) => {
		// Supabase warns against awaiting other calls inside this callback: defer.
		setTimeout(() => void onSession(session), 0);
	});
	addEventListener('online', () => void syncNow());
	sync.ready = true;
	await refreshCounts();
}

async function onSession(session: Session | null): Promise<void> {
	const was = sync.session?.user.id;
	sync.session = session;
	if (!engine) return;
	if (!session) {
		engine.transport = null;
		offLibrary?.();
		offLibrary = null;
		if (pullTimer) clearInterval(pullTimer);
		pullTimer = null;
		return;
	}
	engine.transport = supabaseTransport(client());
	if (was === session.user.id && offLibrary) return;
	offLibrary?.();
	offLibrary = onLibraryChange(() => {
		if (debounce) clearTimeout(debounce);
		debounce = setTimeout(() => void syncNow(), 800);
	});
	if (pullTimer) clearInterval(pullTimer);
	pullTimer = setInterval(() => void syncNow(), 60_000);
	try {
		const { error } = await client().rpc('register_device', { p_device_id: sync.deviceId, p_name: deviceName() });
		if (error) sync.lastError = `Could not register this device: ${error.message}`;
	} catch (e) {
		sync.lastError = String(e);
	}
	void syncNow();
}

/** Queues every library field that differs from what the server last had (or will have). */
async function collect(): Promise<void> {
	if (!engine) return;
	const known = await engine.knownAll();
	const diff = (table: string, id: string, fields: Record<string, unknown>) =>
		changedFields(fields, (k) => known.get(fieldKey(table, id, k)));
	for (const p of await listProjects()) {
		const d = diff('projects', p.id, projectFields(p));
		if (Object.keys(d).length) await engine.enqueue('projects', p.id, p.id, d);
	}
	for (const m of await listMedia({ includeDeleted: true })) {
		const d = diff('media_metadata', m.id, mediaFields(m));
		if (Object.keys(d).length) await engine.enqueue('media_metadata', m.id, m.projectIds[0] ?? null, d);
	}
}

/** Reconciles the library into the outbox, pushes what is due, pulls. Safe to call any time. */
export async function syncNow(): Promise<void> {
	await startSync();
	if (!engine || !sync.session) return;
	if (sync.busy) return;
	sync.busy = true;
	try {
		await collect();
		const { push } = await engine.sync();
		if (push.error) sync.lastError = push.error;
		else {
			await pushAudit();
			sync.lastError = null;
			sync.lastSyncAt = Date.now();
		}
		sync.nextRetryAt = push.retryAt ?? null;
	} catch (e) {
		sync.lastError = e instanceof Error ? e.message : String(e);
	} finally {
		sync.busy = false;
		await refreshCounts();
		schedule();
	}
}

/** Appends the talent audit log's new entries, as hashed rows chained per device. */
async function pushAudit(): Promise<void> {
	const uid = sync.session?.user.id;
	if (!uid || !sync.deviceId) return;
	const seqKey = `audit_local_seq:${uid}`;
	const headKey = `audit_head:${uid}`;
	const lastLocal = (await store.getMeta<number>(seqKey)) ?? 0;
	const head = (await store.getMeta<ChainHead>(headKey)) ?? null;
	const entries = (await listAudit())
		.filter((e) => (e.seq ?? 0) > lastLocal)
		.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
		.slice(0, 200);
	if (!entries.length) return;
	const rows = await chainAudit(entries, sync.deviceId, head);
	const { error } = await client().rpc('append_audit', { p_records: rows });
	if (error) throw new Error(`The audit log did not sync: ${error.message}`);
	const last = rows[rows.length - 1];
	await store.setMeta(seqKey, entries[entries.length - 1].seq ?? lastLocal);
	await store.setMeta(headKey, { seq: last.seq, hash: last.hash });
}

function schedule(): void {
	if (timer) clearTimeout(timer);
	timer = null;
	if (!engine || !sync.session) return;
	void engine.nextDue().then((due) => {
		if (due == null) return;
		timer = setTimeout(() => void syncNow(), Math.max(1000, due - Date.now()));
	});
}

export async function clearConflictLog(): Promise<void> {
	await store.clearConflicts();
	await refreshCounts();
}

// ---------------------------------------------------------------- account

export async function signInWithEmail(email: string): Promise<void> {
	const { error } = await client().auth.signInWithOtp({
		email,
		options: { shouldCreateUser: true, emailRedirectTo: `${location.origin}/settings` }
	});
	if (error) throw new Error(error.message);
}

export async function signInWithGoogle(): Promise<void> {
	const { error } = await client().auth.signInWithOAuth({ provider: 'google', options: { redirectTo: `${location.origin}/settings` } });
	if (error) throw new Error(error.message);
}

export async function signOut(): Promise<void> {
	await client().auth.signOut();
}

export async function listDevices(): Promise<DeviceInfo[]> {
	const { data, error } = await client().rpc('list_devices', {});
	if (error) throw new Error(error.message);
	return data as DeviceInfo[];
}

// ---------------------------------------------------------------- sharing

async function rpc<T>(fn: string, args: Record<string, unknown>): Promise<T> {
	const { data, error } = await client().rpc(fn, args);
	if (error) throw new Error(error.message);
	return data as T;
}

/** Creates a link for a project (syncing the project first so the server knows it). */
export async function createShareLink(projectId: string, role: 'viewer' | 'commenter', expiresAt: Date | null): Promise<{ id: string; url: string }> {
	await syncNow();
	if (sync.pending && (await engine?.pending())?.some((e) => e.table === 'projects' && e.row_id === projectId))
		throw new Error('This project has not reached the server yet. Check your connection and try again.');
	const r = await rpc<{ id: string; token: string }>('create_share_link', {
		p_project_id: projectId,
		p_role: role,
		p_expires_at: expiresAt ? expiresAt.toISOString() : null
	});
	return { id: r.id, url: `${location.origin}/share/${r.token}` };
}

export const listShareLinks = (projectId: string) => rpc<ShareLinkInfo[]>('list_share_links', { p_project_id: projectId });
export const revokeShareLink = (id: string) => rpc<unknown>('revoke_share_link', { p_link_id: id });

export interface SharedProject {
	status: 'ok' | 'expired' | 'revoked' | 'unknown';
	role?: 'viewer' | 'commenter';
	expires_at?: string | null;
	project?: { id: string; title: string; description: string | null; updated_at: string };
	media?: {
		id: string;
		name: string;
		kind: 'image' | 'video';
		mime: string;
		size: number;
		duration: number | null;
		width: number | null;
		height: number | null;
		taken_at: string | null;
		tags: string[];
		scene_list: { start: number; end: number; label: string | null }[] | null;
		clearance_summary: { cleared?: number; possible?: number; unknown?: number; reviewed?: boolean; reviewed_at?: string | null } | null;
		/** Set when the owner explicitly shared the file into this project (share-media.ts). */
		shared_path?: string | null;
	}[];
	comments?: { id: string; media_id: string | null; body: string; author_name: string; at_seconds: number | null; created_at: string }[];
}

export const resolveShare = (token: string) => rpc<SharedProject>('resolve_share', { p_token: token });
export const addShareComment = (token: string, body: string, mediaId: string | null, authorName: string | null) =>
	rpc<unknown>('add_share_comment', { p_token: token, p_body: body, p_media_id: mediaId, p_author_name: authorName });
export const acceptShare = (token: string) => rpc<{ status: string; project_id?: string; role?: string }>('accept_share', { p_token: token });

// ---------------------------------------------------------------------------------------------
// Explicit per-item file sharing (share-media.ts). Only called after the owner confirms.

function shareDeps(): ShareMediaDeps {
	const cfg = syncConfig;
	if (!cfg) throw new Error('Sync is not configured on this server.');
	return {
		getBlob: getMediaBlob,
		client: client(),
		recordPath: async (mediaId, projectId, path) => {
			if (!engine) throw new Error('Sync has not started.');
			await engine.enqueue('media_metadata', mediaId, projectId, { shared_path: path });
		},
		deleteObject: (path) => {
			const token = sync.session?.access_token;
			if (!token) throw new Error('Sign in first.');
			return deleteSharedObject(createGuardedFetch({ supabaseUrl: cfg.url }), cfg.url, cfg.anonKey, token, path);
		}
	};
}

/** The item's shared object path as this device last knew it (pending edit first), or null. */
export async function sharedPathOf(mediaId: string): Promise<string | null> {
	const key = fieldKey('media_metadata', mediaId, 'shared_path');
	const pending = await store.getEntry(key);
	const v = pending ? pending.value : (await store.getVersion(key))?.value;
	return typeof v === 'string' ? v : null;
}

/** Uploads the chosen item's original for the project's collaborators; returns the object path. */
export async function shareMediaFile(mediaId: string, projectId: string): Promise<string> {
	if (!sync.session) throw new Error('Sign in to share files.');
	// The item and its project must exist on the server before the path can point at them.
	await syncNow();
	const path = await shareMediaItem(mediaId, projectId, shareDeps());
	await syncNow();
	return path;
}

/** Removes the shared file from Storage and clears the path. */
export async function unshareMediaFile(mediaId: string, projectId: string, path: string): Promise<void> {
	if (!sync.session) throw new Error('Sign in to stop sharing.');
	await unshareMediaItem(mediaId, projectId, path, shareDeps());
	await syncNow();
}

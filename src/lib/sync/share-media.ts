// Explicit per-item file sharing: the only path by which a media file leaves the device. The owner
// picks one item and confirms; its original bytes get a single-use grant from the privacy boundary
// and go to the `shared-exports` bucket. Only the object path syncs (media_metadata.shared_path).
import type { SupabaseClient } from '@supabase/supabase-js';
import { grantUpload } from '../privacy/boundary';

export const SHARED_BUCKET = 'shared-exports';

export interface ShareMediaDeps {
	/** The original file (library `getMediaBlob`). */
	getBlob(mediaId: string): Promise<Blob & { name?: string } | undefined>;
	/** The guarded Supabase client (every request passes the privacy boundary). */
	client: Pick<SupabaseClient, 'storage'>;
	/** Records (or clears, with null) the object path in the synced metadata. */
	recordPath(mediaId: string, projectId: string, path: string | null): Promise<void>;
	/** DELETE of one object (storage-js `remove` sends a JSON body the boundary does not allow). */
	deleteObject(path: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A Storage-safe file name: keeps the extension, replaces anything outside [A-Za-z0-9._-]. */
export function safeObjectName(name: string): string {
	const cleaned = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(-120);
	return cleaned && /[A-Za-z0-9]/.test(cleaned) ? cleaned : 'file';
}

/** `<projectId>/<mediaId>/<name>`: the layout the database check and resolve_share rely on. */
export function sharedObjectPath(projectId: string, mediaId: string, name: string): string {
	if (!UUID.test(projectId) || !UUID.test(mediaId)) throw new Error('Sharing needs a synced project and item (ids are not UUIDs).');
	return `${projectId}/${mediaId}/${safeObjectName(name)}`;
}

/** Uploads the item's original (exactly its bytes, once) and records the path. Returns the path. */
export async function shareMediaItem(mediaId: string, projectId: string, deps: ShareMediaDeps): Promise<string> {
	const file = await deps.getBlob(mediaId);
	if (!file) throw new Error('The original file is missing from this device, so it cannot be shared.');
	const path = sharedObjectPath(projectId, mediaId, file.name ?? 'file');
	// Raw bytes, not the Blob: storage-js would copy a Blob into FormData and lose the grant.
	const bytes = grantUpload(new Uint8Array(await file.arrayBuffer()));
	const { error } = await deps.client.storage
		.from(SHARED_BUCKET)
		.upload(path, bytes, { contentType: file.type || 'application/octet-stream', upsert: true });
	if (error) throw new Error(`Upload failed: ${error.message}. Nothing was recorded; try again.`);
	await deps.recordPath(mediaId, projectId, path);
	return path;
}

/** Removes the shared file from Storage, then clears the path. */
export async function unshareMediaItem(mediaId: string, projectId: string, path: string, deps: Pick<ShareMediaDeps, 'deleteObject' | 'recordPath'>): Promise<void> {
	try {
		await deps.deleteObject(path);
	} catch (e) {
		throw new Error(`Could not remove the shared file: ${e instanceof Error ? e.message : e}. It is still shared; try again.`);
	}
	await deps.recordPath(mediaId, projectId, null);
}

/** Deletes one shared object through the given (guarded) fetch, as the signed-in user. */
export async function deleteSharedObject(fetchImpl: typeof fetch, supabaseUrl: string, anonKey: string, accessToken: string, path: string): Promise<void> {
	const url = `${supabaseUrl.replace(/\/$/, '')}/storage/v1/object/${SHARED_BUCKET}/${path}`;
	const res = await fetchImpl(url, { method: 'DELETE', headers: { apikey: anonKey, authorization: `Bearer ${accessToken}` } });
	// 404: already gone, which is what we wanted.
	if (!res.ok && res.status !== 404) throw new Error(`server answered ${res.status}`);
}

/**
 * Download address of a shared file. The bucket is public-read (see docs/sync.md): link holders
 * are anonymous, and the path (two UUIDs) is only revealed by resolve_share to live link holders.
 */
export function sharedFileUrl(supabaseUrl: string, path: string): string {
	const enc = path.split('/').map(encodeURIComponent).join('/');
	return `${supabaseUrl.replace(/\/$/, '')}/storage/v1/object/public/${SHARED_BUCKET}/${enc}`;
}

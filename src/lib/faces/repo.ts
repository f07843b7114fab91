// The faces database ('loupe-faces'): detected faces per media item and whether each item was
// analysed. Embeddings are encrypted at rest with the non-extractable 'faces' key; dropping the
// database and deleting that key removes all biometric data (and makes any copy unreadable).
// After faces are stored or deleted, the People service is told so grouping stays incremental.
import type { DBSchema } from 'idb';
import { decryptFloat32, encryptFloat32, FACES_KEY } from '../crypto/aes';
import { deleteKey } from '../crypto/keystore';
import { onFacesAdded, onFacesRemoved } from '../people/service';
import { dropStore, openStore, type Migration } from '../store/db';
import { matchPreviousFaces } from './rematch';
import type { AnalysisRecord, Face, FaceDataCounts, FaceRow, FacesChange, NewFace } from './types';

export type { AnalysisRecord, Face, FaceBox, FaceDataCounts, FacesChange, NewFace } from './types';

export const FACES_DB = 'loupe-faces';

interface FacesSchema extends DBSchema {
	faces: { key: string; value: FaceRow; indexes: { 'by-media': string } };
	analyses: { key: string; value: AnalysisRecord };
}

const migrations: Migration<FacesSchema>[] = [
	(db) => {
		const faces = db.createObjectStore('faces', { keyPath: 'id' });
		faces.createIndex('by-media', 'mediaId');
		db.createObjectStore('analyses', { keyPath: 'mediaId' });
	}
];
const spec = { name: FACES_DB, migrations };
const db = () => openStore(spec);

// ---- change events (this tab + other tabs) ----
type Listener = (change: FacesChange) => void;
const listeners = new Set<Listener>();
let channel: BroadcastChannel | null = null;
function getChannel(): BroadcastChannel | null {
	if (channel || typeof BroadcastChannel === 'undefined') return channel;
	channel = new BroadcastChannel('loupe-faces');
	channel.onmessage = (e: MessageEvent) => {
		for (const l of listeners) l(e.data as FacesChange);
	};
	(channel as unknown as { unref?: () => void }).unref?.();
	return channel;
}
function emit(change: FacesChange) {
	for (const l of listeners) {
		try {
			l(change);
		} catch (err) {
			console.error('faces change listener failed', err);
		}
	}
	getChannel()?.postMessage(change);
}
/** Calls `cb` after faces are added/removed/cleared or an analysis record changes. Returns unsubscribe. */
export function onFacesChange(cb: Listener): () => void {
	getChannel();
	listeners.add(cb);
	return () => listeners.delete(cb);
}

// People grouping is a downstream consumer: its failure must not lose or block face data.
async function notifyPeople(kind: 'added' | 'removed', ids: string[]) {
	if (!ids.length) return;
	try {
		await (kind === 'added' ? onFacesAdded(ids) : onFacesRemoved(ids));
	} catch (err) {
		console.error(`people service failed on faces ${kind}`, err);
	}
}

function strip(row: FaceRow): Face {
	const { embedding: _e, ...face } = row;
	return face;
}

function byFrameThenPosition(a: Face, b: Face) {
	return (a.frameTime ?? 0) - (b.frameTime ?? 0) || a.box.x - b.box.x || a.box.y - b.box.y;
}

function validate(f: NewFace) {
	const b = f.box;
	if (![b?.x, b?.y, b?.w, b?.h].every(Number.isFinite) || b.w <= 0 || b.h <= 0) throw new Error('face box must have finite x, y and positive w, h');
	if (!(f.embedding instanceof Float32Array) || f.embedding.length === 0) throw new Error('face embedding must be a non-empty Float32Array');
	if (f.embedding.some((v) => !Number.isFinite(v))) throw new Error('face embedding contains NaN/Infinity');
}

/**
 * Stores the faces found on one media item and records the analysis. With `replace`, the item's
 * previous faces are replaced in the same transaction (re-analysis): a face found again keeps its
 * id (see rematch.ts), so People's names and decisions on it survive; the others are removed.
 * Returns the stored faces.
 */
export async function saveAnalysis(
	mediaId: string,
	faces: NewFace[],
	opts: { replace?: boolean; frames?: number; pipeline?: string } = {}
): Promise<Face[]> {
	faces.forEach(validate);
	const now = Date.now();
	const previous = opts.replace ? await listFacesForMedia(mediaId) : [];
	const keptIds = matchPreviousFaces(previous, faces);
	// Encrypt before opening the transaction: awaiting WebCrypto inside it would let it auto-commit.
	const rows: FaceRow[] = await Promise.all(
		faces.map(async (f, i) => {
			const id = keptIds[i] ?? crypto.randomUUID();
			const { embedding, ...rest } = f;
			return { ...rest, id, mediaId, createdAt: now, embedding: await encryptFloat32(embedding, { keyName: FACES_KEY, aad: id }) };
		})
	);
	const kept = new Set(keptIds.filter((id): id is string => id !== null));
	const d = await db();
	const tx = d.transaction(['faces', 'analyses'], 'readwrite');
	const faceStore = tx.objectStore('faces');
	let removed: string[] = [];
	if (opts.replace) {
		removed = ((await faceStore.index('by-media').getAllKeys(mediaId)) as string[]).filter((id) => !kept.has(id));
		for (const id of removed) await faceStore.delete(id);
	}
	for (const r of rows) await faceStore.put(r);
	const tracks = new Set(rows.map((r) => r.trackId).filter(Boolean)).size;
	const rec: AnalysisRecord = { mediaId, status: 'done', faceCount: await faceStore.index('by-media').count(mediaId), analyzedAt: now };
	if (opts.frames !== undefined) rec.frames = opts.frames;
	if (tracks) rec.tracks = tracks;
	if (opts.pipeline) rec.pipeline = opts.pipeline;
	await tx.objectStore('analyses').put(rec);
	await tx.done;

	if (removed.length) {
		emit({ type: 'removed', mediaIds: [mediaId], faceIds: removed });
		await notifyPeople('removed', removed);
	}
	// Faces found again are already known downstream; only new ones are announced as added.
	const ids = rows.map((r) => r.id).filter((id) => !kept.has(id));
	emit({ type: 'added', mediaIds: [mediaId], faceIds: ids });
	await notifyPeople('added', ids);
	return rows.map(strip).sort(byFrameThenPosition);
}

/** Records that analysing `mediaId` failed (its faces, if any, are left as they were). */
export async function saveAnalysisError(mediaId: string, error: string): Promise<void> {
	const d = await db();
	const faceCount = await d.countFromIndex('faces', 'by-media', mediaId);
	await d.put('analyses', { mediaId, status: 'error', faceCount, analyzedAt: Date.now(), error });
	emit({ type: 'analysis', mediaIds: [mediaId], faceIds: [] });
}

export async function getAnalysis(mediaId: string): Promise<AnalysisRecord | null> {
	return (await (await db()).get('analyses', mediaId)) ?? null;
}

export async function listAnalyses(): Promise<AnalysisRecord[]> {
	return (await db()).getAll('analyses');
}

/** Faces on one item, in frame order then left to right. */
export async function listFacesForMedia(mediaId: string): Promise<Face[]> {
	const rows = await (await db()).getAllFromIndex('faces', 'by-media', mediaId);
	return rows.map(strip).sort(byFrameThenPosition);
}

export async function listAllFaces(): Promise<Face[]> {
	return (await (await db()).getAll('faces')).map(strip);
}

export async function getFace(id: string): Promise<Face | null> {
	const row = await (await db()).get('faces', id);
	return row ? strip(row) : null;
}

/**
 * Decrypted embeddings (L2-normalised as the pipeline produced them) for the given faces.
 * Unknown ids are left out of the map; a row that cannot be decrypted (key shredded) throws.
 */
export async function getEmbeddings(faceIds: Iterable<string>): Promise<Map<string, Float32Array>> {
	const d = await db();
	const tx = d.transaction('faces');
	const rows = await Promise.all([...faceIds].map((id) => tx.store.get(id)));
	await tx.done;
	const out = new Map<string, Float32Array>();
	await Promise.all(
		rows.map(async (r) => {
			if (r) out.set(r.id, await decryptFloat32(r.embedding, { keyName: FACES_KEY, aad: r.id }));
		})
	);
	return out;
}

async function updateCount(tx: { objectStore(n: 'analyses'): any; objectStore(n: 'faces'): any }, mediaId: string) {
	const a = await tx.objectStore('analyses').get(mediaId);
	if (a) await tx.objectStore('analyses').put({ ...a, faceCount: await tx.objectStore('faces').index('by-media').count(mediaId) });
}

/** Deletes one face (row and encrypted embedding). Returns false if it did not exist. */
export async function deleteFace(id: string): Promise<boolean> {
	const d = await db();
	const tx = d.transaction(['faces', 'analyses'], 'readwrite');
	const row = await tx.objectStore('faces').get(id);
	if (!row) {
		await tx.done;
		return false;
	}
	await tx.objectStore('faces').delete(id);
	await updateCount(tx, row.mediaId);
	await tx.done;
	emit({ type: 'removed', mediaIds: [row.mediaId], faceIds: [id] });
	await notifyPeople('removed', [id]);
	return true;
}

/** Deletes every face of one item and its analysis record (e.g. when the item is deleted). */
export async function deleteFacesForMedia(mediaId: string): Promise<number> {
	const d = await db();
	const tx = d.transaction(['faces', 'analyses'], 'readwrite');
	const ids = (await tx.objectStore('faces').index('by-media').getAllKeys(mediaId)) as string[];
	for (const id of ids) await tx.objectStore('faces').delete(id);
	await tx.objectStore('analyses').delete(mediaId);
	await tx.done;
	emit({ type: 'removed', mediaIds: [mediaId], faceIds: ids });
	await notifyPeople('removed', ids);
	return ids.length;
}

/** How much face data exists (shown before a delete so the user knows what goes). */
export async function countFaceData(): Promise<FaceDataCounts> {
	const d = await db();
	const tx = d.transaction(['faces', 'analyses']);
	const faces = await tx.objectStore('faces').count();
	const media = new Set<string>();
	const tracks = new Set<string>();
	let cursor = await tx.objectStore('faces').openCursor();
	while (cursor) {
		media.add(cursor.value.mediaId);
		if (cursor.value.trackId) tracks.add(cursor.value.trackId);
		cursor = await cursor.continue();
	}
	await tx.done;
	return { faces, media: media.size, tracks: tracks.size };
}

/**
 * Deletes all biometric data on this device: drops the faces database and shreds the key the
 * embeddings were encrypted with. People is told every face id so it can drop its groups.
 */
export async function deleteAllFaceData(): Promise<{ faces: number }> {
	let ids: string[] = [];
	try {
		ids = (await (await db()).getAllKeys('faces')) as string[];
	} catch {
		/* an unreadable database is deleted below all the same */
	}
	await dropStore(FACES_DB);
	await deleteKey(FACES_KEY);
	emit({ type: 'cleared', mediaIds: [], faceIds: [] });
	await notifyPeople('removed', ids);
	return { faces: ids.length };
}

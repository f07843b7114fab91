// Assembles the export from this device: every Loupe database (raw), decrypted face embeddings,
// local preferences, and the original media via the library repository.
import { dumpDatabase, listDatabases } from './device';
import type { ExportSource } from './archive';
import { getMediaBlob, listMedia } from '../library/repo';
import { getEmbeddings, listAllFaces } from '../faces/repo';

export function deviceExportSource(): ExportSource {
	return {
		async databases() {
			const out: Record<string, Record<string, unknown[]>> = {};
			// Key material is non-extractable: there is nothing meaningful to export.
			for (const name of (await listDatabases()).filter((n) => n !== 'loupe-keys').sort()) out[name] = await dumpDatabase(name);
			return out;
		},
		async extras() {
			const extras: Record<string, unknown> = {};
			try {
				const faces = await listAllFaces();
				const emb = await getEmbeddings(faces.map((f) => f.id));
				extras['face-embeddings'] = faces.filter((f) => emb.has(f.id)).map((f) => ({ faceId: f.id, mediaId: f.mediaId, model: f.embeddingModel ?? null, embedding: emb.get(f.id) }));
			} catch (e) {
				extras['face-embeddings'] = { error: `could not be decrypted: ${(e as Error).message}` };
			}
			const prefs: Record<string, unknown> = {};
			for (let i = 0; i < localStorage.length; i++) {
				const k = localStorage.key(i)!;
				if (k.startsWith('loupe.')) prefs[k] = localStorage.getItem(k);
			}
			extras['preferences'] = prefs;
			return extras;
		},
		async media() {
			const items = await listMedia({ includeDeleted: true });
			return items.map((m) => ({ id: m.id, name: m.name, mime: m.mime, size: m.size }));
		},
		mediaBlob: (id) => getMediaBlob(id)
	};
}

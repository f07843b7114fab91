// The export archive (GDPR Art. 15 and 20): a streamed zip with a versioned manifest, one JSON
// file per local database, and the original media files. See docs/privacy-centre.md for the schema.
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export const EXPORT_SCHEMA = 'loupe.export';
export const EXPORT_SCHEMA_VERSION = 1;

export interface ExportMediaEntry {
	id: string;
	name: string;
	mime: string;
	size: number;
}

export interface ExportSource {
	/** Database name → store name → rows. */
	databases(): Promise<Record<string, Record<string, unknown[]>>>;
	/** Extra machine-readable sections (e.g. decrypted embeddings, preferences). */
	extras(): Promise<Record<string, unknown>>;
	media(): Promise<ExportMediaEntry[]>;
	mediaBlob(id: string): Promise<Blob | undefined>;
}

export interface ExportManifest {
	schema: typeof EXPORT_SCHEMA;
	version: number;
	exportedAt: string;
	app: string;
	files: { path: string; kind: 'database' | 'section' | 'media'; records?: number; bytes?: number; mediaId?: string; mime?: string }[];
	missingMedia: string[];
	notes: string[];
}

export interface ExportProgress {
	phase: 'records' | 'media' | 'done';
	doneBytes: number;
	totalBytes: number;
	currentFile?: string;
}

const b64 = (bytes: Uint8Array) => {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(s);
};

/** Makes IndexedDB values JSON-safe: bytes → {$base64}, blobs → {$blob}, keys → marker. */
export function toJSONSafe(v: unknown): unknown {
	if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? String(v) : v;
	if (v instanceof ArrayBuffer) return { $base64: b64(new Uint8Array(v)) };
	if (ArrayBuffer.isView(v)) {
		if (v instanceof Float32Array || v instanceof Float64Array) return Array.from(v);
		return { $base64: b64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
	}
	if (typeof Blob !== 'undefined' && v instanceof Blob) return { $blob: { size: v.size, type: v.type } };
	if (typeof CryptoKey !== 'undefined' && v instanceof CryptoKey) return { $cryptoKey: 'non-extractable, not exported' };
	if (v instanceof Date) return v.toISOString();
	if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), toJSONSafe(x)]));
	if (v instanceof Set) return [...v].map(toJSONSafe);
	if (Array.isArray(v)) return v.map(toJSONSafe);
	const out: Record<string, unknown> = {};
	for (const [k, x] of Object.entries(v)) out[k] = toJSONSafe(x);
	return out;
}

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 120) || 'file';

/**
 * Streams the archive into `sink` chunk by chunk (never holding all media in memory at once).
 * Resolves with the manifest once the final chunk was written.
 */
export async function writeExport(
	src: ExportSource,
	sink: (chunk: Uint8Array) => void | Promise<void>,
	opts: { now?: number; app?: string; onProgress?: (p: ExportProgress) => void; signal?: AbortSignal } = {}
): Promise<ExportManifest> {
	const { signal, onProgress } = opts;
	const enc = new TextEncoder();
	const pending: Uint8Array[] = [];
	let failed: Error | null = null;
	let finished = false;
	const zip = new Zip((err, chunk, final) => {
		if (err) failed = err;
		else pending.push(chunk);
		if (final) finished = true;
	});
	const flush = async () => {
		if (failed) throw failed;
		while (pending.length) await sink(pending.shift()!);
	};
	const check = () => {
		if (signal?.aborted) throw new DOMException('Export cancelled', 'AbortError');
	};
	const addJSON = async (path: string, value: unknown) => {
		const f = new ZipDeflate(path, { level: 6 });
		zip.add(f);
		f.push(enc.encode(JSON.stringify(toJSONSafe(value), null, 1)), true);
		await flush();
	};

	const manifest: ExportManifest = {
		schema: EXPORT_SCHEMA,
		version: EXPORT_SCHEMA_VERSION,
		exportedAt: new Date(opts.now ?? Date.now()).toISOString(),
		app: opts.app ?? 'Loupe',
		files: [],
		missingMedia: [],
		notes: [
			'Each data/<database>.json holds every row of every store of that on-device database.',
			'Binary values appear as {"$base64": ...}; stored files as {"$blob": {size,type}} (the files themselves are under media/).',
			'Encryption keys are non-extractable and are not exported; face embeddings appear decrypted in sections/face-embeddings.json.'
		]
	};
	const items = await src.media();
	const totalBytes = items.reduce((s, m) => s + m.size, 0);
	let doneBytes = 0;
	onProgress?.({ phase: 'records', doneBytes, totalBytes });

	const dbs = await src.databases();
	for (const [name, stores] of Object.entries(dbs)) {
		check();
		const path = `data/${safeName(name)}.json`;
		await addJSON(path, { database: name, stores });
		manifest.files.push({ path, kind: 'database', records: Object.values(stores).reduce((s, r) => s + r.length, 0) });
	}
	for (const [name, value] of Object.entries(await src.extras())) {
		check();
		const path = `sections/${safeName(name)}.json`;
		await addJSON(path, value);
		manifest.files.push({ path, kind: 'section', records: Array.isArray(value) ? value.length : undefined });
	}

	const used = new Set<string>();
	for (const m of items) {
		check();
		const blob = await src.mediaBlob(m.id);
		if (!blob) {
			manifest.missingMedia.push(m.id);
			continue;
		}
		let path = `media/${safeName(m.name)}`;
		if (used.has(path)) path = `media/${m.id.slice(0, 8)}-${safeName(m.name)}`;
		used.add(path);
		onProgress?.({ phase: 'media', doneBytes, totalBytes, currentFile: m.name });
		const f = new ZipPassThrough(path);
		zip.add(f);
		const reader = blob.stream().getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			if (signal?.aborted) {
				await reader.cancel();
				check();
			}
			f.push(value, false);
			doneBytes += value.byteLength;
			await flush();
			onProgress?.({ phase: 'media', doneBytes, totalBytes, currentFile: m.name });
		}
		f.push(new Uint8Array(0), true);
		await flush();
		manifest.files.push({ path, kind: 'media', bytes: blob.size, mediaId: m.id, mime: m.mime });
	}
	await addJSON('manifest.json', manifest);
	zip.end();
	await flush();
	if (!finished) throw new Error('zip did not finish');
	onProgress?.({ phase: 'done', doneBytes, totalBytes });
	return manifest;
}

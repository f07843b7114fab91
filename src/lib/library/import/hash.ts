// Streaming SHA-256 of a Blob/File: reads fixed-size slices so a multi-GB video never sits in
// memory, reports progress, and stops promptly when aborted. hash-wasm (WASM, embedded in the JS,
// nothing fetched) is ~10× faster than pure JS here; @noble/hashes is the fallback where WASM
// cannot be instantiated.
import { createSHA256 } from 'hash-wasm';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export const HASH_CHUNK = 4 * 1024 * 1024;

interface Hasher {
	update(b: Uint8Array): unknown;
	hex(): string;
}

async function hasher(impl: 'wasm' | 'js'): Promise<Hasher> {
	if (impl === 'wasm') {
		try {
			const h = await createSHA256();
			h.init();
			return { update: (b) => h.update(b), hex: () => h.digest('hex') };
		} catch {
			/* fall through to JS */
		}
	}
	const h = sha256.create();
	return { update: (b) => h.update(b), hex: () => bytesToHex(h.digest()) };
}

export async function sha256Blob(
	blob: Blob,
	onProgress?: (bytesDone: number) => void,
	signal?: AbortSignal,
	chunk = HASH_CHUNK,
	impl: 'wasm' | 'js' = 'wasm'
): Promise<string> {
	const h = await hasher(impl);
	for (let off = 0; off < blob.size; off += chunk) {
		signal?.throwIfAborted();
		const end = Math.min(off + chunk, blob.size);
		const buf = new Uint8Array(await blob.slice(off, end).arrayBuffer());
		if (buf.length !== end - off) throw new Error('the file changed or could not be read completely while importing');
		h.update(buf);
		onProgress?.(end);
	}
	return h.hex();
}

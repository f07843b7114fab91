// Streaming SHA-256 of a Blob/File: reads fixed-size slices so a multi-GB video never sits in
// memory, reports progress, and stops promptly when aborted.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export const HASH_CHUNK = 4 * 1024 * 1024;

export async function sha256Blob(
	blob: Blob,
	onProgress?: (bytesDone: number) => void,
	signal?: AbortSignal,
	chunk = HASH_CHUNK
): Promise<string> {
	const h = sha256.create();
	for (let off = 0; off < blob.size; off += chunk) {
		signal?.throwIfAborted();
		const end = Math.min(off + chunk, blob.size);
		const buf = new Uint8Array(await blob.slice(off, end).arrayBuffer());
		if (buf.length !== end - off) throw new Error('the file changed or could not be read completely while importing');
		h.update(buf);
		onProgress?.(end);
	}
	return bytesToHex(h.digest());
}

// AES-GCM encryption of small values (embeddings, notes) with a named key from the key store.
// Each value gets a fresh random 96-bit IV; optional associated data binds a ciphertext to its
// row (e.g. the face id) so ciphertexts cannot be swapped between rows unnoticed.
import { getKey } from './keystore';

export interface Encrypted {
	/** 12 random bytes. */
	iv: Uint8Array;
	/** Ciphertext followed by the 16-byte GCM tag. */
	data: ArrayBuffer;
}

export const FACES_KEY = 'faces';

const enc = new TextEncoder();

function aadParams(iv: Uint8Array, aad?: string): AesGcmParams {
	const p: AesGcmParams = { name: 'AES-GCM', iv: iv as BufferSource };
	if (aad !== undefined) p.additionalData = enc.encode(aad) as BufferSource;
	return p;
}

export async function encryptBytes(bytes: ArrayBufferView | ArrayBuffer, opts: { keyName?: string; aad?: string } = {}): Promise<Encrypted> {
	const key = await getKey(opts.keyName ?? FACES_KEY);
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const data = await crypto.subtle.encrypt(aadParams(iv, opts.aad), key, bytes as BufferSource);
	return { iv, data };
}

/** Throws if the key was deleted/replaced, the data was altered, or `aad` differs from encryption. */
export async function decryptBytes(value: Encrypted, opts: { keyName?: string; aad?: string } = {}): Promise<ArrayBuffer> {
	const key = await getKey(opts.keyName ?? FACES_KEY);
	return crypto.subtle.decrypt(aadParams(value.iv, opts.aad), key, value.data);
}

export function encryptFloat32(vec: Float32Array, opts: { keyName?: string; aad?: string } = {}): Promise<Encrypted> {
	// Copy so a view into a larger buffer encrypts only its own elements.
	return encryptBytes(new Float32Array(vec), opts);
}

export async function decryptFloat32(value: Encrypted, opts: { keyName?: string; aad?: string } = {}): Promise<Float32Array> {
	return new Float32Array(await decryptBytes(value, opts));
}

export async function encryptJSON(value: unknown, opts: { keyName?: string; aad?: string } = {}): Promise<Encrypted> {
	return encryptBytes(enc.encode(JSON.stringify(value)), opts);
}

export async function decryptJSON<T>(value: Encrypted, opts: { keyName?: string; aad?: string } = {}): Promise<T> {
	return JSON.parse(new TextDecoder().decode(await decryptBytes(value, opts))) as T;
}

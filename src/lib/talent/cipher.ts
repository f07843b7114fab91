// How reference embeddings are sealed at rest. The browser uses the app's non-extractable
// at-rest key (src/lib/crypto); tests use a throwaway AES-GCM key.

export interface Sealed {
	iv: Uint8Array;
	data: ArrayBuffer;
}

export interface EmbeddingCipher {
	seal(plain: Uint8Array): Promise<Sealed>;
	open(sealed: Sealed): Promise<Uint8Array>;
}

/** AES-GCM with a given CryptoKey (non-extractable in the app). */
export function aesGcmCipher(key: CryptoKey | Promise<CryptoKey>): EmbeddingCipher {
	return {
		async seal(plain) {
			const iv = crypto.getRandomValues(new Uint8Array(12));
			return { iv, data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource }, await key, plain as BufferSource) };
		},
		async open(s) {
			return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: s.iv as BufferSource }, await key, s.data));
		}
	};
}

let current: EmbeddingCipher | null = null;

export function useCipher(c: EmbeddingCipher | null) {
	current = c;
}

export function cipher(): EmbeddingCipher {
	if (!current) throw new Error('The at-rest encryption key is not available, so reference faces cannot be stored or read.');
	return current;
}

// Test helpers shared by the talent unit tests (not imported by the app).
import { aesGcmCipher, useCipher } from './cipher';

export function useTestCipher() {
	useCipher(aesGcmCipher(crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])));
}

export function unitVector(dim: number, seed: number): Float32Array {
	let s = seed >>> 0 || 1;
	const v = new Float32Array(dim);
	let n = 0;
	for (let i = 0; i < dim; i++) {
		s = (s * 1664525 + 1013904223) >>> 0;
		v[i] = s / 2 ** 32 - 0.5;
		n += v[i] * v[i];
	}
	n = Math.sqrt(n);
	for (let i = 0; i < dim; i++) v[i] /= n;
	return v;
}

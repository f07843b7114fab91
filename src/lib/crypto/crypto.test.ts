import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import { closeStore } from '../store/db';
import { decryptFloat32, decryptJSON, encryptFloat32, encryptJSON } from './aes';
import { deleteKey, getKey, hasKey, KEYS_DB } from './keystore';

test('keys are non-extractable AES-GCM and survive reopening the database', async () => {
	const k = await getKey('t-persist');
	expect(k.extractable).toBe(false);
	expect(k.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
	await expect(crypto.subtle.exportKey('raw', k)).rejects.toThrow();
	const v = new Float32Array([0.25, -1.5, 3]);
	const sealed = await encryptFloat32(v, { keyName: 't-persist' });
	await closeStore(KEYS_DB);
	// Fresh module-level cache would not help here: the key comes back from IndexedDB.
	expect(Array.from(await decryptFloat32(sealed, { keyName: 't-persist' }))).toEqual([0.25, -1.5, 3]);
});

test('concurrent first use yields one key', async () => {
	const [a, b] = await Promise.all([getKey('t-race'), getKey('t-race')]);
	expect(a).toBe(b);
});

test('ciphertext hides the values and uses a fresh IV each time', async () => {
	const v = new Float32Array(128).map((_, i) => i / 7);
	const a = await encryptFloat32(v, { keyName: 't-iv' });
	const b = await encryptFloat32(v, { keyName: 't-iv' });
	expect(a.iv).toHaveLength(12);
	expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
	expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(false);
	expect(Buffer.from(a.data).includes(Buffer.from(v.buffer))).toBe(false);
	expect(a.data.byteLength).toBe(128 * 4 + 16);
});

test('encrypts only the view, not the whole underlying buffer', async () => {
	const big = new Float32Array([9, 1, 2, 9]);
	const sealed = await encryptFloat32(big.subarray(1, 3), { keyName: 't-view' });
	expect(Array.from(await decryptFloat32(sealed, { keyName: 't-view' }))).toEqual([1, 2]);
});

test('associated data binds a ciphertext to its row', async () => {
	const sealed = await encryptFloat32(new Float32Array([1]), { keyName: 't-aad', aad: 'face-1' });
	await expect(decryptFloat32(sealed, { keyName: 't-aad', aad: 'face-2' })).rejects.toThrow();
	expect(Array.from(await decryptFloat32(sealed, { keyName: 't-aad', aad: 'face-1' }))).toEqual([1]);
});

test('deleting the key crypto-shreds the data', async () => {
	const sealed = await encryptJSON({ secret: 42 }, { keyName: 't-shred' });
	expect(await decryptJSON(sealed, { keyName: 't-shred' })).toEqual({ secret: 42 });
	await deleteKey('t-shred');
	expect(await hasKey('t-shred')).toBe(false);
	// A new key is generated on next use; it cannot open the old ciphertext.
	await expect(decryptJSON(sealed, { keyName: 't-shred' })).rejects.toThrow();
});

test('tampered ciphertext is rejected', async () => {
	const sealed = await encryptFloat32(new Float32Array([1, 2]), { keyName: 't-tamper' });
	new Uint8Array(sealed.data)[0] ^= 1;
	await expect(decryptFloat32(sealed, { keyName: 't-tamper' })).rejects.toThrow();
});

import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { sniff, truncation } from './sniff';
import { sha256Blob } from './hash';

const u8 = (...parts: (string | number[])[]) =>
	new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

test('formats are recognised by their bytes, not their names', () => {
	expect(sniff(u8([0xff, 0xd8, 0xff, 0xe0]), 'x.png')).toMatchObject({ ok: true, mime: 'image/jpeg' });
	expect(sniff(u8('\x89PNG\r\n\x1a\n'), 'a.png')).toMatchObject({ ok: true, kind: 'image', mime: 'image/png' });
	expect(sniff(u8('GIF89a'), 'a.gif')).toMatchObject({ ok: true, mime: 'image/gif' });
	expect(sniff(u8('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'a.webp')).toMatchObject({ ok: true, mime: 'image/webp' });
	expect(sniff(u8([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0]), 'a.heic')).toMatchObject({ ok: true, format: 'HEIC' });
	expect(sniff(u8([0, 0, 0, 24], 'ftypisom', [0, 0, 0, 0]), 'a.mp4')).toMatchObject({ ok: true, kind: 'video', mime: 'video/mp4' });
	expect(sniff(u8([0, 0, 0, 20], 'ftypqt  ', [0, 0, 0, 0]), 'a.mov')).toMatchObject({ ok: true, mime: 'video/quicktime' });
	expect(sniff(u8([0x1a, 0x45, 0xdf, 0xa3, 1, 2], 'webm'), 'a.webm')).toMatchObject({ ok: true, mime: 'video/webm' });
});

test('unsupported and mislabelled files get a reason that says what to do', () => {
	const tiff = sniff(u8('II*\0'), 'scan.tiff');
	expect(tiff.ok).toBe(false);
	if (tiff.ok === false) expect(tiff.reason).toMatch(/TIFF files are not supported/);
	const fake = sniff(u8('hello world'), 'photo.jpg');
	if (fake.ok === false) expect(fake.reason).toMatch(/not a valid JPG/);
	expect(sniff(u8('hello'), 'notes.xyz').ok).toBe(false);
	expect(sniff(u8([0, 0, 0, 24], 'ftypM4A ', [0, 0, 0, 0]), 'song.m4a')).toMatchObject({ ok: false, format: 'M4A audio' });
});

test('truncated files are detected from their last bytes', () => {
	const jpegHead = u8([0xff, 0xd8, 0xff]);
	expect(truncation('JPEG', jpegHead, u8([1, 2, 0xff, 0xd9]), 100)).toBeNull();
	expect(truncation('JPEG', jpegHead, u8([1, 2, 0xff, 0xd9, 9, 9]), 100)).toBeNull(); // trailer after EOI
	expect(truncation('JPEG', jpegHead, u8([1, 2, 3, 4]), 100)).toMatch(/truncated/);
	expect(truncation('PNG', u8(), u8('....IEND', [0xae, 0x42, 0x60, 0x82]), 100)).toBeNull();
	expect(truncation('PNG', u8(), u8('IDATxxxxxxxxxxxx'), 100)).toMatch(/truncated/);
	const webpHead = u8('RIFF', [100, 0, 0, 0], 'WEBP');
	expect(truncation('WebP', webpHead, u8(), 108)).toBeNull();
	expect(truncation('WebP', webpHead, u8(), 60)).toMatch(/truncated/);
	expect(truncation('MP4', u8(), u8(), 10)).toBeNull();
});

test('streaming SHA-256 matches a one-shot hash, across chunk boundaries', async () => {
	const data = new Uint8Array(1_000_003).map((_, i) => (i * 31) % 251);
	const expected = createHash('sha256').update(data).digest('hex');
	const seen: number[] = [];
	expect(await sha256Blob(new Blob([data]), (n) => seen.push(n), undefined, 65_536)).toBe(expected);
	expect(await sha256Blob(new Blob([data]), undefined, undefined, 65_536, 'js')).toBe(expected);
	expect(seen.at(-1)).toBe(data.length);
	expect(await sha256Blob(new Blob([]))).toBe(createHash('sha256').digest('hex'));
	const ac = new AbortController();
	ac.abort();
	await expect(sha256Blob(new Blob([data]), undefined, ac.signal)).rejects.toThrow();
});

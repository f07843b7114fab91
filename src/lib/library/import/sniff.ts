// What a file really is, from its first bytes (names and browser-reported types lie), and whether
// it ends the way its format requires (a truncated download or copy usually does not).
// Pure: takes bytes, returns facts; tested in Node.
import type { MediaKind } from '../types';

export type Sniffed =
	| { ok: true; kind: MediaKind; mime: string; format: string }
	| { ok: false; format: string; reason: string };

const ascii = (b: Uint8Array, off: number, len: number) => String.fromCharCode(...b.subarray(off, off + len));

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

const UNSUPPORTED_BY_EXT: Record<string, string> = {
	tif: 'TIFF', tiff: 'TIFF', psd: 'Photoshop', raw: 'camera RAW', cr2: 'Canon RAW', cr3: 'Canon RAW', nef: 'Nikon RAW',
	arw: 'Sony RAW', dng: 'DNG RAW', orf: 'Olympus RAW', rw2: 'Panasonic RAW', svg: 'SVG', pdf: 'PDF', mp3: 'MP3 audio',
	wav: 'WAV audio', m4a: 'M4A audio', flac: 'FLAC audio', ogg: 'Ogg audio', avi: 'AVI', wmv: 'WMV', flv: 'Flash video',
	mkv: 'Matroska', zip: 'ZIP archive', txt: 'text'
};

/** Identifies a file from its first (at least 16, ideally 64) bytes and its name. */
export function sniff(head: Uint8Array, name: string): Sniffed {
	const ext = name.toLowerCase().split('.').pop() ?? '';
	const b = head;
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { ok: true, kind: 'image', mime: 'image/jpeg', format: 'JPEG' };
	if (b.length >= 8 && ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return { ok: true, kind: 'image', mime: 'image/png', format: 'PNG' };
	if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return { ok: true, kind: 'image', mime: 'image/gif', format: 'GIF' };
	if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { ok: true, kind: 'image', mime: 'image/webp', format: 'WebP' };
	if (b.length >= 2 && ascii(b, 0, 2) === 'BM') return { ok: true, kind: 'image', mime: 'image/bmp', format: 'BMP' };
	if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') {
		const brand = ascii(b, 8, 4);
		if (brand === 'avif' || brand === 'avis') return { ok: true, kind: 'image', mime: 'image/avif', format: 'AVIF' };
		if (HEIC_BRANDS.has(brand)) return { ok: true, kind: 'image', mime: 'image/heic', format: 'HEIC' };
		if (brand === 'qt  ') return { ok: true, kind: 'video', mime: 'video/quicktime', format: 'MOV' };
		if (brand.startsWith('M4A') || brand === 'M4B ') return { ok: false, format: 'M4A audio', reason: 'it is an audio file; Loupe imports photos and videos' };
		return { ok: true, kind: 'video', mime: 'video/mp4', format: 'MP4' };
	}
	// Old QuickTime files start with other atoms (moov, mdat, wide, free).
	if (b.length >= 8 && ['moov', 'mdat', 'wide', 'free', 'skip'].includes(ascii(b, 4, 4)) && (ext === 'mov' || ext === 'mp4'))
		return { ok: true, kind: 'video', mime: ext === 'mov' ? 'video/quicktime' : 'video/mp4', format: ext.toUpperCase() };
	if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
		const isWebm = ascii(b, 0, Math.min(b.length, 64)).includes('webm');
		return isWebm || ext === 'webm'
			? { ok: true, kind: 'video', mime: 'video/webm', format: 'WebM' }
			: { ok: true, kind: 'video', mime: 'video/x-matroska', format: 'Matroska' };
	}
	const known = UNSUPPORTED_BY_EXT[ext];
	if (known) return { ok: false, format: known, reason: `${known} files are not supported; Loupe imports JPEG, PNG, WebP, GIF, AVIF, HEIC (where the browser decodes it), MP4, MOV and WebM` };
	if (['jpg', 'jpeg', 'png', 'gif', 'webp', 'heic', 'heif', 'avif', 'mp4', 'mov', 'm4v', 'webm'].includes(ext))
		return { ok: false, format: ext.toUpperCase(), reason: `the file is named .${ext} but its contents are not a valid ${ext.toUpperCase()} (it is corrupt or mislabelled)` };
	return { ok: false, format: 'unknown', reason: 'it is not a photo or video Loupe can read (JPEG, PNG, WebP, GIF, AVIF, HEIC, MP4, MOV, WebM)' };
}

/**
 * Checks the end of a file against its format's terminator. `tail` is the file's last bytes
 * (up to 64 KB), `size` its full length, `head` its first bytes. Returns the problem, or null.
 */
export function truncation(format: string, head: Uint8Array, tail: Uint8Array, size: number): string | null {
	const truncated = 'the file is truncated (it ends before the image data does) — copy or download it again';
	switch (format) {
		case 'JPEG': {
			// Some cameras append data after the end-of-image marker, so look for it near the end.
			for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return null;
			return truncated;
		}
		case 'PNG': {
			const end = ascii(tail, Math.max(0, tail.length - 12), 12);
			return end.includes('IEND') ? null : truncated;
		}
		case 'GIF': {
			// Trailer 0x3B, tolerating a little padding some tools add.
			for (let i = tail.length - 1; i >= Math.max(0, tail.length - 16); i--) if (tail[i] === 0x3b) return null;
			return truncated;
		}
		case 'WebP': {
			const riffSize = head[4] | (head[5] << 8) | (head[6] << 16) | (head[7] << 24);
			return riffSize + 8 > size ? truncated : null;
		}
		default:
			return null;
	}
}

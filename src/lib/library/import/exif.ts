// When a photo was taken, from its EXIF (JPEG APP1): DateTimeOriginal, else DateTime. Pure and
// tolerant: any malformed structure yields null and the caller falls back to the file's mtime.

const DATE_TIME = 0x0132;
const EXIF_IFD = 0x8769;
const DATE_TIME_ORIGINAL = 0x9003;
const OFFSET_TIME_ORIGINAL = 0x9011;

/** Parses "YYYY:MM:DD HH:MM:SS" (+ optional "+HH:MM" offset) to ms since epoch. */
export function parseExifDate(s: string, offset?: string | null): number | null {
	const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(s.trim());
	if (!m) return null;
	const [y, mo, d, h, mi, se] = m.slice(1).map(Number);
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
	const o = offset && /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim());
	if (o) {
		const sign = o[1] === '-' ? -1 : 1;
		return Date.UTC(y, mo - 1, d, h, mi, se) - sign * (Number(o[2]) * 60 + Number(o[3])) * 60_000;
	}
	// No offset recorded: the camera's wall-clock time, read as local time here.
	return new Date(y, mo - 1, d, h, mi, se).getTime();
}

/** The capture time from a JPEG's first bytes (64 KB is plenty for APP1), or null. */
export function exifDateTaken(b: Uint8Array): number | null {
	try {
		if (b[0] !== 0xff || b[1] !== 0xd8) return null;
		let p = 2;
		while (p + 4 < b.length && b[p] === 0xff) {
			const marker = b[p + 1];
			const len = (b[p + 2] << 8) | b[p + 3];
			if (marker === 0xe1 && String.fromCharCode(...b.subarray(p + 4, p + 10)) === 'Exif\0\0') return fromTiff(b, p + 10, len - 8);
			if (marker === 0xda) return null; // image data starts: no EXIF
			p += 2 + len;
		}
	} catch {
		/* malformed */
	}
	return null;
}

function fromTiff(b: Uint8Array, start: number, length: number): number | null {
	const end = Math.min(b.length, start + length);
	const le = b[start] === 0x49; // 'II' little-endian, 'MM' big-endian
	const u16 = (o: number) => (o + 2 > end ? NaN : le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1]);
	const u32 = (o: number) => (o + 4 > end ? NaN : le ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 2 ** 24 : b[o] * 2 ** 24 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]));
	const ascii = (entry: number) => {
		const count = u32(entry + 4);
		const at = count <= 4 ? entry + 8 : start + u32(entry + 8);
		if (!(count > 0) || at + count > end) return null;
		return String.fromCharCode(...b.subarray(at, at + count)).replace(/\0.*$/, '');
	};
	const ifd = (off: number) => {
		const tags = new Map<number, number>();
		const n = u16(start + off);
		for (let i = 0; i < n && i < 512; i++) {
			const e = start + off + 2 + i * 12;
			tags.set(u16(e), e);
		}
		return tags;
	};
	const ifd0 = ifd(u32(start + 4));
	const exifPtr = ifd0.get(EXIF_IFD);
	if (exifPtr != null) {
		const exif = ifd(u32(exifPtr + 8));
		const dto = exif.get(DATE_TIME_ORIGINAL);
		const off = exif.get(OFFSET_TIME_ORIGINAL);
		const t = dto != null ? parseExifDate(ascii(dto) ?? '', off != null ? ascii(off) : null) : null;
		if (t != null) return t;
	}
	const dt = ifd0.get(DATE_TIME);
	return dt != null ? parseExifDate(ascii(dt) ?? '') : null;
}

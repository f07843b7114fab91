import sharp from 'sharp';
import { expect, test } from 'vitest';
import { exifDateTaken, parseExifDate } from './exif';

const img = () => sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 1, g: 2, b: 3 } } });

test('DateTimeOriginal with an offset gives the exact instant', async () => {
	const jpg = await img().jpeg().withExif({ IFD2: { DateTimeOriginal: '2021:06:15 14:30:05', OffsetTimeOriginal: '+02:00' } }).toBuffer();
	expect(exifDateTaken(new Uint8Array(jpg))).toBe(Date.UTC(2021, 5, 15, 12, 30, 5));
});

test('without an offset the wall-clock time is read as local time; IFD0 DateTime is the fallback', async () => {
	const a = await img().jpeg().withExif({ IFD2: { DateTimeOriginal: '2019:01:02 03:04:05' } }).toBuffer();
	expect(exifDateTaken(new Uint8Array(a))).toBe(new Date(2019, 0, 2, 3, 4, 5).getTime());
	const b = await img().jpeg().withExif({ IFD0: { DateTime: '2018:12:31 23:59:59' } }).toBuffer();
	expect(exifDateTaken(new Uint8Array(b))).toBe(new Date(2018, 11, 31, 23, 59, 59).getTime());
});

test('no EXIF, garbage or cut-off data give null', async () => {
	const plain = new Uint8Array(await img().jpeg().toBuffer());
	expect(exifDateTaken(plain)).toBeNull();
	expect(exifDateTaken(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, 40, 69, 120]))).toBeNull();
	expect(exifDateTaken(new Uint8Array(10))).toBeNull();
	expect(parseExifDate('0000:00:00 00:00:00')).toBeNull();
	const withExif = new Uint8Array(await img().jpeg().withExif({ IFD2: { DateTimeOriginal: '2021:06:15 14:30:05' } }).toBuffer());
	expect(exifDateTaken(withExif.subarray(0, 60))).toBeNull();
});

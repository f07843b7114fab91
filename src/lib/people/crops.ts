// Face thumbnails for People, drawn on the device from the original media (photos: EXIF-oriented
// bitmap; videos: the sampled frame). Cached per face as object URLs; at most two decodes at a
// time so a page of cards does not decode fifty photos at once.
import type { Face } from '../faces/types';
import { getMediaBlob, getMedia } from '../library/repo';
import { grabFrame, openVideo } from '../faces/decode';

const cache = new Map<string, Promise<string>>();
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(fn: () => Promise<T>): Promise<T> {
	if (running >= 2) await new Promise<void>((r) => waiting.push(r));
	running++;
	try {
		return await fn();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

/** The square around a face box with some margin, clamped to the picture. */
export function cropRect(box: Face['box'], width: number, height: number, margin = 0.35) {
	const side = Math.max(box.w, box.h) * (1 + 2 * margin);
	const cx = box.x + box.w / 2, cy = box.y + box.h / 2;
	const s = Math.min(side, width, height);
	const x = Math.min(Math.max(0, cx - s / 2), width - s);
	const y = Math.min(Math.max(0, cy - s / 2), height - s);
	return { x, y, s };
}

async function draw(source: CanvasImageSource, box: Face['box'], width: number, height: number, scale: number, size: number): Promise<string> {
	const r = cropRect(box, width, height);
	const canvas = new OffscreenCanvas(size, size);
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('no 2D canvas');
	ctx.drawImage(source, r.x * scale, r.y * scale, r.s * scale, r.s * scale, 0, 0, size, size);
	return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 }));
}

async function render(face: Pick<Face, 'id' | 'mediaId' | 'box' | 'frameTime'>, size: number): Promise<string> {
	const [item, blob] = await Promise.all([getMedia(face.mediaId), getMediaBlob(face.mediaId)]);
	if (!item || !blob) throw new Error('The photo or video of this face is no longer in the library.');
	if (item.kind === 'video') {
		const v = await openVideo(blob);
		try {
			const { image, scale } = await grabFrame(v, face.frameTime ?? 0);
			const c = new OffscreenCanvas(image.width, image.height);
			c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
			return await draw(c, face.box, v.width, v.height, scale, size);
		} finally {
			v.close();
		}
	}
	const bmp = await createImageBitmap(blob, { imageOrientation: 'from-image' });
	try {
		return await draw(bmp, face.box, bmp.width, bmp.height, 1, size);
	} finally {
		bmp.close();
	}
}

/** Object URL of a face thumbnail (size×size JPEG). */
export function faceCropUrl(face: Pick<Face, 'id' | 'mediaId' | 'box' | 'frameTime'>, size = 128): Promise<string> {
	const key = `${face.id}:${size}`;
	let p = cache.get(key);
	if (!p) {
		p = slot(() => render(face, size));
		p.catch(() => cache.delete(key));
		cache.set(key, p);
	}
	return p;
}

/** Drops every cached face thumbnail (face data deleted: no crops may linger in memory). */
export function clearFaceCrops(): void {
	for (const p of cache.values()) void p.then((u) => URL.revokeObjectURL(u), () => undefined);
	cache.clear();
}

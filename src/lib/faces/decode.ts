// Turns a library item into pixels for the face worker, on the page: photos with
// createImageBitmap (EXIF orientation applied, as the viewer shows them), videos by seeking a
// hidden <video> and drawing sampled frames on a canvas. Huge photos are scaled down to
// MAX_SIDE for analysis; the scale is returned so boxes can be mapped back to source pixels.
import type { RgbaImage } from './pipeline/types';

export const MAX_SIDE = 4096;

export class MediaDecodeError extends Error {}

function toRgba(source: CanvasImageSource, w: number, h: number): RgbaImage {
	const canvas = new OffscreenCanvas(w, h);
	const ctx = canvas.getContext('2d', { willReadFrequently: true });
	if (!ctx) throw new MediaDecodeError('This browser cannot read pixels (no 2D canvas).');
	ctx.drawImage(source, 0, 0, w, h);
	const d = ctx.getImageData(0, 0, w, h);
	return { data: d.data, width: w, height: h };
}

/** Decoded photo pixels and the factor from source pixels to these pixels. */
export async function decodeImage(blob: Blob): Promise<{ image: RgbaImage; scale: number; width: number; height: number }> {
	let bmp: ImageBitmap;
	try {
		bmp = await createImageBitmap(blob, { imageOrientation: 'from-image' });
	} catch {
		throw new MediaDecodeError(
			`This browser cannot decode this image${blob.type ? ` (${blob.type})` : ''}: the file may be damaged or in an unsupported format. Convert it to JPEG, PNG or WebP and import it again.`
		);
	}
	try {
		const { width, height } = bmp;
		const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
		const w = Math.max(1, Math.round(width * scale));
		const h = Math.max(1, Math.round(height * scale));
		return { image: toRgba(bmp, w, h), scale, width, height };
	} finally {
		bmp.close();
	}
}

export interface VideoSource {
	video: HTMLVideoElement;
	width: number;
	height: number;
	duration: number;
	close(): void;
}

function once(target: EventTarget, ok: string, signal?: AbortSignal, timeoutMs = 30_000): Promise<void> {
	return new Promise((resolve, reject) => {
		const cleanup = () => {
			target.removeEventListener(ok, onOk);
			target.removeEventListener('error', onErr);
			signal?.removeEventListener('abort', onAbort);
			clearTimeout(timer);
		};
		const onOk = () => (cleanup(), resolve());
		const onErr = () => (cleanup(), reject(new MediaDecodeError(videoError(target as HTMLVideoElement))));
		const onAbort = () => (cleanup(), reject(signal!.reason));
		const timer = setTimeout(() => (cleanup(), reject(new MediaDecodeError('The video stopped responding while seeking (it may be damaged).'))), timeoutMs);
		target.addEventListener(ok, onOk);
		target.addEventListener('error', onErr);
		signal?.addEventListener('abort', onAbort);
	});
}

function videoError(v: HTMLVideoElement): string {
	const code = v.error?.code;
	if (code === 4 || code === 3)
		return 'This browser cannot play this video (unsupported codec or damaged file). Convert it to MP4 (H.264) or WebM (VP8/VP9) and import it again.';
	return `The video could not be read${v.error?.message ? `: ${v.error.message}` : ''}.`;
}

/** Opens a video blob in a detached, muted <video> element ready for seeking. */
export async function openVideo(blob: Blob, signal?: AbortSignal): Promise<VideoSource> {
	const url = URL.createObjectURL(blob);
	const video = document.createElement('video');
	video.muted = true;
	video.playsInline = true;
	video.preload = 'auto';
	const close = () => {
		video.removeAttribute('src');
		video.load();
		URL.revokeObjectURL(url);
	};
	try {
		const ready = once(video, 'loadeddata', signal);
		video.src = url;
		await ready;
		if (!video.videoWidth || !video.videoHeight) throw new MediaDecodeError('This file has no video picture to analyse.');
		return { video, width: video.videoWidth, height: video.videoHeight, duration: video.duration, close };
	} catch (e) {
		close();
		throw e;
	}
}

/** Seeks to `time` seconds and returns that frame's pixels (scaled to MAX_SIDE) and the scale. */
export async function grabFrame(src: VideoSource, time: number, signal?: AbortSignal): Promise<{ image: RgbaImage; scale: number }> {
	const v = src.video;
	const t = Math.min(Math.max(0, time), Math.max(0, (src.duration || 0) - 0.001));
	if (Math.abs(v.currentTime - t) > 1e-3 || v.readyState < 2) {
		const seeked = once(v, 'seeked', signal);
		v.currentTime = t;
		await seeked;
	}
	const scale = Math.min(1, MAX_SIDE / Math.max(src.width, src.height));
	const w = Math.max(1, Math.round(src.width * scale));
	const h = Math.max(1, Math.round(src.height * scale));
	return { image: toRgba(v, w, h), scale };
}

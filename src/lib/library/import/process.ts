// Imports one file, in a worker: size/format checks → streaming SHA-256 → duplicate check →
// decode + probe + thumbnail → blobs then metadata row (repo.storeImportedItem, journaled).
// Every failure becomes an outcome naming the reason; nothing half-written stays behind.
import { ALL_FORMATS, BlobSource, CanvasSink, Input } from 'mediabunny';
import { findByHash, storeImportedItem } from '../repo';
import { sizeProblem, storageEstimate } from '../../store/quota';
import type { MediaItem } from '../types';
import { sha256Blob } from './hash';
import { sniff, truncation } from './sniff';
import { exifDateTaken } from './exif';

export const THUMB_MAX = 512;

export type ImportPhase = 'checking' | 'hashing' | 'decoding' | 'storing';
export interface ImportProgress {
	phase: ImportPhase;
	/** 0..1 within the phase. */
	fraction: number;
}

export type ImportOutcome =
	| { status: 'imported'; name: string; item: MediaItem }
	| { status: 'duplicate'; name: string; existingId: string; existingName: string }
	| { status: 'failed'; name: string; reason: string };

const HEIC_HELP =
	'this browser cannot decode HEIC photos. Convert them to JPEG first (iPhone: Settings → Camera → Formats → Most Compatible; Mac: open in Preview → File → Export → JPEG), or use a browser that decodes HEIC (Safari)';

interface Probed {
	width: number;
	height: number;
	duration?: number;
	thumbnail: Blob | null;
}

class ImportRefusal extends Error {}

async function toThumbBlob(canvas: OffscreenCanvas): Promise<Blob> {
	const webp = await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
	// Browsers without a WebP encoder silently return PNG; JPEG is smaller then.
	return webp.type === 'image/webp' ? webp : canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}

function fit(w: number, h: number, max = THUMB_MAX): [number, number] {
	const s = Math.min(1, max / Math.max(w, h));
	return [Math.max(1, Math.round(w * s)), Math.max(1, Math.round(h * s))];
}

async function probeImage(file: File, format: string): Promise<Probed> {
	let bmp: ImageBitmap;
	try {
		bmp = await createImageBitmap(file);
	} catch {
		if (format === 'HEIC') throw new ImportRefusal(HEIC_HELP);
		if (format === 'AVIF') throw new ImportRefusal('this browser cannot decode this AVIF image, or the file is corrupt');
		throw new ImportRefusal(`the ${format} image could not be decoded — the file is corrupt or truncated`);
	}
	try {
		const [tw, th] = fit(bmp.width, bmp.height);
		const canvas = new OffscreenCanvas(tw, th);
		const ctx = canvas.getContext('2d')!;
		ctx.imageSmoothingQuality = 'high';
		ctx.drawImage(bmp, 0, 0, tw, th);
		return { width: bmp.width, height: bmp.height, thumbnail: await toThumbBlob(canvas) };
	} finally {
		bmp.close();
	}
}

async function probeVideo(file: File, format: string): Promise<Probed> {
	const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
	try {
		let track, trackCount;
		try {
			trackCount = (await input.getTracks()).length;
			track = await input.getPrimaryVideoTrack();
		} catch (e) {
			throw new ImportRefusal(`the ${format} video could not be read — the file is corrupt or truncated (${(e as Error).message})`);
		}
		// No tracks at all: the index (e.g. an MP4's moov box) is missing, typically a cut-off copy.
		if (!trackCount) throw new ImportRefusal(`the ${format} video could not be read — the file is corrupt or truncated (no playable tracks found)`);
		if (!track) throw new ImportRefusal('it has no video track (audio-only files are not imported)');
		if (!(await track.canDecode()))
			throw new ImportRefusal(
				`its video codec (${track.codec ?? 'unknown'}) cannot be decoded by this browser — convert it to H.264 MP4 or VP8/VP9 WebM`
			);
		const duration = await input.computeDuration();
		const width = await track.getDisplayWidth();
		const height = await track.getDisplayHeight();
		const [tw, th] = fit(width, height);
		const start = await track.getFirstTimestamp();
		// A frame a little in: first frames are often black (fade-in).
		const at = start + Math.min(1, Math.max(0, duration - start) * 0.1);
		let wrapped;
		try {
			const sink = new CanvasSink(track, { width: tw, height: th, fit: 'contain', poolSize: 1 });
			wrapped = (await sink.getCanvas(at)) ?? (await sink.getCanvas(start));
		} catch (e) {
			throw new ImportRefusal(`no frame of the ${format} video could be decoded — the file is corrupt or truncated (${(e as Error).message})`);
		}
		if (!wrapped) throw new ImportRefusal(`the ${format} video contains no frames — the file is corrupt or truncated`);
		const thumbnail = await toThumbBlob(wrapped.canvas as OffscreenCanvas);
		return { width, height, duration, thumbnail };
	} finally {
		input.dispose();
	}
}

/** The user-facing reason for an unexpected failure while importing a file. */
export function describeImportError(e: unknown): string {
	const name = (e as { name?: string })?.name;
	if (name === 'QuotaExceededError')
		return 'storage is full — the browser refused to store more. Delete items you no longer need or free disk space, then import again';
	if (name === 'NotReadableError' || name === 'NotFoundError')
		return 'the file could not be read (it was moved, deleted or changed during the import)';
	return `an unexpected error occurred: ${(e as Error)?.message ?? String(e)}`;
}

export async function importFile(file: File, onProgress: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportOutcome> {
	const name = file.name || 'unnamed file';
	try {
		onProgress({ phase: 'checking', fraction: 0 });
		const tooBig = sizeProblem(file.size, await storageEstimate());
		if (tooBig) return { status: 'failed', name, reason: tooBig };
		const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
		const kind = sniff(head, name);
		if (kind.ok === false) return { status: 'failed', name, reason: kind.reason };
		const tail = new Uint8Array(await file.slice(Math.max(0, file.size - 65536)).arrayBuffer());
		const cut = truncation(kind.format, head, tail, file.size);
		if (cut) return { status: 'failed', name, reason: cut };

		const hash = await sha256Blob(file, (n) => onProgress({ phase: 'hashing', fraction: n / file.size }), signal);
		const [dupe] = await findByHash(hash);
		if (dupe) return { status: 'duplicate', name, existingId: dupe.id, existingName: dupe.name };

		signal?.throwIfAborted();
		onProgress({ phase: 'decoding', fraction: 0 });
		const probed = kind.kind === 'image' ? await probeImage(file, kind.format) : await probeVideo(file, kind.format);

		// Capture time from EXIF where present (JPEG); the file's mtime changes when it is copied.
		const taken = kind.format === 'JPEG' ? exifDateTaken(new Uint8Array(await file.slice(0, 128 * 1024).arrayBuffer())) : null;

		signal?.throwIfAborted();
		onProgress({ phase: 'storing', fraction: 0 });
		const item = await storeImportedItem(
			{
				name,
				kind: kind.kind,
				mime: kind.mime,
				size: file.size,
				hash,
				takenAt: taken ?? (file.lastModified || Date.now()),
				width: probed.width,
				height: probed.height,
				...(probed.duration != null ? { duration: probed.duration } : {})
			},
			file,
			probed.thumbnail,
			signal
		);
		onProgress({ phase: 'storing', fraction: 1 });
		return { status: 'imported', name, item };
	} catch (e) {
		if (signal?.aborted) throw e;
		if (e instanceof ImportRefusal) return { status: 'failed', name, reason: e.message };
		return { status: 'failed', name, reason: describeImportError(e) };
	}
}

// Analyses one library item with the face engine: a photo in one pass; a video by sampling
// frames, detecting per frame and linking detections into face tracks. Runs on the page (the
// <video> element and canvas live here); the models run in the face worker.
import { getMediaBlob } from '../library/repo';
import type { MediaItem } from '../library/types';
import { decodeImage, grabFrame, openVideo } from './decode';
import type { FaceResult, RgbaImage } from './pipeline/types';
import type { AnalyzeContext, AnalyzeResult } from './queue/runner';
import type { NewFace } from './types';
import { sampleTimes, DEFAULT_SAMPLING } from './video/sampling';
import { FaceTracker, type TrackerOptions } from './video/tracker';
import { APP_TRACKER } from './video/thresholds';
import { toNewFace } from './engine';

export interface Engine {
	analyzePixels(img: RgbaImage): Promise<FaceResult[]>;
}

export async function analyzeMediaItem(item: MediaItem, ctx: AnalyzeContext, engine: Engine, tracker: TrackerOptions = APP_TRACKER): Promise<AnalyzeResult> {
	const blob = await getMediaBlob(item.id);
	if (!blob) throw new Error('The original file of this item is missing from storage; import it again.');
	ctx.signal.throwIfAborted();
	if (item.kind === 'image') {
		const { image, scale } = await decodeImage(blob);
		ctx.signal.throwIfAborted();
		const results = await engine.analyzePixels(image);
		return { faces: results.map((r) => toNewFace(r, scale)) };
	}
	const src = await openVideo(blob, ctx.signal);
	try {
		const times = sampleTimes(src.duration, DEFAULT_SAMPLING);
		const t = new FaceTracker(tracker);
		const faces: NewFace[] = [];
		for (let i = 0; i < times.length; i++) {
			ctx.signal.throwIfAborted();
			const { image, scale } = await grabFrame(src, times[i], ctx.signal);
			const results = await engine.analyzePixels(image);
			const mapped = results.map((r) => toNewFace(r, scale, { frameTime: times[i] }));
			const ids = t.push(times[i], mapped.map((f) => ({ box: f.box, embedding: f.embedding })));
			mapped.forEach((f, k) => faces.push({ ...f, trackId: `${item.id}:t${ids[k]}` }));
			ctx.onProgress((i + 1) / times.length);
		}
		return { faces, frames: times.length };
	} finally {
		src.close();
	}
}

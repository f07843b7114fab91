// Page-side client of the face-engine worker (src/workers/faces.worker.ts, owned by face-engine):
// one worker for the tab, created on first use, so models load once. The pixels are transferred
// (not copied) to the worker.
import * as Comlink from 'comlink';
import type { FaceResult, RgbaImage } from './pipeline/types';
import type { NewFace } from './types';

interface FaceWorkerApi {
	analyzeImage(img: RgbaImage): Promise<FaceResult[] | { faces: FaceResult[] }>;
}

let remote: Comlink.Remote<FaceWorkerApi> | null = null;
let worker: Worker | null = null;

async function getWorker(): Promise<Comlink.Remote<FaceWorkerApi>> {
	if (!remote) {
		worker = new Worker(new URL('../../workers/faces.worker.ts', import.meta.url), { type: 'module', name: 'faces' });
		remote = Comlink.wrap<FaceWorkerApi>(worker);
	}
	return remote;
}

/** Stops the worker (frees the models' memory); the next analysis starts a new one. */
export function stopFaceEngine(): void {
	remote?.[Comlink.releaseProxy]();
	worker?.terminate();
	remote = null;
	worker = null;
}

/** Runs the on-device pipeline on one RGBA image (its buffer is transferred and unusable after). */
export async function analyzePixels(img: RgbaImage): Promise<FaceResult[]> {
	const buf = img.data.buffer as ArrayBuffer;
	const out = await (await getWorker()).analyzeImage(Comlink.transfer(img, [buf]));
	return Array.isArray(out) ? out : out.faces;
}

/** Maps a pipeline result (in analysed-image pixels) to a face row (in source pixels). */
export function toNewFace(r: FaceResult, scale = 1, extra: Partial<NewFace> = {}): NewFace {
	const k = 1 / scale;
	return {
		box: { x: r.box.x * k, y: r.box.y * k, w: r.box.w * k, h: r.box.h * k },
		landmarks: r.landmarks.map((p) => ({ x: p.x * k, y: p.y * k })),
		score: r.score,
		quality: r.quality.overall,
		qualityDetail: { size: r.quality.size, blur: r.quality.blur, pose: r.quality.pose },
		age: r.age,
		gender: r.gender.label,
		genderConfidence: r.gender.confidence,
		embedding: r.embedding,
		embeddingModel: 'dlib-resnet-128',
		...extra
	};
}

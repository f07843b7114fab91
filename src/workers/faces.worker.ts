/**
 * Face-engine worker: the on-device pipeline (src/lib/faces/pipeline) behind comlink.
 * Nothing here sends data anywhere: images come in, face results go back to the page.
 */
import * as Comlink from 'comlink';
import { createFaceAnalyzer, emptyTimings, type FaceAnalyzer, type StageTimings } from '../lib/faces/pipeline/analyze';
import { createWebModels, type WebModelOptions } from '../lib/faces/pipeline/session-web';
import type { BackendInfo, FaceResult, RgbaImage } from '../lib/faces/pipeline/types';

let ready: Promise<{ analyzer: FaceAnalyzer; info: BackendInfo }> | null = null;
let options: WebModelOptions = {};

function engine() {
  ready ??= createWebModels(options).then(({ models, info }) => ({ analyzer: createFaceAnalyzer(models), info }));
  // a failed load (e.g. offline before the models were cached) must not stick: retry next call
  ready.catch(() => (ready = null));
  return ready;
}

function toRgba(input: RgbaImage | ImageBitmap): RgbaImage {
  if (typeof ImageBitmap !== 'undefined' && input instanceof ImageBitmap) {
    const canvas = new OffscreenCanvas(input.width, input.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('OffscreenCanvas 2D is not available in this browser');
    ctx.drawImage(input, 0, 0);
    const d = ctx.getImageData(0, 0, input.width, input.height);
    input.close();
    return { data: d.data, width: d.width, height: d.height };
  }
  return input as RgbaImage;
}

const api = {
  /** Optional, before the first call: choose EP/threads (used by the /bench/faces page). */
  configure(o: Omit<WebModelOptions, 'onProgress'>) {
    if (ready) throw new Error('configure() must be called before the models are loaded');
    options = o;
  },
  /** Loads the models and runs each once, so the first real photo is not slowed by compilation. */
  async warmup(): Promise<BackendInfo> {
    const { analyzer, info } = await engine();
    const blank = { data: new Uint8ClampedArray(64 * 64 * 4).fill(128), width: 64, height: 64 };
    await analyzer.analyzeImage(blank);
    return info;
  },
  async backendInfo(): Promise<BackendInfo> {
    return (await engine()).info;
  },
  async analyzeImage(input: RgbaImage | ImageBitmap): Promise<FaceResult[]> {
    const { analyzer } = await engine();
    return analyzer.analyzeImage(toRgba(input));
  },
  /** As analyzeImage, with per-stage timings (for the bench page and the details panel). */
  async analyzeImageTimed(input: RgbaImage | ImageBitmap): Promise<{ faces: FaceResult[]; timings: StageTimings }> {
    const { analyzer } = await engine();
    const timings: StageTimings = emptyTimings();
    const faces = await analyzer.analyzeImage(toRgba(input), timings);
    return { faces, timings };
  }
};

export type FacesWorkerApi = typeof api;

Comlink.expose(api);

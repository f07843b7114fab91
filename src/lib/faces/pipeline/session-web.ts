/**
 * onnxruntime-web session factory for the browser worker. WASM (SIMD) with threads when the page
 * is cross-origin isolated; WebGPU only when a real (non-fallback) adapter exists, because
 * Chromium's software fallback is far slower than WASM (see /work/shared/TOOLCHAIN.md).
 * Models are fetched from the same origin (/models/…), which the service worker precaches.
 *
 * Two builds of onnxruntime-web: the WASM-only one (14 MB, precached, what nearly everyone runs) and
 * the WebGPU one (27 MB), imported only when a real adapter exists so nobody else downloads it.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web/wasm';
import { MODEL_FILES, type ModelKey } from './models';
import type { BackendInfo, FaceModels, ModelRunner, TensorData } from './types';

type Ort = typeof import('onnxruntime-web/wasm');

const loadOrt = (gpu: boolean): Promise<Ort> => (gpu ? import('onnxruntime-web/webgpu') : import('onnxruntime-web/wasm'));

export interface WebModelOptions {
  /** where the .onnx files are served (default '/models/') */
  baseUrl?: string;
  /** 'auto' = WebGPU if a non-fallback adapter exists, else WASM */
  ep?: 'auto' | 'wasm' | 'webgpu';
  /** WASM threads; default: up to 4 when crossOriginIsolated, else 1 */
  threads?: number;
  onProgress?: (loaded: number, total: number) => void;
}

function wrap(ort: Ort, session: InferenceSession): ModelRunner {
  return {
    async run(feeds: Record<string, TensorData>) {
      const f: Record<string, Tensor> = {};
      for (const [k, v] of Object.entries(feeds)) f[k] = new ort.Tensor('float32', v.data, v.dims);
      const out = await session.run(f);
      const res: Record<string, TensorData> = {};
      for (const [k, v] of Object.entries(out)) {
        res[k] = { data: (await v.getData()) as Float32Array, dims: [...v.dims] };
        v.dispose();
      }
      return res;
    }
  };
}

async function realGpuAdapter(): Promise<string | null> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<any> } }).gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    const info = adapter.info ?? {};
    if (adapter.isFallbackAdapter || info.isFallbackAdapter || /swiftshader/i.test(`${info.vendor} ${info.architecture} ${info.description}`)) return null;
    return `${info.vendor ?? ''} ${info.architecture ?? ''}`.trim() || 'webgpu';
  } catch {
    return null;
  }
}

async function fetchModel(url: string): Promise<Uint8Array> {
  let r: Response;
  try {
    r = await fetch(url);
  } catch {
    // Offline and not in the service worker's cache (e.g. the first visit ended before it finished).
    throw new Error(`Could not load the face model ${url}: this device is offline and the model is not stored yet. Open Loupe once while online so it can be stored for offline use.`);
  }
  if (!r.ok) throw new Error(`Could not load the face model ${url} (HTTP ${r.status}). Reload the app while online once so it can be stored for offline use.`);
  return new Uint8Array(await r.arrayBuffer());
}

export async function createWebModels(opts: WebModelOptions = {}): Promise<{ models: FaceModels; info: BackendInfo }> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = (globalThis.navigator?.hardwareConcurrency as number | undefined) ?? 1;
  const threads = opts.threads ?? (isolated ? Math.max(1, Math.min(4, cores)) : 1);
  const base = opts.baseUrl ?? '/models/';
  const want = opts.ep ?? 'auto';
  const gpu = want === 'wasm' ? null : await realGpuAdapter();
  let ep: 'webgpu' | 'wasm' = want === 'webgpu' || (want === 'auto' && gpu) ? 'webgpu' : 'wasm';
  const ort = await loadOrt(ep === 'webgpu');
  ort.env.wasm.numThreads = isolated ? threads : 1;
  const keys = Object.keys(MODEL_FILES) as ModelKey[];
  const bytes: Record<string, Uint8Array> = {};
  let loaded = 0;
  for (const k of keys) {
    bytes[k] = await fetchModel(base + MODEL_FILES[k]);
    opts.onProgress?.(++loaded, keys.length);
  }
  const create = (b: Uint8Array, provider: 'webgpu' | 'wasm') =>
    ort.InferenceSession.create(b, { executionProviders: [provider], graphOptimizationLevel: 'all' });
  let sessions: InferenceSession[];
  try {
    sessions = await Promise.all(keys.map((k) => create(bytes[k], ep)));
  } catch (e) {
    if (ep !== 'webgpu') throw e;
    ep = 'wasm'; // WebGPU present but a model failed to compile there: WASM always works
    sessions = await Promise.all(keys.map((k) => create(bytes[k], ep)));
  }
  const models = Object.fromEntries(keys.map((k, i) => [k, wrap(ort, sessions[i])])) as unknown as FaceModels;
  return {
    models,
    info: {
      runtime: 'onnxruntime-web',
      executionProvider: ep === 'webgpu' ? `webgpu (${gpu ?? 'forced'})` : 'wasm (simd)',
      threads: ep === 'wasm' ? ort.env.wasm.numThreads ?? 1 : 0,
      crossOriginIsolated: isolated,
      note: gpu ? undefined : 'no hardware WebGPU adapter (software fallback ignored)'
    }
  };
}

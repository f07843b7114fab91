/** onnxruntime-node session factory (eval, bench, tests): the native reference runtime. */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { MODEL_FILES } from './models';
import type { BackendInfo, FaceModels, ModelRunner, TensorData } from './types';

export function wrapSession(session: ort.InferenceSession): ModelRunner {
  return {
    async run(feeds: Record<string, TensorData>) {
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [k, v] of Object.entries(feeds)) ortFeeds[k] = new ort.Tensor('float32', v.data, v.dims);
      const out = await session.run(ortFeeds);
      const res: Record<string, TensorData> = {};
      for (const [k, v] of Object.entries(out)) res[k] = { data: v.data as Float32Array, dims: [...v.dims] };
      return res;
    }
  };
}

export async function createNodeModels(modelDir: string, opts: { threads?: number } = {}): Promise<{ models: FaceModels; info: BackendInfo }> {
  const so: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], intraOpNumThreads: opts.threads ?? 0, logSeverityLevel: 3 };
  const load = async (f: string) => wrapSession(await ort.InferenceSession.create(join(modelDir, f), so));
  const models: FaceModels = {
    detector: await load(MODEL_FILES.detector),
    embedder: await load(MODEL_FILES.embedder),
    ageGender: await load(MODEL_FILES.ageGender)
  };
  return { models, info: { runtime: 'onnxruntime-node', executionProvider: 'cpu', threads: opts.threads ?? 0 } };
}

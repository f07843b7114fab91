/**
 * Runs an original TFJS graph model (model.json + shards from disk) in Node with the TFJS bundled in
 * @vladmandic/face-api (CPU backend): the reference tfjs-graph.ts conversions are tested against.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNodePlatform, importFaceApi } from './faceapi-reference';

async function importTf(): Promise<any> {
  const tf = (await importFaceApi()).tf;
  ensureNodePlatform(tf);
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

export interface GraphReference {
  /** Executes the graph on one NHWC float32 input; returns the requested outputs (TF node names). */
  run(nhwc: Float32Array, dims: number[], outputs: string[]): Promise<Float32Array[]>;
}

export async function tfjsGraphReference(modelDir: string, modelJsonFile: string): Promise<GraphReference> {
  const json = JSON.parse(readFileSync(join(modelDir, modelJsonFile), 'utf8'));
  const shards = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths.map((p) => readFileSync(join(modelDir, p))));
  const all = Buffer.concat(shards);
  return tfjsGraphReferenceFromMemory(json, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength));
}

/** Same, for a model.json object and its concatenated weight shards. */
export async function tfjsGraphReferenceFromMemory(json: any, weightData: ArrayBuffer): Promise<GraphReference> {
  const tf = await importTf();
  const weightSpecs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format, signature: json.signature }));
  return {
    async run(nhwc, dims, outputs) {
      const x = tf.tensor(nhwc, dims, 'float32');
      const res = model.execute(x, outputs);
      const list = Array.isArray(res) ? res : [res];
      const out = list.map((t: any) => Float32Array.from(t.dataSync()));
      tf.dispose([x, ...list]);
      return out;
    }
  };
}

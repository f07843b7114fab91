/**
 * Runs the original @vladmandic/face-api networks (its bundled TFJS, CPU backend) in Node, as the
 * reference the converted ONNX graphs are tested against.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// The bundle's Node platform shim needs CommonJS `util`, which its ESM build cannot load; hiding
// process.versions.node during import makes TFJS pick its browser platform, which works in Node.
export async function importFaceApi(): Promise<any> {
  const saved = process.versions;
  Object.defineProperty(process, 'versions', { value: { ...saved, node: undefined }, configurable: true, writable: true });
  try {
    const require = createRequire(import.meta.url);
    const path = require.resolve('@vladmandic/face-api/dist/face-api.esm.js');
    return await import(path);
  } finally {
    Object.defineProperty(process, 'versions', { value: saved, configurable: true, writable: true });
  }
}

/** With its platform detection bypassed, gives TFJS the few platform hooks weight decoding uses. */
export function ensureNodePlatform(tf: any): void {
  if (tf.env().platform) return;
  tf.setPlatform('loupe-node', {
    fetch: globalThis.fetch,
    now: () => performance.now(),
    encode: (s: string) => new TextEncoder().encode(s),
    decode: (b: Uint8Array, enc: string) => new TextDecoder(enc).decode(b),
    isTypedArray: (a: unknown) => ArrayBuffer.isView(a) && !(a instanceof DataView),
    setTimeoutCustom: (f: () => void, ms: number) => setTimeout(f, ms)
  });
}

export async function faceApiReference(pkgDir: string) {
  const fa = await importFaceApi();
  const tf = fa.tf;
  ensureNodePlatform(tf);
  // Only tensors are passed in, so face-api's DOM environment can be empty placeholders.
  class Placeholder {}
  fa.env.setEnv({
    Canvas: Placeholder, CanvasRenderingContext2D: Placeholder, Image: Placeholder, ImageData: Placeholder, Video: Placeholder,
    createCanvasElement: () => { throw new Error('no canvas in the reference'); },
    createImageElement: () => { throw new Error('no images in the reference'); },
    createVideoElement: () => { throw new Error('no video in the reference'); },
    fetch: globalThis.fetch, readFile: () => { throw new Error('no fs'); }
  });
  await tf.setBackend('cpu');
  await tf.ready();
  const load = async (net: any, model: string) => {
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'model', `${model}-weights_manifest.json`), 'utf8'));
    const bin = readFileSync(join(pkgDir, 'model', manifest[0].paths[0]));
    const map = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), manifest[0].weights);
    net.loadFromWeightMap(map);
    return net;
  };
  const rec = await load(new fa.FaceRecognitionNet(), 'face_recognition_model');
  const ag = await load(new fa.AgeGenderNet(), 'age_gender_model');
  /** nhwc: Float32Array [1, size, size, 3] in 0..255 */
  const toInput = async (nhwc: Float32Array, size: number) => fa.toNetInput(tf.tensor4d(nhwc, [1, size, size, 3]));
  return {
    async descriptor(nhwc: Float32Array): Promise<Float32Array> {
      const out = rec.forwardInput(await toInput(nhwc, 150));
      const d = out.dataSync() as Float32Array;
      out.dispose();
      return d;
    },
    async ageGender(nhwc: Float32Array): Promise<{ age: number; gender: Float32Array }> {
      const { age, gender } = ag.forwardInput(await toInput(nhwc, 112));
      const r = { age: age.dataSync()[0] as number, gender: gender.dataSync() as Float32Array };
      age.dispose();
      gender.dispose();
      return r;
    }
  };
}

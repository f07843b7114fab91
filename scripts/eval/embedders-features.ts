/**
 * Per-image features for eval:embedders: the app's detector picks the face, the app's alignment cuts
 * the chips, and every candidate model runs on them (one view per run, timed). Cached on disk under
 * .cache/eval-embedders/<key>/, where the key hashes THIS file, the pipeline code and the model
 * manifests, so the scoring in embedders.ts can change without recomputing features.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alignWarp } from '../../src/lib/faces/pipeline/align';
import type { createFaceAnalyzer } from '../../src/lib/faces/pipeline/analyze';
import { buildPyramid, warp, type Pyramid } from '../../src/lib/faces/pipeline/image';
import { AGE_GENDER_IO, EMBEDDER_IO } from '../../src/lib/faces/pipeline/models';
import { PIPELINE_CONFIG } from '../../src/lib/faces/pipeline/config';
import { faceAtPoint, primaryFaceIndex } from '../../src/lib/faces/pipeline/select';
import type { Landmarks, ModelRunner } from '../../src/lib/faces/pipeline/types';
import { candidatesManifest } from '../models/candidates';
import { FACERES_IO, type FaceresModel } from '../models/faceres';
import { loadRgba } from './load-image';

const ROOT = resolve(import.meta.dirname, '../..');
/** faceres chip paddings tried (around dlib's mean-face box, as the app's alignment defines it) */
export const FACERES_PADDINGS = [0.15, 0.3, 0.45];
export const CANDIDATES: FaceresModel[] = ['faceres', 'faceres-deep'];

export interface FaceresViews {
  desc: Float32Array[];
  male: number[];
  bins: Float32Array[];
}

export interface Features {
  found: boolean;
  /** per view: [plain, mirrored] */
  dlib: Float32Array[];
  faceres: Record<string, Record<string, FaceresViews>>; // model → padding → views
  faceapi: { age: number[]; male: number[] };
  ms: Record<string, number[]>;
}

const b64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const unb64 = (s: string) => {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

function toJson(f: Features): unknown {
  return JSON.parse(JSON.stringify(f, (_k, v) => (v instanceof Float32Array ? { f32: b64(v) } : v)));
}
function fromJson(j: unknown): Features {
  return JSON.parse(JSON.stringify(j), (_k, v) => (v && typeof v === 'object' && typeof v.f32 === 'string' ? unb64(v.f32) : v));
}

/** Cache key: this script, the pipeline code, the shipped and candidate model manifests. */
function cacheKey(): string {
  const h = createHash('sha256');
  h.update(readFileSync(import.meta.filename));
  const dir = join(ROOT, 'src/lib/faces/pipeline');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'thresholds.ts').sort()) h.update(f).update(readFileSync(join(dir, f)));
  h.update(readFileSync(join(ROOT, 'static/models/models.json')));
  h.update(JSON.stringify(candidatesManifest().models.map((m) => m.sha256)));
  return h.digest('hex').slice(0, 16);
}

export interface Runners {
  detectFaces: ReturnType<typeof createFaceAnalyzer>['detect'];
  dlib: ModelRunner;
  ageGender: ModelRunner;
  faceres: Record<string, ModelRunner>;
}

async function timed(ms: number[], run: () => Promise<Record<string, { data: Float32Array }>>) {
  const t = performance.now();
  const out = await run();
  ms.push(performance.now() - t);
  return out;
}

function chip(pyr: Pyramid, lm: Landmarks, size: number, padding: number, flip: boolean): Float32Array {
  return warp(pyr, alignWarp(lm, size, padding), { width: size, height: size, layout: 'nchw', flip });
}

async function computeFeatures(r: Runners, path: string, nose: [number, number] | undefined): Promise<Features> {
  const img = await loadRgba(path);
  const dets = await r.detectFaces(img);
  const i = nose ? faceAtPoint(dets, nose[0], nose[1]) : primaryFaceIndex(dets, img.width, img.height);
  const f: Features = { found: i >= 0, dlib: [], faceres: {}, faceapi: { age: [], male: [] }, ms: { dlib: [], faceapi: [], ...Object.fromEntries(CANDIDATES.map((c) => [c, []])) } };
  if (i < 0) return f;
  const lm = dets[i].landmarks;
  const pyr = buildPyramid(img);
  // one view per run (batch 1), so the timings are per face view
  for (const flip of [false, true]) {
    const S = EMBEDDER_IO.size;
    const out = await timed(f.ms.dlib, () => r.dlib.run({ [EMBEDDER_IO.input]: { data: chip(pyr, lm, S, PIPELINE_CONFIG.embedPadding, flip), dims: [1, 3, S, S] } }));
    f.dlib.push(Float32Array.from(out[EMBEDDER_IO.output].data));
    const A = AGE_GENDER_IO.size;
    const ag = await timed(f.ms.faceapi, () => r.ageGender.run({ [AGE_GENDER_IO.input]: { data: chip(pyr, lm, A, PIPELINE_CONFIG.ageGenderPadding, flip), dims: [1, 3, A, A] } }));
    f.faceapi.age.push(ag[AGE_GENDER_IO.age].data[0]);
    f.faceapi.male.push(ag[AGE_GENDER_IO.gender].data[0]);
  }
  for (const m of CANDIDATES) {
    f.faceres[m] = {};
    for (const pad of FACERES_PADDINGS) {
      const v: FaceresViews = { desc: [], male: [], bins: [] };
      for (const flip of [false, true]) {
        const S = FACERES_IO.size;
        const out = await timed(f.ms[m], () => r.faceres[m].run({ [FACERES_IO.input]: { data: chip(pyr, lm, S, pad, flip), dims: [1, 3, S, S] } }));
        v.desc.push(Float32Array.from(out[FACERES_IO.descriptor].data));
        v.male.push(out[FACERES_IO.gender].data[0]);
        v.bins.push(Float32Array.from(out[FACERES_IO.age].data));
      }
      f.faceres[m][String(pad)] = v;
    }
  }
  return f;
}

export function featureStore(r: Runners, useDisk: boolean) {
  const dir = join(ROOT, '.cache/eval-embedders', cacheKey());
  if (useDisk) mkdirSync(dir, { recursive: true });
  const mem = new Map<string, Promise<Features | null>>();
  let computed = 0;
  return {
    get computed() {
      return computed;
    },
    get(path: string, nose?: [number, number]): Promise<Features | null> {
      const k = `${path}|${nose ?? ''}`;
      let p = mem.get(k);
      if (!p) {
        p = (async () => {
          const bytes = readFileSync(path);
          const file = join(dir, `${createHash('sha256').update(bytes).digest('hex').slice(0, 24)}${nose ? `-at-${nose.join('_')}` : ''}.json`);
          if (useDisk && existsSync(file)) return fromJson(JSON.parse(readFileSync(file, 'utf8')));
          const f = await computeFeatures(r, path, nose);
          computed++;
          if (useDisk) writeFileSync(file, JSON.stringify(toJson(f)));
          return f;
        })().catch((e) => {
          console.error(`eval:embedders: cannot analyse ${path}: ${e instanceof Error ? e.message : e}`);
          return null;
        });
        mem.set(k, p);
      }
      return p;
    }
  };
}


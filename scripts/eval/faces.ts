/**
 * npm run eval:faces -- --data <dir> --out <file.json>
 *
 * Evaluates every data set under <dir> (a folder holding manifest.json) with the app's face pipeline
 * in onnxruntime-node, one fixed configuration, thresholds from src/lib/faces/pipeline/thresholds.ts:
 *   pairs.tsv → verification, clusters.json → clustering (the app's groupFaces),
 *   manifest files with faces[].box_xywh → detection, manifest files with age + gender → age/gender.
 * A face that is not detected counts as a failure (see the per-task notes below).
 * --no-cache recomputes everything instead of reusing .cache/eval-faces (same results either way).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { createFaceAnalyzer, type FaceAnalyzer } from '../../src/lib/faces/pipeline/analyze';
import { createNodeModels } from '../../src/lib/faces/pipeline/session-node';
import { faceAtPoint, primaryFaceIndex } from '../../src/lib/faces/pipeline/select';
import { VERIFY_THRESHOLD } from '../../src/lib/faces/pipeline/thresholds';
import type { FaceResult } from '../../src/lib/faces/pipeline/types';
import { groupFaces } from '../../src/lib/people/cluster';
import { loadRgba } from './load-image';
import { accuracyAt, auc, bcubed, matchDetections, tarAtFar, type ScoredPair } from './metrics';

const ROOT = resolve(import.meta.dirname, '../..');

/** IoU for a detection to count as finding a ground-truth face (the WIDER FACE convention). */
export const DETECTION_MIN_IOU = 0.5;
/** Age reported for a labelled face the pipeline did not find (its error still counts in the MAE). */
export const UNDETECTED_AGE_GUESS = 30;

interface ManifestFile {
  file: string;
  faces?: { box_xywh: [number, number, number, number]; invalid?: number }[];
  age?: number;
  gender?: string;
  nose_points?: [number, number][];
  identity?: string;
}

interface Analysed {
  faces: FaceResult[];
  width: number;
  height: number;
}

export function findSets(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    if (existsSync(join(d, 'manifest.json'))) {
      out.push(d);
      return;
    }
    if (depth > 4) return;
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p, depth + 1);
    }
  };
  walk(dir, 0);
  return out;
}

function parseArgs(argv: string[]) {
  const get = (k: string) => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const data = get('--data');
  const out = get('--out');
  if (!data || !out) {
    console.error('usage: npm run eval:faces -- --data <dir> --out <file.json>');
    process.exit(2);
  }
  if (!existsSync(data)) {
    console.error(`eval:faces: data directory not found: ${data}`);
    process.exit(2);
  }
  return { data: resolve(data), out: resolve(out) };
}

/**
 * Results are memoised on disk under .cache/eval-faces/<key>/, where the key hashes the pipeline
 * source, the model manifest and the image bytes: any change to code or models recomputes, so a
 * cached figure is always the figure the current code would produce (the machine is shared and slow).
 */
function pipelineKey(): string {
  const dir = join(ROOT, 'src/lib/faces/pipeline');
  const h = createHash('sha256');
  // thresholds.ts only affects decisions made here, never per-image results
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'thresholds.ts').sort()) h.update(f).update(readFileSync(join(dir, f)));
  h.update(readFileSync(join(ROOT, 'static/models/models.json')));
  return h.digest('hex').slice(0, 16);
}

export function makeCache(analyzer: FaceAnalyzer, useDisk: boolean) {
  const full = new Map<string, Promise<Analysed>>();
  const dir = join(ROOT, '.cache/eval-faces', pipelineKey());
  if (useDisk) mkdirSync(dir, { recursive: true });
  const diskPath = (kind: string, bytes: Buffer) => join(dir, `${kind}-${createHash('sha256').update(bytes).digest('hex').slice(0, 24)}.json`);
  const revive = (faces: any[]): FaceResult[] => faces.map((f) => ({ ...f, embedding: Float32Array.from(f.embedding) }));
  const memo = async <T>(kind: string, path: string, compute: () => Promise<T>, toJson: (v: T) => unknown, fromJson: (j: any) => T): Promise<T> => {
    if (!useDisk) return compute();
    const file = diskPath(kind, readFileSync(path));
    if (existsSync(file)) return fromJson(JSON.parse(readFileSync(file, 'utf8')));
    const v = await compute();
    writeFileSync(file, JSON.stringify(toJson(v)));
    return v;
  };
  return {
    analyse(path: string): Promise<Analysed> {
      let p = full.get(path);
      if (!p) {
        p = memo(
          'full',
          path,
          async () => {
            const img = await loadRgba(path);
            return { faces: await analyzer.analyzeImage(img), width: img.width, height: img.height };
          },
          (a) => ({ ...a, faces: a.faces.map((f) => ({ ...f, embedding: Array.from(f.embedding) })) }),
          (j) => ({ ...j, faces: revive(j.faces) })
        );
        // an unreadable or missing image is reported and scored like a photo without a face
        p = p.catch((e) => {
          console.error(`eval:faces: cannot analyse ${path}: ${e instanceof Error ? e.message : e}`);
          return { faces: [], width: 1, height: 1 };
        });
        full.set(path, p);
      }
      return p;
    },
    async detect(path: string) {
      if (full.has(path)) return (await full.get(path)!).faces;
      try {
        return await memo('det', path, async () => analyzer.detect(await loadRgba(path)), (d) => d, (j) => j);
      } catch (e) {
        console.error(`eval:faces: cannot analyse ${path}: ${e instanceof Error ? e.message : e}`);
        return [];
      }
    }
  };
}

export type Cache = ReturnType<typeof makeCache>;

async function primary(cache: Cache, path: string): Promise<FaceResult | null> {
  const a = await cache.analyse(path);
  const i = primaryFaceIndex(a.faces, a.width, a.height);
  return i >= 0 ? a.faces[i] : null;
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Undetected face → the pair is scored as the worst case for its label (and counted in failures). */
async function verification(setDir: string, cache: Cache) {
  const lines = readFileSync(join(setDir, 'pairs.tsv'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const pairs: ScoredPair[] = [];
  let failures = 0;
  for (const line of lines) {
    const [a, b, same] = line.split('\t');
    if (same !== '0' && same !== '1') continue; // header
    const isSame = same === '1';
    const fa = await primary(cache, join(setDir, a));
    const fb = await primary(cache, join(setDir, b));
    if (!fa || !fb) {
      failures++;
      pairs.push({ score: isSame ? -Infinity : Infinity, same: isSame });
    } else pairs.push({ score: dot(fa.embedding, fb.embedding), same: isSame });
  }
  return {
    auc: auc(pairs),
    accuracy: accuracyAt(pairs, VERIFY_THRESHOLD),
    'tar_at_far_1e-2': tarAtFar(pairs, 1e-2),
    threshold: VERIFY_THRESHOLD,
    pairs: pairs.length,
    failures
  };
}

/** Undetected image → its own singleton cluster (so it lowers BCubed recall). */
async function clustering(setDir: string, cache: Cache) {
  const clusters = JSON.parse(readFileSync(join(setDir, 'clusters.json'), 'utf8')) as Record<string, string[]>;
  const truth = new Map<string, string>();
  const faces: { id: string; photoId: string; embedding: Float32Array; quality: number }[] = [];
  const missing: string[] = [];
  for (const [identity, files] of Object.entries(clusters)) {
    for (const f of files) {
      truth.set(f, identity);
      const face = await primary(cache, join(setDir, f));
      if (face) faces.push({ id: f, photoId: f, embedding: face.embedding, quality: face.quality.overall });
      else missing.push(f);
    }
  }
  const predicted = [...groupFaces(faces), ...missing.map((m) => [m])];
  const b = bcubed(predicted, truth);
  return { bcubed_precision: b.precision, bcubed_recall: b.recall, bcubed_f1: b.f1, clusters: predicted.length, identities: Object.keys(clusters).length };
}

async function detection(setDir: string, files: ManifestFile[], cache: Cache) {
  let n20 = 0, hit20 = 0, n40 = 0, hit40 = 0, fp = 0, images = 0;
  for (const f of files) {
    if (!f.faces) continue;
    images++;
    const dets = await cache.detect(join(setDir, f.file));
    const gts = f.faces.map((g) => {
      const [x, y, w, h] = g.box_xywh;
      return { box: { x, y, w, h }, countable: !g.invalid, minSide: Math.min(w, h) };
    });
    const { matchedGt, falsePositives } = matchDetections(dets, gts, DETECTION_MIN_IOU);
    fp += falsePositives;
    gts.forEach((g, i) => {
      if (!g.countable) return;
      if (g.minSide >= 20) {
        n20++;
        if (matchedGt[i]) hit20++;
      }
      if (g.minSide >= 40) {
        n40++;
        if (matchedGt[i]) hit40++;
      }
    });
  }
  return { recall_min20: hit20 / n20, recall_min40: hit40 / n40, fp_per_image: fp / images, images };
}

/** Undetected labelled face → gender wrong, age = UNDETECTED_AGE_GUESS. */
async function ageGender(setDir: string, files: ManifestFile[], cache: Cache) {
  let n = 0, correct = 0, absErr = 0;
  for (const f of files) {
    if (typeof f.age !== 'number' || (f.gender !== 'male' && f.gender !== 'female')) continue;
    n++;
    const a = await cache.analyse(join(setDir, f.file));
    let i = -1;
    if (f.nose_points?.length === 1) i = faceAtPoint(a.faces, f.nose_points[0][0], f.nose_points[0][1]);
    else i = primaryFaceIndex(a.faces, a.width, a.height);
    if (i < 0) {
      absErr += Math.abs(f.age - UNDETECTED_AGE_GUESS);
      continue;
    }
    const face = a.faces[i];
    if (face.gender.label === f.gender) correct++;
    absErr += Math.abs(face.age - f.age);
  }
  return { gender_accuracy: correct / n, age_mae: absErr / n, faces: n };
}

export async function evaluate(dataDir: string, log: (s: string) => void = () => {}, useDisk = true) {
  const { models } = await createNodeModels(join(ROOT, 'static/models'), { threads: 1 });
  const analyzer = createFaceAnalyzer(models);
  const result: Record<'detection' | 'verification' | 'clustering' | 'age_gender', Record<string, unknown>> = { detection: {}, verification: {}, clustering: {}, age_gender: {} };
  const sets = findSets(dataDir);
  const names = sets.map((s) => basename(s));
  for (const setDir of sets) {
    // set names are folder names; a clash (same name under two parents) falls back to the relative path
    const name = names.filter((n) => n === basename(setDir)).length > 1 ? relative(dataDir, setDir) : basename(setDir);
    const manifest = JSON.parse(readFileSync(join(setDir, 'manifest.json'), 'utf8'));
    const files: ManifestFile[] = Array.isArray(manifest.files) ? manifest.files : [];
    const cache = makeCache(analyzer, useDisk);
    const t0 = Date.now();
    if (existsSync(join(setDir, 'pairs.tsv'))) result.verification[name] = await verification(setDir, cache);
    if (existsSync(join(setDir, 'clusters.json'))) result.clustering[name] = await clustering(setDir, cache);
    if (files.some((f) => Array.isArray(f.faces) && f.faces.some((g) => Array.isArray(g.box_xywh)))) result.detection[name] = await detection(setDir, files, cache);
    if (files.some((f) => typeof f.age === 'number' && typeof f.gender === 'string')) result.age_gender[name] = await ageGender(setDir, files, cache);
    log(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return result;
}

async function main() {
  const { data, out } = parseArgs(process.argv.slice(2));
  const result = await evaluate(data, (s) => console.error(s), !process.argv.includes('--no-cache'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

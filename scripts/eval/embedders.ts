/**
 * npm run eval:embedders -- [--data ../shared/data/eval] [--out .cache/eval/embedders.json] [--no-cache]
 *
 * Measures the embedder and age/gender candidates with the app's own detector and alignment code
 * (src/lib/faces/pipeline) in onnxruntime-node (1 thread, as eval:faces):
 *   - verification on lfw_dev and deepface_dev pairs: dlib ResNet (shipped) with/without flip TTA,
 *     human-models faceres (3 chip paddings, with/without flip), faceres-deep, and a score ensemble;
 *   - age/gender on utkface_dev: face-api's net (shipped) vs faceres's heads vs their average;
 *   - native ms per face view for each model (median; figures only).
 * Candidates (faceres, faceres-deep) come from .cache/models/candidates (scripts/models/candidates.ts,
 * built on first use from the pinned npm tarball). Nothing here changes the shipped pipeline.
 *
 * Selection on dev data, stated in the output: the faceres padding and the ensemble weight are chosen
 * on lfw_dev (AUC) and then reported on both sets; deepface_dev is never used to choose anything.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { createFaceAnalyzer } from '../../src/lib/faces/pipeline/analyze';
import { MODEL_FILES } from '../../src/lib/faces/pipeline/models';
import { createNodeModels, wrapSession } from '../../src/lib/faces/pipeline/session-node';
import { VERIFY_THRESHOLD } from '../../src/lib/faces/pipeline/thresholds';
import { candidateFile, candidatesManifest, ensureCandidates } from '../models/candidates';
import { faceresAgeExpected, faceresAgeHuman } from '../models/faceres';
import { accuracyAt, type ScoredPair } from './metrics';
import { ageGenderFigures, argmaxOver, dot, meanOfNormalized, median, normalize, verificationFigures, type AgeGenderFigures, type VerificationFigures } from './embedders-score';
import { CANDIDATES, FACERES_PADDINGS, featureStore, type Features, type Runners } from './embedders-features';

const ROOT = resolve(import.meta.dirname, '../..');
const VERIFY_SETS = ['A_face_identity/lfw_dev', 'A_face_identity/deepface_dev'];
const AGE_SET = 'C_age_gender/utkface_dev';
const SELECT_ON = 'lfw_dev';
/** as eval:faces: an undetected labelled face counts as this age guess */
const UNDETECTED_AGE_GUESS = 30;
/** ensemble weight of dlib; fine steps because dlib's cosines spread less than faceres's */
const W_GRID = Array.from({ length: 101 }, (_, i) => i / 100);

// ---------- methods ----------

/** How a method turns one image's features into a vector (compared by dot product). */
type Embed = (f: Features) => Float32Array;

const dlibEmbed = (flip: boolean): Embed => (f) => (flip ? meanOfNormalized(f.dlib) : normalize(f.dlib[0]));
const faceresEmbed = (m: string, pad: number, flip: boolean): Embed => (f) => {
  const v = f.faceres[m][String(pad)].desc;
  return flip ? meanOfNormalized(v) : normalize(v[0]);
};

interface PairRow {
  a: Features | null;
  b: Features | null;
  same: boolean;
}

async function loadPairs(setDir: string, store: ReturnType<typeof featureStore>): Promise<PairRow[]> {
  const rows: PairRow[] = [];
  for (const line of readFileSync(join(setDir, 'pairs.tsv'), 'utf8').split('\n')) {
    const [a, b, same] = line.trim().split('\t');
    if (same !== '0' && same !== '1') continue;
    rows.push({ a: await store.get(join(setDir, a)), b: await store.get(join(setDir, b)), same: same === '1' });
  }
  return rows;
}

/** Pair scores for a scoring function; a pair with an undetected face gets the worst score for its label. */
function score(rows: PairRow[], s: (a: Features, b: Features) => number): { pairs: ScoredPair[]; failures: number } {
  let failures = 0;
  const pairs = rows.map((r) => {
    if (!r.a?.found || !r.b?.found) {
      failures++;
      return { score: r.same ? -Infinity : Infinity, same: r.same };
    }
    return { score: s(r.a, r.b), same: r.same };
  });
  return { pairs, failures };
}

const cosine = (e: Embed) => {
  const memo = new WeakMap<Features, Float32Array>();
  const get = (f: Features) => {
    let v = memo.get(f);
    if (!v) memo.set(f, (v = e(f)));
    return v;
  };
  return (a: Features, b: Features) => dot(get(a), get(b));
};

// ---------- main ----------

function parseArgs(argv: string[]) {
  const get = (k: string) => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const data = resolve(get('--data') ?? join(ROOT, '../shared/data/eval'));
  if (!existsSync(data)) {
    console.error(`eval:embedders: data directory not found: ${data} (pass --data <dir> laid out like ../shared/data/eval)`);
    process.exit(2);
  }
  return { data, out: resolve(get('--out') ?? join(ROOT, '.cache/eval/embedders.json')), useDisk: !argv.includes('--no-cache') };
}

const pct = (x: number) => (100 * x).toFixed(2);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const log = (s: string) => console.error(s);
  const candDir = ensureCandidates(log);
  const so: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], intraOpNumThreads: 1, logSeverityLevel: 3 };
  const { models } = await createNodeModels(join(ROOT, 'static/models'), { threads: 1 });
  const runners: Runners = {
    detectFaces: createFaceAnalyzer(models).detect,
    dlib: models.embedder,
    ageGender: models.ageGender,
    faceres: Object.fromEntries(await Promise.all(CANDIDATES.map(async (m) => [m, wrapSession(await ort.InferenceSession.create(join(candDir, candidateFile(m)), so))] as const)))
  };
  const store = featureStore(runners, args.useDisk);
  const load0 = loadavg()[0];
  const t0 = Date.now();

  // --- verification ---
  const sets: Record<string, PairRow[]> = {};
  for (const rel of VERIFY_SETS) {
    const dir = join(args.data, rel);
    if (!existsSync(join(dir, 'pairs.tsv'))) throw new Error(`missing ${join(dir, 'pairs.tsv')}`);
    sets[rel.split('/').pop()!] = await loadPairs(dir, store);
    log(`${rel}: features ready (${((Date.now() - t0) / 1000).toFixed(0)} s, ${store.computed} images computed)`);
  }
  const setNames = Object.keys(sets);
  const verification: Record<string, Record<string, VerificationFigures & { accuracy_at_shipped_threshold?: number }>> = {};
  const evalMethod = (name: string, s: (a: Features, b: Features) => number) => {
    verification[name] = {};
    for (const set of setNames) {
      const { pairs, failures } = score(sets[set], s);
      verification[name][set] = verificationFigures(pairs, failures);
    }
    return verification[name];
  };
  const aucOn = (s: (a: Features, b: Features) => number) => verificationFigures(score(sets[SELECT_ON], s).pairs, 0).auc;

  const dlibFlip = cosine(dlibEmbed(true));
  evalMethod('dlib', cosine(dlibEmbed(false)));
  evalMethod('dlib + flip (shipped)', dlibFlip);
  for (const set of setNames) verification['dlib + flip (shipped)'][set].accuracy_at_shipped_threshold = accuracyAt(score(sets[set], dlibFlip).pairs, VERIFY_THRESHOLD);

  const choices: Record<string, unknown> = { selected_on: SELECT_ON, criterion: 'AUC' };
  const best: Record<string, number> = {};
  for (const m of CANDIDATES) {
    for (const pad of FACERES_PADDINGS) {
      evalMethod(`${m} pad ${pad}`, cosine(faceresEmbed(m, pad, false)));
      evalMethod(`${m} pad ${pad} + flip`, cosine(faceresEmbed(m, pad, true)));
    }
    best[m] = argmaxOver(FACERES_PADDINGS, (pad) => aucOn(cosine(faceresEmbed(m, pad, true)))).value;
    choices[`${m}_padding`] = best[m];
  }
  // human's own matching: squared Euclidean distance of the raw 1024-D descriptors (monotone in its similarity)
  const humanDist = (a: Features, b: Features) => {
    const x = a.faceres.faceres[String(best.faceres)].desc[0];
    const y = b.faceres.faceres[String(best.faceres)].desc[0];
    let s = 0;
    for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
    return -s;
  };
  evalMethod(`faceres pad ${best.faceres}, human's Euclidean match`, humanDist);

  const frFlip = cosine(faceresEmbed('faceres', best.faceres, true));
  const ensemble = (w: number) => (a: Features, b: Features) => w * dlibFlip(a, b) + (1 - w) * frFlip(a, b);
  const w = argmaxOver(W_GRID, (w) => aucOn(ensemble(w))).value;
  choices.ensemble_weight_dlib = w;
  evalMethod(`ensemble ${w.toFixed(2)}·dlib + ${(1 - w).toFixed(2)}·faceres (flip, w chosen on ${SELECT_ON})`, ensemble(w));
  evalMethod('ensemble 0.5/0.5 = concatenated normalised vectors', ensemble(0.5));
  // what deepface_dev alone would have picked (reported, not used), and AUC along the weight grid
  const other = setNames.find((s) => s !== SELECT_ON)!;
  choices[`ensemble_weight_if_chosen_on_${other}`] = argmaxOver(W_GRID, (w) => verificationFigures(score(sets[other], ensemble(w)).pairs, 0).auc).value;
  const curveAt = [0, 0.25, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1];
  choices.ensemble_auc_by_weight = Object.fromEntries(setNames.map((set) => [set, Object.fromEntries(curveAt.map((w) => [w, +verificationFigures(score(sets[set], ensemble(w)).pairs, 0).auc.toFixed(5)]))]));

  // --- age / gender ---
  const ageDir = join(args.data, AGE_SET);
  const manifest = JSON.parse(readFileSync(join(ageDir, 'manifest.json'), 'utf8')) as { files: { file: string; age?: number; gender?: string; nose_points?: [number, number][] }[] };
  const labelled = manifest.files.filter((f) => typeof f.age === 'number' && (f.gender === 'male' || f.gender === 'female'));
  const feats: { age: number; gender: 'male' | 'female'; f: Features | null }[] = [];
  for (const f of labelled) {
    const nose = f.nose_points?.length === 1 ? f.nose_points[0] : undefined;
    feats.push({ age: f.age!, gender: f.gender as 'male' | 'female', f: await store.get(join(ageDir, f.file), nose) });
  }
  log(`${AGE_SET}: features ready (${((Date.now() - t0) / 1000).toFixed(0)} s, ${store.computed} images computed)`);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const avgBins = (bins: Float32Array[]) => Float32Array.from(bins[0], (_, i) => avg(bins.map((b) => b[i])));
  type Pred = (f: Features) => { age: number; male: number };
  const faceapiPred: Pred = (f) => ({ age: Math.max(0, avg(f.faceapi.age)), male: avg(f.faceapi.male) });
  const faceresPred = (m: string, pad: number, decode: 'expected' | 'human'): Pred => (f) => {
    const v = f.faceres[m][String(pad)];
    const bins = avgBins(v.bins);
    return { age: decode === 'expected' ? faceresAgeExpected(bins) : faceresAgeHuman(bins), male: avg(v.male) };
  };
  const ageGender: Record<string, AgeGenderFigures> = {};
  const evalAg = (name: string, p: Pred) => (ageGender[name] = ageGenderFigures(feats.map((x) => ({ age: x.age, gender: x.gender, pred: x.f?.found ? p(x.f) : null })), UNDETECTED_AGE_GUESS));
  evalAg('face-api age/gender, pad 0.35 + flip (shipped)', faceapiPred);
  for (const m of CANDIDATES)
    for (const pad of FACERES_PADDINGS) {
      evalAg(`${m} pad ${pad} + flip, age = expected value`, faceresPred(m, pad, 'expected'));
      evalAg(`${m} pad ${pad} + flip, age = human's decode`, faceresPred(m, pad, 'human'));
    }
  // the ensemble uses the faceres padding chosen on lfw_dev verification, not on utkface
  const fr = faceresPred('faceres', best.faceres, 'expected');
  evalAg(`average of face-api and faceres pad ${best.faceres} (expected age)`, (f) => {
    const a = faceapiPred(f);
    const b = fr(f);
    return { age: (a.age + b.age) / 2, male: (a.male + b.male) / 2 };
  });

  // --- speed ---
  const all = [...Object.values(sets).flatMap((rows) => rows.flatMap((r) => [r.a, r.b])), ...feats.map((x) => x.f)].filter((f): f is Features => !!f?.found);
  const uniq = [...new Set(all)];
  const cand = candidatesManifest().models;
  const mb = (file: string, dir: string) => statSync(join(dir, file)).size / 1e6;
  const speedRow = (key: string, file: string, dir: string, input: string) => ({
    model: file,
    mb: +mb(file, dir).toFixed(2),
    input,
    ms_per_view_median: +median(uniq.flatMap((f) => f.ms[key])).toFixed(2),
    views: uniq.reduce((n, f) => n + f.ms[key].length, 0)
  });
  const speed = {
    runtime: 'onnxruntime-node CPU, 1 thread, batch 1; a face with flip TTA costs 2 views',
    load_average_at_start: +load0.toFixed(2),
    load_average_at_end: +loadavg()[0].toFixed(2),
    rows: [
      speedRow('dlib', MODEL_FILES.embedder, join(ROOT, 'static/models'), '150×150'),
      speedRow('faceapi', MODEL_FILES.ageGender, join(ROOT, 'static/models'), '112×112'),
      ...CANDIDATES.map((m) => speedRow(m, candidateFile(m), candDir, '224×224'))
    ],
    candidate_sha256: Object.fromEntries(cand.map((c) => [c.file, c.sha256]))
  };

  const result = {
    command: `npm run eval:embedders -- --data ${args.data} --out ${args.out}`,
    date: new Date().toISOString(),
    note: 'verification accuracy is 10-fold (threshold chosen on the other 9 folds); the faceres padding and ensemble weight are chosen on lfw_dev by AUC; deepface_dev chooses nothing',
    choices,
    verification,
    age_gender: { [AGE_SET.split('/').pop()!]: ageGender },
    speed
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify(result, null, 2) + '\n');

  // --- table ---
  const lines: string[] = [];
  lines.push(`| method | ${setNames.map((s) => `${s} AUC | ${s} acc 10-fold (best) | ${s} TAR@FAR1e-2`).join(' | ')} | failures |`);
  lines.push(`|---|${setNames.map(() => '---|---|---').join('|')}|---|`);
  for (const [name, per] of Object.entries(verification)) {
    lines.push(`| ${name} | ${setNames.map((s) => `${per[s].auc.toFixed(4)} | ${pct(per[s].accuracy_10fold)} (${pct(per[s].accuracy_best)}) | ${pct(per[s]['tar_at_far_1e-2'])}`).join(' | ')} | ${setNames.map((s) => per[s].failures).join(' / ')} |`);
  }
  lines.push('', `dlib + flip at the shipped threshold ${VERIFY_THRESHOLD}: ${setNames.map((s) => `${s} ${pct(verification['dlib + flip (shipped)'][s].accuracy_at_shipped_threshold!)}%`).join(', ')}`);
  lines.push(`choices (on ${SELECT_ON}, by AUC): ${JSON.stringify(choices)}`, '');
  lines.push('| age/gender on utkface_dev | gender acc | age MAE (y) | undetected |', '|---|---|---|---|');
  for (const [name, a] of Object.entries(ageGender)) lines.push(`| ${name} | ${pct(a.gender_accuracy)} | ${a.age_mae.toFixed(2)} | ${a.undetected}/${a.faces} |`);
  lines.push('', `| model | MB | input | median ms per view (${speed.runtime}) | views timed |`, '|---|---|---|---|---|');
  for (const r of speed.rows) lines.push(`| ${r.model} | ${r.mb} | ${r.input} | ${r.ms_per_view_median} | ${r.views} |`);
  lines.push(`load average ${speed.load_average_at_start} → ${speed.load_average_at_end}; ${store.computed} images computed this run, the rest from .cache/eval-embedders`);
  console.log(lines.join('\n'));
  console.error(`wrote ${args.out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

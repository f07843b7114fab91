/**
 * npm run bench:faces — figures only (no thresholds): ms per photo (detection) and per face
 * (embedding, age/gender) for the same photos in onnxruntime-node (the native reference) and in
 * Chromium's face worker (onnxruntime-web WASM, threads off and on; WebGPU only when a hardware
 * adapter exists), measured in the same run, with browser/native ratios.
 *
 * Needs a build: LOUPE_BUILD_DIR=build-x npx vite build (uses $LOUPE_BUILD_DIR, default 'build').
 * Photos come from ../shared/data/eval (read in Node, passed to the page as bytes; never served).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createFaceAnalyzer, emptyTimings, type StageTimings } from '../../src/lib/faces/pipeline/analyze';
import { createNodeModels } from '../../src/lib/faces/pipeline/session-node';
import { loadRgba } from '../eval/load-image';
import { EVAL_DIR, hasEvalData, launch, startApp } from '../../tests/e2e/harness';

const ROOT = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 3);

export const BENCH_PHOTOS = [
  'A_face_identity/lfw_dev/images/Bill_Clinton/Bill_Clinton_0001.jpg',
  'A_face_identity/deepface_dev/images/img1.jpg',
  'B_face_detection/compreface_dev/images/000_5.jpg',
  'B_face_detection/wider_val_dev/images/0--Parade/0_Parade_Parade_0_194.jpg',
  'C_age_gender/utkface_dev/images/10_0_2_20170116162109013.jpg.chip.jpg'
];

interface Row extends StageTimings {
  name: string;
  totalMs: number;
}

interface Summary {
  label: string;
  photos: number;
  faces: number;
  detectPerPhoto: number;
  embedPerFace: number;
  ageGenderPerFace: number;
  totalPerPhoto: number;
  /** time inside the model runtime per photo (all three models) and the rest (pipeline JS) */
  modelPerPhoto: number;
  jsPerPhoto: number;
}

/** Medians over repetitions (first repetition dropped as warm-up when there are several). */
function summarise(label: string, rows: Row[]): Summary {
  const byPhoto = new Map<string, Row[]>();
  for (const r of rows) byPhoto.set(r.name, [...(byPhoto.get(r.name) ?? []), r]);
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  let detect = 0, embed = 0, ag = 0, total = 0, faces = 0, model = 0, pipeline = 0;
  for (const rs of byPhoto.values()) {
    const use = rs.length > 1 ? rs.slice(1) : rs;
    detect += med(use.map((r) => r.detectMs));
    embed += med(use.map((r) => r.embedMs));
    ag += med(use.map((r) => r.ageGenderMs));
    total += med(use.map((r) => r.totalMs));
    model += med(use.map((r) => r.detectModelMs + r.embedModelMs + r.ageGenderModelMs));
    pipeline += med(use.map((r) => r.detectMs + r.embedMs + r.ageGenderMs));
    faces += use[0].faces;
  }
  const n = byPhoto.size;
  return {
    label,
    photos: n,
    faces,
    detectPerPhoto: detect / n,
    embedPerFace: embed / Math.max(1, faces),
    ageGenderPerFace: ag / Math.max(1, faces),
    totalPerPhoto: total / n,
    modelPerPhoto: model / n,
    jsPerPhoto: (pipeline - model) / n
  };
}

/** One configuration under test: analyses a photo and returns its timings. */
interface Runner {
  label: string;
  run(photo: string): Promise<Row>;
  close(): Promise<void>;
}

async function nodeRunner(threads: number): Promise<Runner> {
  const { models } = await createNodeModels(join(ROOT, 'static/models'), { threads });
  const analyzer = createFaceAnalyzer(models);
  const images = new Map(await Promise.all(BENCH_PHOTOS.map(async (p) => [p, await loadRgba(join(EVAL_DIR, p))] as const)));
  return {
    label: `onnxruntime-node cpu, ${threads} thread${threads === 1 ? '' : 's'}`,
    async run(photo) {
      const img = images.get(photo)!;
      const t: StageTimings = emptyTimings();
      const t0 = performance.now();
      await analyzer.analyzeImage({ ...img, data: img.data.slice() }, t);
      return { name: photo, totalMs: performance.now() - t0, ...t };
    },
    close: async () => {}
  };
}

async function browserRunner(url: string, label: string, query: string): Promise<Runner | { skipped: string }> {
  const b = await launch();
  try {
    await b.page.goto(`${url}/bench/faces?${query}`);
    await b.page.waitForFunction(() => (window as any).loupeFaceBench, null, { timeout: 60_000 });
    const info = (await b.page.evaluate(() => (window as any).loupeFaceBench.ready())) as { executionProvider: string; threads: number };
    if (query.includes('ep=webgpu') && !info.executionProvider.startsWith('webgpu')) {
      await b.close();
      return { skipped: `no hardware WebGPU adapter (${info.executionProvider})` };
    }
    const b64 = new Map(BENCH_PHOTOS.map((p) => [p, readFileSync(join(EVAL_DIR, p)).toString('base64')]));
    return {
      label: `${label} [${info.executionProvider}, ${info.threads} thr]`,
      async run(photo) {
        const rows = (await b.page.evaluate(([img]) => (window as any).loupeFaceBench.run([img], 1), [{ name: photo, b64: b64.get(photo)! }] as const)) as Row[];
        return rows[0];
      },
      close: () => b.close()
    };
  } catch (e) {
    await b.close();
    throw e;
  }
}

const f = (n: number) => n.toFixed(1).padStart(8);

async function main() {
  if (!hasEvalData) {
    console.error(`bench:faces needs the eval photos in ${EVAL_DIR}`);
    process.exit(2);
  }
  const summaries: Summary[] = [];
  const nativeThreads = Number(process.env.BENCH_NATIVE_THREADS ?? 2);
  const runners: Runner[] = [await nodeRunner(nativeThreads), await nodeRunner(1)];
  const app = await startApp();
  try {
    for (const [label, q] of [
      ['chromium wasm, 1 thread', 'ep=wasm&threads=1'],
      [`chromium wasm, ${nativeThreads} threads`, `ep=wasm&threads=${nativeThreads}`],
      ['chromium webgpu', 'ep=webgpu']
    ] as const) {
      const r = await browserRunner(app.url, label, q);
      if ('skipped' in r) console.log(`${label}: skipped — ${r.skipped}`);
      else runners.push(r);
    }
    // Interleaved: every photo goes through every configuration before the next, in a rotating
    // order, so a change in machine load hits all configurations alike instead of skewing ratios.
    const rows = new Map<Runner, Row[]>(runners.map((r) => [r, []]));
    for (let rep = 0; rep < REPS; rep++) {
      console.error(`run ${rep + 1}/${REPS}…`);
      for (const photo of BENCH_PHOTOS) {
        for (let k = 0; k < runners.length; k++) {
          const r = runners[(k + rep) % runners.length];
          rows.get(r)!.push(await r.run(photo));
        }
      }
    }
    summaries.push(...runners.map((r) => summarise(r.label, rows.get(r)!)));
  } finally {
    for (const r of runners) await r.close();
    await app.stop();
  }
  const [native, native1] = summaries;

  console.log(`\nbench:faces — ${BENCH_PHOTOS.length} photos × ${REPS} runs (median of runs 2..${REPS}), ${native.faces} faces`);
  console.log(`${'configuration'.padEnd(52)} ${'det/photo'.padStart(9)} ${'emb/face'.padStart(8)} ${'a+g/face'.padStart(8)} ${'total/photo'.padStart(11)}  ratio vs native (same threads)`);
  for (const s of summaries) {
    const ref = s.label.includes('1 thr') || s.label.includes('1 thread') ? native1 : native;
    const ratio = s.label.startsWith('onnxruntime-node') ? '' : `det ${(s.detectPerPhoto / ref.detectPerPhoto).toFixed(2)}×  emb ${(s.embedPerFace / ref.embedPerFace).toFixed(2)}×  a+g ${(s.ageGenderPerFace / ref.ageGenderPerFace).toFixed(2)}×  total ${(s.totalPerPhoto / ref.totalPerPhoto).toFixed(2)}×`;
    console.log(`${s.label.padEnd(52)} ${f(s.detectPerPhoto)} ${f(s.embedPerFace)} ${f(s.ageGenderPerFace)} ${f(s.totalPerPhoto).padStart(11)}  ${ratio}`);
  }
  console.log('(ms; detection = decode-free pipeline time from RGBA: pyramid, 11 detector windows, merge)');

  // Where the gap comes from: the same models with the same inputs, split into time inside the
  // model runtime (WASM SIMD kernels vs native MLAS) and the pipeline's own JS around it.
  console.log(`\n${'where the time goes (per photo)'.padEnd(52)} ${'in model'.padStart(9)} ${'pipeline JS'.padStart(11)}  ratio vs native (same threads)`);
  for (const s of summaries) {
    const ref = s.label.includes('1 thr') || s.label.includes('1 thread') ? native1 : native;
    const ratio = s.label.startsWith('onnxruntime-node') ? '' : `model ${(s.modelPerPhoto / ref.modelPerPhoto).toFixed(2)}×  JS ${(s.jsPerPhoto / ref.jsPerPhoto).toFixed(2)}×`;
    console.log(`${s.label.padEnd(52)} ${f(s.modelPerPhoto).padStart(9)} ${f(s.jsPerPhoto).padStart(11)}  ${ratio}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

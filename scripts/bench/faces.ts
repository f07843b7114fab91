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
import { createFaceAnalyzer, type StageTimings } from '../../src/lib/faces/pipeline/analyze';
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
}

/** Medians over repetitions (first repetition dropped as warm-up when there are several). */
function summarise(label: string, rows: Row[]): Summary {
  const byPhoto = new Map<string, Row[]>();
  for (const r of rows) byPhoto.set(r.name, [...(byPhoto.get(r.name) ?? []), r]);
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  let detect = 0, embed = 0, ag = 0, total = 0, faces = 0;
  for (const rs of byPhoto.values()) {
    const use = rs.length > 1 ? rs.slice(1) : rs;
    detect += med(use.map((r) => r.detectMs));
    embed += med(use.map((r) => r.embedMs));
    ag += med(use.map((r) => r.ageGenderMs));
    total += med(use.map((r) => r.totalMs));
    faces += use[0].faces;
  }
  const n = byPhoto.size;
  return { label, photos: n, faces, detectPerPhoto: detect / n, embedPerFace: embed / Math.max(1, faces), ageGenderPerFace: ag / Math.max(1, faces), totalPerPhoto: total / n };
}

async function benchNode(threads: number): Promise<Row[]> {
  const { models } = await createNodeModels(join(ROOT, 'static/models'), { threads });
  const analyzer = createFaceAnalyzer(models);
  const rows: Row[] = [];
  for (const p of BENCH_PHOTOS) {
    const img = await loadRgba(join(EVAL_DIR, p));
    for (let r = 0; r < REPS; r++) {
      const t: StageTimings = { detectMs: 0, embedMs: 0, ageGenderMs: 0, faces: 0 };
      const t0 = performance.now();
      await analyzer.analyzeImage({ ...img, data: img.data.slice() }, t);
      rows.push({ name: p, totalMs: performance.now() - t0, ...t });
    }
  }
  return rows;
}

async function benchBrowser(url: string, query: string): Promise<{ rows: Row[]; ep: string; threads: number } | { skipped: string }> {
  const b = await launch();
  try {
    await b.page.goto(`${url}/bench/faces?${query}`);
    await b.page.waitForFunction(() => (window as any).loupeFaceBench, null, { timeout: 60_000 });
    const info = (await b.page.evaluate(() => (window as any).loupeFaceBench.ready())) as { executionProvider: string; threads: number };
    if (query.includes('ep=webgpu') && !info.executionProvider.startsWith('webgpu')) return { skipped: `no hardware WebGPU adapter (${info.executionProvider})` };
    const images = BENCH_PHOTOS.map((p) => ({ name: p, b64: readFileSync(join(EVAL_DIR, p)).toString('base64') }));
    const rows = (await b.page.evaluate(([imgs, reps]) => (window as any).loupeFaceBench.run(imgs, reps), [images, REPS] as const)) as Row[];
    return { rows, ep: info.executionProvider, threads: info.threads };
  } finally {
    await b.close();
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
  console.error(`onnxruntime-node (${nativeThreads} threads)…`);
  const native = summarise(`onnxruntime-node cpu, ${nativeThreads} threads`, await benchNode(nativeThreads));
  summaries.push(native);
  console.error('onnxruntime-node (1 thread)…');
  const native1 = summarise('onnxruntime-node cpu, 1 thread', await benchNode(1));
  summaries.push(native1);

  const app = await startApp();
  try {
    for (const [label, q] of [
      ['chromium wasm, 1 thread', 'ep=wasm&threads=1'],
      [`chromium wasm, ${nativeThreads} threads`, `ep=wasm&threads=${nativeThreads}`],
      ['chromium webgpu', 'ep=webgpu']
    ] as const) {
      console.error(`${label}…`);
      const r = await benchBrowser(app.url, q);
      if ('skipped' in r) {
        console.log(`${label}: skipped — ${r.skipped}`);
        continue;
      }
      summaries.push(summarise(`${label} [${r.ep}, ${r.threads} thr]`, r.rows));
    }
  } finally {
    await app.stop();
  }

  console.log(`\nbench:faces — ${BENCH_PHOTOS.length} photos × ${REPS} runs (median of runs 2..${REPS}), ${native.faces} faces`);
  console.log(`${'configuration'.padEnd(52)} ${'det/photo'.padStart(9)} ${'emb/face'.padStart(8)} ${'a+g/face'.padStart(8)} ${'total/photo'.padStart(11)}  ratio vs native (same threads)`);
  for (const s of summaries) {
    const ref = s.label.includes('1 thr') || s.label.includes('1 thread') ? native1 : native;
    const ratio = s.label.startsWith('onnxruntime-node') ? '' : `det ${(s.detectPerPhoto / ref.detectPerPhoto).toFixed(2)}×  emb ${(s.embedPerFace / ref.embedPerFace).toFixed(2)}×  a+g ${(s.ageGenderPerFace / ref.ageGenderPerFace).toFixed(2)}×  total ${(s.totalPerPhoto / ref.totalPerPhoto).toFixed(2)}×`;
    console.log(`${s.label.padEnd(52)} ${f(s.detectPerPhoto)} ${f(s.embedPerFace)} ${f(s.ageGenderPerFace)} ${f(s.totalPerPhoto).padStart(11)}  ${ratio}`);
  }
  console.log('(ms; detection = decode-free pipeline time from RGBA: pyramid, 11 detector windows, merge)');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

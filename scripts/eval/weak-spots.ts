/**
 * npx tsx scripts/eval/weak-spots.ts — breaks the dev-set figures down by the demographic labels the
 * data carries: UTKFace age bins and race (age/gender), WIDER FACE perceived age, gender and skin
 * tone (detection recall, faces ≥ 20 px). Reuses eval:faces' on-disk memo (run eval:faces first).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createFaceAnalyzer } from '../../src/lib/faces/pipeline/analyze';
import { createNodeModels } from '../../src/lib/faces/pipeline/session-node';
import { primaryFaceIndex } from '../../src/lib/faces/pipeline/select';
import { makeCache, DETECTION_MIN_IOU } from './faces';
import { matchDetections } from './metrics';

const ROOT = resolve(import.meta.dirname, '../..');
const EVAL = resolve(ROOT, '../shared/data/eval');
const RACE = ['White', 'Black', 'Asian', 'Indian', 'Others'];
const BINS: [number, number][] = [[0, 2], [3, 9], [10, 17], [18, 29], [30, 44], [45, 59], [60, 74], [75, 120]];

type Acc = { n: number; ok: number; err: number; miss: number };
const add = (m: Map<string, Acc>, k: string) => m.get(k) ?? (m.set(k, { n: 0, ok: 0, err: 0, miss: 0 }), m.get(k)!);

async function main() {
  const { models } = await createNodeModels(join(ROOT, 'static/models'), { threads: 1 });
  const cache = makeCache(createFaceAnalyzer(models), true);

  const utkDir = join(EVAL, 'C_age_gender/utkface_dev');
  const utk = JSON.parse(readFileSync(join(utkDir, 'manifest.json'), 'utf8')).files as { file: string; age: number; gender: string; race: number }[];
  const byAge = new Map<string, Acc>();
  const byRace = new Map<string, Acc>();
  for (const f of utk) {
    const a = await cache.analyse(join(utkDir, f.file));
    const i = primaryFaceIndex(a.faces, a.width, a.height);
    const bin = BINS.find(([lo, hi]) => f.age >= lo && f.age <= hi)!;
    for (const acc of [add(byAge, `${bin[0]}-${bin[1]}`), add(byRace, RACE[f.race] ?? String(f.race))]) {
      acc.n++;
      if (i < 0) {
        acc.miss++;
        continue;
      }
      if (a.faces[i].gender.label === f.gender) acc.ok++;
      acc.err += Math.abs(a.faces[i].age - f.age);
    }
  }
  const show = (title: string, m: Map<string, Acc>) => {
    console.log(`\n${title}\n| group | faces | not detected | gender accuracy | age MAE (detected) |\n|---|---|---|---|---|`);
    for (const [k, v] of m) console.log(`| ${k} | ${v.n} | ${v.miss} | ${(v.ok / v.n).toFixed(3)} | ${(v.err / Math.max(1, v.n - v.miss)).toFixed(1)} |`);
  };
  show('utkface_dev by age (years)', byAge);
  show('utkface_dev by race label', byRace);

  const wDir = join(EVAL, 'B_face_detection/wider_val_dev');
  const files = JSON.parse(readFileSync(join(wDir, 'manifest.json'), 'utf8')).files as { file: string; faces: { box_xywh: number[]; invalid?: number }[] }[];
  const demo = JSON.parse(readFileSync(join(wDir, 'demographics.json'), 'utf8')) as { image: string; face_index: number; perceived_gender: string; perceived_age: string; perceived_skin: string }[];
  const found = new Map<string, boolean[]>();
  for (const f of files) {
    const dets = await cache.detect(join(wDir, f.file));
    const gts = f.faces.map((g) => ({ box: { x: g.box_xywh[0], y: g.box_xywh[1], w: g.box_xywh[2], h: g.box_xywh[3] }, countable: !g.invalid }));
    found.set(f.file, matchDetections(dets, gts, DETECTION_MIN_IOU).matchedGt);
  }
  const groups = new Map<string, { n: number; hit: number }>();
  for (const d of demo) {
    const f = files.find((x) => x.file === d.image);
    const g = f?.faces[d.face_index];
    if (!f || !g || g.invalid || Math.min(g.box_xywh[2], g.box_xywh[3]) < 20) continue;
    const hit = found.get(f.file)![d.face_index];
    for (const k of [`gender ${d.perceived_gender}`, `age ${d.perceived_age}`, `skin ${d.perceived_skin}`]) {
      const e = groups.get(k) ?? { n: 0, hit: 0 };
      e.n++;
      if (hit) e.hit++;
      groups.set(k, e);
    }
  }
  console.log('\nwider_val_dev detection recall (faces ≥ 20 px with demographic labels)\n| group | faces | recall |\n|---|---|---|');
  for (const [k, v] of [...groups].sort()) console.log(`| ${k} | ${v.n} | ${(v.hit / v.n).toFixed(3)} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

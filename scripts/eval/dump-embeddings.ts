/**
 * npx tsx scripts/eval/dump-embeddings.ts [--data <dir>] [--sets a,b] → .cache/embeddings/<set>.json
 *
 * Runs the app's face pipeline over every identity set (clusters.json or manifest files with
 * `identity`) and writes one row per face: {faceId, photoPath, identity, embedding[], quality, ...}.
 * Labelled single-subject photos give their primary face with its identity; unlabelled photos
 * (e.g. group shots) give all their faces with identity null. For tuning grouping on real data
 * (people) and measuring thresholds (scripts/eval/thresholds.ts). Never commit the output.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createFaceAnalyzer } from '../../src/lib/faces/pipeline/analyze';
import { createNodeModels } from '../../src/lib/faces/pipeline/session-node';
import { primaryFaceIndex } from '../../src/lib/faces/pipeline/select';
import { findSets, makeCache } from './faces';

const ROOT = resolve(import.meta.dirname, '../..');

export interface EmbeddingRow {
  faceId: string;
  photoPath: string;
  identity: string | null;
  embedding: number[];
  quality: number;
  qualityDetail: { size: number; blur: number; pose: number };
  box: { x: number; y: number; w: number; h: number };
  score: number;
  age: number;
  gender: string;
}

export interface EmbeddingDump {
  set: string;
  pipeline: string;
  images: number;
  undetected: string[];
  faces: EmbeddingRow[];
}

async function main() {
  const argv = process.argv.slice(2);
  const arg = (k: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : undefined);
  const data = resolve(arg('--data') ?? join(ROOT, '../shared/data/eval'));
  const only = arg('--sets')?.split(',');
  const { models } = await createNodeModels(join(ROOT, 'static/models'), { threads: 1 });
  // shares eval:faces' on-disk memo, so after an eval run this costs almost nothing
  const cache = makeCache(createFaceAnalyzer(models), true);
  const outDir = join(ROOT, '.cache/embeddings');
  mkdirSync(outDir, { recursive: true });
  for (const setDir of findSets(data)) {
    const set = basename(setDir);
    if (only && !only.includes(set)) continue;
    const manifest = JSON.parse(readFileSync(join(setDir, 'manifest.json'), 'utf8'));
    const labels = new Map<string, string | null>();
    if (existsSync(join(setDir, 'clusters.json'))) {
      for (const [id, files] of Object.entries(JSON.parse(readFileSync(join(setDir, 'clusters.json'), 'utf8')) as Record<string, string[]>)) for (const f of files) labels.set(f, id);
    }
    const files: { file: string; identity?: string }[] = Array.isArray(manifest.files) ? manifest.files : [];
    const hasIdentity = labels.size > 0 || files.some((f) => typeof f.identity === 'string');
    if (!hasIdentity) continue;
    for (const f of files) if (!labels.has(f.file) && /\.(jpe?g|png|webp)$/i.test(f.file)) labels.set(f.file, f.identity ?? null);
    const dump: EmbeddingDump = { set, pipeline: 'blazeface-256 + dlib-resnet-128 (flip TTA)', images: labels.size, undetected: [], faces: [] };
    const t0 = Date.now();
    for (const [file, identity] of labels) {
      const img = await cache.analyse(join(setDir, file));
      const faces = img.faces;
      const pick = identity ? [primaryFaceIndex(faces, img.width, img.height)].filter((i) => i >= 0) : faces.map((_, i) => i);
      if (!pick.length) dump.undetected.push(file);
      for (const i of pick) {
        const r = faces[i];
        dump.faces.push({
          faceId: `${file}#${i}`,
          photoPath: file,
          identity,
          embedding: Array.from(r.embedding, (v) => Math.round(v * 1e6) / 1e6),
          quality: r.quality.overall,
          qualityDetail: { size: r.quality.size, blur: r.quality.blur, pose: r.quality.pose },
          box: r.box,
          score: r.score,
          age: r.age,
          gender: r.gender.label
        });
      }
    }
    writeFileSync(join(outDir, `${set}.json`), JSON.stringify(dump));
    console.log(`${set}: ${dump.faces.length} faces from ${labels.size} images (${dump.undetected.length} without a face) in ${((Date.now() - t0) / 1000).toFixed(0)} s → .cache/embeddings/${set}.json`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main().catch((e) => {
  console.error(e);
  process.exit(1);
});

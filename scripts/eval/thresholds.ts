/**
 * npx tsx scripts/eval/thresholds.ts [--sets lfw_dev,deepface_dev]
 *
 * Measures the similarity thresholds in src/lib/faces/pipeline/thresholds.ts from the embedding
 * dumps (.cache/embeddings/<set>.json, written by dump-embeddings.ts) of the clusters.json sets:
 * genuine pairs = same identity, impostor pairs = different identities within one set (identities
 * of different sets are not compared: the deepface set's people are anonymous and may be in LFW).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EmbeddingDump } from './dump-embeddings';
import { thresholdAtFar } from './metrics';

const ROOT = resolve(import.meta.dirname, '../..');

export function pairScores(dumps: EmbeddingDump[]) {
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (const d of dumps) {
    const faces = d.faces.filter((f) => f.identity);
    for (let i = 0; i < faces.length; i++)
      for (let j = i + 1; j < faces.length; j++) {
        let s = 0;
        const a = faces[i].embedding, b = faces[j].embedding;
        for (let k = 0; k < a.length; k++) s += a[k] * b[k];
        (faces[i].identity === faces[j].identity ? genuine : impostor).push(s);
      }
  }
  return { genuine, impostor };
}

function main() {
  const argv = process.argv.slice(2);
  const sets = (argv.includes('--sets') ? argv[argv.indexOf('--sets') + 1] : 'lfw_dev,deepface_dev').split(',');
  const dumps = sets.map((s) => {
    const p = join(ROOT, '.cache/embeddings', `${s}.json`);
    if (!existsSync(p)) throw new Error(`${p} missing: run npx tsx scripts/eval/dump-embeddings.ts --sets ${s}`);
    return JSON.parse(readFileSync(p, 'utf8')) as EmbeddingDump;
  });
  const { genuine, impostor } = pairScores(dumps);
  const tar = (t: number) => genuine.filter((s) => s > t).length / genuine.length;
  const fmr = (t: number) => impostor.filter((s) => s > t).length / impostor.length;
  console.log(`sets ${sets.join(', ')}: ${dumps.reduce((n, d) => n + d.faces.filter((f) => f.identity).length, 0)} faces, ${genuine.length} genuine pairs, ${impostor.length} impostor pairs`);
  for (const far of [1e-2, 1e-3, 1e-4]) {
    const t = thresholdAtFar(impostor, far);
    console.log(`FMR ≤ ${far}: similarity > ${t.toFixed(4)}  (impostors above: ${impostor.filter((s) => s > t).length}, TAR ${tar(t).toFixed(4)})`);
  }
  // verification threshold: maximise balanced accuracy ((TAR + TRR) / 2) over genuine/impostor pairs
  let best = { t: 0, acc: 0 };
  for (let t = 0.5; t < 1; t += 0.0025) {
    const acc = (tar(t) + 1 - fmr(t)) / 2;
    if (acc > best.acc) best = { t, acc };
  }
  console.log(`best balanced accuracy ${best.acc.toFixed(4)} at similarity > ${best.t.toFixed(4)}`);
  const maxImp = impostor.reduce((m, s) => Math.max(m, s), -Infinity);
  console.log(`highest impostor similarity ${maxImp.toFixed(4)}; 1e-4 rests on ${Math.floor(1e-4 * impostor.length)} allowed impostors of ${impostor.length} (rule of three: with 0 errors in n pairs, FMR < 3/n = ${(3 / impostor.length).toExponential(1)} at 95%)`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();

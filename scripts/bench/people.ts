/**
 * npm run bench:people [-- --embeddings <dir>] [--sizes 10000,100000] [--compare]
 *
 * Times People grouping: a full grouping of 10,000 and 100,000 faces, and adding one face to a
 * grouped library of 100,000 (the incremental path the app runs after each analysed photo; printed
 * first for the largest size because it is quick). --compare also runs sizes below 20,000 through
 * the inverted file to show what the approximation costs.
 * Figures only, no thresholds. Reference measured in the same run: one linear scan (a dot product
 * with every stored embedding), i.e. what any "compare with everything" step would cost.
 *
 * Faces: real embeddings from .cache/embeddings/*.json (scripts/eval/dump-embeddings.ts) are
 * replicated to the target size. Each replica turns every real identity into a new pseudo-person
 * by a random rotation of the embedding around the model's mean (so different people stay as
 * similar to each other as real different people are), plus small gaussian noise per face.
 * Without embeddings it falls back to synthetic clusters and says so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { bcubed } from '../../src/lib/people/bcubed';
import { CELL_MIN_FACES, groupWith, type FaceForGrouping } from '../../src/lib/people/cluster';
import { readRows } from './people-tune';
import { PeopleEngine } from '../../src/lib/people/engine';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const arg = (k: string) => {
	const i = args.indexOf(k);
	return i >= 0 ? args[i + 1] : undefined;
};
const sizes = (arg('--sizes') ?? '10000,100000').split(',').map(Number);
const NOISE = 0.01; // per dimension; cosine to the original ≈ 0.994 for 128-d unit vectors

let seed = 12345;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

interface Base {
	identity: string | null;
	photo: string;
	embedding: Float32Array;
	quality: number;
}

function loadReal(dir: string): Base[] {
	const out: Base[] = [];
	for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
		for (const r of readRows(join(dir, f), f.replace(/\.json$/, ''))) {
			if (!r.embedding) continue;
			out.push({ identity: r.identity ? `${f}:${r.identity}` : null, photo: `${f}:${r.photoPath}`, embedding: Float32Array.from(r.embedding), quality: r.quality });
		}
	}
	return out;
}

function synthetic(n: number, dim = 128): Base[] {
	const out: Base[] = [];
	for (let p = 0; out.length < n; p++) {
		const c = Float32Array.from({ length: dim }, gauss);
		const k = 1 + Math.floor(rand() * 8);
		for (let j = 0; j < k; j++) out.push({ identity: `s${p}`, photo: `s${p}-${j}`, embedding: c.map((v) => v + gauss() * 0.3), quality: 0.5 + rand() * 0.5 });
	}
	return out;
}

function unit(v: Float32Array) {
	let s = 0;
	for (const x of v) s += x * x;
	const k = 1 / Math.sqrt(s || 1);
	return v.map((x) => x * k);
}

/** Random orthogonal matrix (Gram–Schmidt on gaussian rows). */
function rotation(d: number): Float32Array {
	const q = new Float32Array(d * d);
	for (let i = 0; i < d; i++) {
		const row = Float32Array.from({ length: d }, gauss);
		for (let j = 0; j < i; j++) {
			let dot = 0;
			for (let k = 0; k < d; k++) dot += row[k] * q[j * d + k];
			for (let k = 0; k < d; k++) row[k] -= dot * q[j * d + k];
		}
		q.set(unit(row), i * d);
	}
	return q;
}

function replicate(base: Base[], n: number): { faces: FaceForGrouping[]; truth: Map<string, string> } {
	const d = base[0].embedding.length;
	const mean = new Float32Array(d);
	for (const b of base) for (let k = 0; k < d; k++) mean[k] += b.embedding[k] / base.length;
	const faces: FaceForGrouping[] = [];
	const truth = new Map<string, string>();
	for (let r = 0; faces.length < n; r++) {
		const q = r === 0 ? null : rotation(d);
		for (const b of base) {
			if (faces.length >= n) break;
			const c = b.embedding.map((v, k) => v - mean[k]);
			const e = new Float32Array(d);
			for (let i = 0; i < d; i++) {
				let s = mean[i];
				if (q) for (let k = 0; k < d; k++) s += q[i * d + k] * c[k];
				else s += c[i];
				e[i] = s + (r === 0 ? 0 : gauss() * NOISE);
			}
			const id = `r${r}:${faces.length}`;
			faces.push({ id, photoId: `r${r}:${b.photo}`, embedding: unit(e), quality: b.quality });
			truth.set(id, b.identity ? `r${r}:${b.identity}` : id);
		}
	}
	return { faces, truth };
}

function time<T>(fn: () => T): [T, number] {
	const t = performance.now();
	const r = fn();
	return [r, performance.now() - t];
}

function main() {
	let dir = resolve(arg('--embeddings') ?? join(ROOT, '.cache/embeddings'));
	let source: string;
	let base: Base[];
	if (!existsSync(dir) && existsSync(join(ROOT, 'scripts/eval/dump-embeddings.ts'))) {
		console.log('no embeddings cached: running scripts/eval/dump-embeddings.ts …');
		spawnSync('npx', ['tsx', 'scripts/eval/dump-embeddings.ts'], { cwd: ROOT, stdio: 'inherit' });
	}
	if (existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json'))) {
		base = loadReal(dir);
		source = `REAL embeddings (${base.length} faces from ${dir}), replicated with random rotations about the mean + gaussian noise σ=${NOISE}/dim`;
	} else {
		dir = '';
		base = synthetic(1000);
		source = 'SYNTHETIC clusters (no real embeddings found in .cache/embeddings) — figures are indicative only';
	}
	const d = base[0].embedding.length;
	console.log(`bench:people — ${source}`);
	console.log(`embedding size ${d}; node ${process.version}; single thread\n`);

	for (const n of sizes) {
		const { faces, truth } = replicate(base, n);
		const people = new Set(truth.values()).size;
		if (n === Math.max(...sizes)) incremental(faces, truth, d);
		const run = (label: string, cellMinFaces?: number) => {
			const [res, ms] = time(() => groupWith(faces, {}, {}, { cellMinFaces }));
			const q = bcubed([...res.people.map((p) => p.faceIds), ...res.unassigned.map((u) => [u])], truth);
			console.log(
				`group ${n.toLocaleString('en')} faces (${people.toLocaleString('en')} true people), ${label}: ${(ms / 1000).toFixed(2)} s  (${((ms * 1000) / n).toFixed(0)} µs/face)  → ${res.people.length.toLocaleString('en')} people, ${res.unassigned.length.toLocaleString('en')} unassigned; BCubed P ${q.precision.toFixed(3)} R ${q.recall.toFixed(3)} F1 ${q.f1.toFixed(3)}`
			);
		};
		run(n >= CELL_MIN_FACES ? 'inverted file (default ≥ 20,000 faces)' : 'exact scan (default < 20,000 faces)');
		// The same faces through the inverted file: what the approximation costs in quality.
		if (n < CELL_MIN_FACES && args.includes('--compare')) run('inverted file forced', 0);
	}
}

/**
 * The incremental path on a grouped library of n faces, measured first (it is quick): the
 * worker's engine is loaded with the library grouped as its true people (the state after
 * grouping), then single faces are added.
 */
function incremental(faces: FaceForGrouping[], truth: Map<string, string>, d: number) {
	const n = faces.length;
	const engine = new PeopleEngine();
	const emb = new Float32Array(n * d);
	faces.forEach((f, i) => emb.set(f.embedding, i * d));
	const assignments: [string, string][] = [];
	const size = new Map<string, number>();
	for (const t of truth.values()) size.set(t, (size.get(t) ?? 0) + 1);
	for (const f of faces) if ((size.get(truth.get(f.id)!) ?? 0) >= 2) assignments.push([f.id, truth.get(f.id)!]);
	const [, hydrateMs] = time(() =>
		engine.hydrate({ faces: faces.map((f) => ({ id: f.id, photoId: f.photoId, quality: f.quality })), embeddings: emb, dim: d, assignments, rejections: [], ignored: [] })
	);
	const probe = faces[Math.floor(n / 2)];
	const adds: number[] = [];
	for (let i = 0; i < 21; i++) {
		const e = probe.embedding.map((v) => v + gauss() * NOISE);
		const [, t] = time(() => engine.add([{ id: `new${i}`, photoId: `new-photo-${i}`, quality: 0.9 }], e));
		adds.push(t);
	}
	adds.sort((a, b) => a - b);
	// Reference: one dot product with every stored embedding (a linear scan of the library).
	const scans: number[] = [];
	let sink = 0;
	for (let rep = 0; rep < 21; rep++) {
		const [, t] = time(() => {
			for (let i = 0; i < n; i++) {
				let s = 0;
				for (let k = 0; k < d; k++) s += emb[i * d + k] * probe.embedding[k];
				sink += s;
			}
		});
		scans.push(t);
	}
	scans.sort((a, b) => a - b);
	const add = adds[10], scan = scans[10];
	const people = new Set(assignments.map((a) => a[1])).size;
	console.log(`load a grouped library of ${n.toLocaleString('en')} faces (${people.toLocaleString('en')} people) into the engine (app start): ${(hydrateMs / 1000).toFixed(2)} s`);
	console.log(`add 1 face to a grouped library of ${n.toLocaleString('en')}: ${add.toFixed(2)} ms (median of 21)`);
	console.log(`reference — linear scan of ${n.toLocaleString('en')} embeddings: ${scan.toFixed(2)} ms (median of 21); add / scan = ${(add / scan).toFixed(2)}×${Number.isNaN(sink) ? ' (NaN)' : ''}`);
}

main();

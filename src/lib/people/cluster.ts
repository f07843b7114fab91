// Face grouping: the pure algorithm behind People. Used by the people worker (incremental and full
// regroup) and by Node evaluation scripts (`npm run eval:faces`), so relative imports only.
//
// Shape (after Immich, minus what its users complain about):
// - Faces are visited best quality first. A face joins the existing group whose *average* cosine
//   similarity to all its members is highest and at least `linkSim` (average linkage: one
//   look-alike face cannot drag a person in, unlike single-linkage DBSCAN chaining).
// - A face that joins nothing starts a candidate group only if its quality is good enough; a
//   low-quality face never seeds anything. A candidate becomes a person once it holds `minFaces`
//   good faces (the "core" rule: a person needs several good faces that agree).
// - Two faces of one photo (or one video frame) are never in the same group: every join and
//   every merge checks the groups' photo sets, so chaining cannot get around it.
// - Groups are merged only when their average linkage also clears `linkSim`; a face that could
//   join two groups records that pair as a merge candidate, so the merge pass stays far below
//   O(groups²).
// - Everything lives in typed arrays; adding one face costs O(groups × dim).

export interface FaceForGrouping {
	id: string;
	/** Photo id, or `mediaId@frameTime` for a video frame: faces sharing it are never one person. */
	photoId: string;
	embedding: Float32Array;
	quality: number;
}

export interface GroupingParams {
	/** Minimum average cosine similarity between a face and a group's members (and between groups). */
	linkSim: number;
	/** Faces below this quality never seed a group and do not count toward `minFaces`. */
	minQuality: number;
	/** Good faces a group needs before it is a person. */
	minFaces: number;
	/** Extra similarity a low-quality face needs to join a person (noisy embeddings drift). */
	lowQualityMargin: number;
	/** Minimum average linkage for merging two groups (≥ linkSim: merges are the costly mistake). */
	mergeSim: number;
	/**
	 * A face that fits two groups almost equally (look-alikes) joins neither when the gap is below
	 * this; it stays unassigned for the user to review instead of risking a mixed person.
	 */
	ambiguityMargin: number;
}

/**
 * Measured on real embeddings of the face pipeline (dlib-resnet 128-d, L2-normalised) with
 * `npx tsx scripts/bench/people-tune.ts --sweep` (see docs/people.md): linkSim 0.935 is the
 * lowest threshold keeping BCubed precision ≥ 0.99 on LFW; lower values start mixing look-alikes
 * (0.93 → 0.987, 0.92 → 0.955). minQuality matches the pipeline's QUALITY_MIN_FOR_GROUPING.
 * A stricter mergeSim, a low-quality margin and an ambiguity margin were measured and cost recall
 * without buying precision on these sets, so they are neutral here (kept for other models).
 */
export const DEFAULT_GROUPING: GroupingParams = {
	linkSim: 0.935,
	minQuality: 0.5,
	minFaces: 2,
	lowQualityMargin: 0,
	mergeSim: 0.935,
	ambiguityMargin: 0
};

/** Returns a unit-length copy (cosine similarity becomes a dot product). */
export function normalized(v: ArrayLike<number>): Float32Array {
	const out = new Float32Array(v.length);
	let s = 0;
	for (let i = 0; i < v.length; i++) s += v[i] * v[i];
	const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
	for (let i = 0; i < v.length; i++) out[i] = v[i] * inv;
	return out;
}

/**
 * Orthonormal basis ordered by energy (eigenvectors of the embeddings' second-moment matrix, by
 * cyclic Jacobi). Rotating every vector into it changes no dot product, but packs most of each
 * vector into the first few coordinates, so a partial dot product plus a Cauchy–Schwarz bound on
 * the rest rules out most groups exactly (see Grouper.best). Rows of the result are basis vectors.
 */
export function energyBasis(vectors: ArrayLike<number>[], dim: number, maxSamples = 4000): Float32Array {
	const step = Math.max(1, Math.floor(vectors.length / maxSamples));
	const m = new Float64Array(dim * dim);
	let n = 0;
	for (let i = 0; i < vectors.length; i += step, n++) {
		const v = normalized(vectors[i]);
		for (let r = 0; r < dim; r++) {
			const vr = v[r];
			for (let c = r; c < dim; c++) m[r * dim + c] += vr * v[c];
		}
	}
	for (let r = 0; r < dim; r++) for (let c = r; c < dim; c++) m[c * dim + r] = m[r * dim + c] /= Math.max(1, n);
	const vecs = new Float64Array(dim * dim);
	for (let i = 0; i < dim; i++) vecs[i * dim + i] = 1;
	for (let sweep = 0; sweep < 12; sweep++) {
		let off = 0;
		for (let p = 0; p < dim; p++) for (let q = p + 1; q < dim; q++) off += m[p * dim + q] ** 2;
		if (off < 1e-18) break;
		for (let p = 0; p < dim; p++)
			for (let q = p + 1; q < dim; q++) {
				const apq = m[p * dim + q];
				if (Math.abs(apq) < 1e-15) continue;
				const theta = (m[q * dim + q] - m[p * dim + p]) / (2 * apq);
				const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
				const c = 1 / Math.sqrt(t * t + 1), sn = t * c;
				for (let k = 0; k < dim; k++) {
					const akp = m[k * dim + p], akq = m[k * dim + q];
					m[k * dim + p] = c * akp - sn * akq;
					m[k * dim + q] = sn * akp + c * akq;
				}
				for (let k = 0; k < dim; k++) {
					const apk = m[p * dim + k], aqk = m[q * dim + k];
					m[p * dim + k] = c * apk - sn * aqk;
					m[q * dim + k] = sn * apk + c * aqk;
				}
				for (let k = 0; k < dim; k++) {
					const vkp = vecs[k * dim + p], vkq = vecs[k * dim + q];
					vecs[k * dim + p] = c * vkp - sn * vkq;
					vecs[k * dim + q] = sn * vkp + c * vkq;
				}
			}
	}
	const order = Array.from({ length: dim }, (_, i) => i).sort((a, b) => m[b * dim + b] - m[a * dim + a]);
	const out = new Float32Array(dim * dim);
	order.forEach((col, row) => {
		for (let k = 0; k < dim; k++) out[row * dim + k] = vecs[k * dim + col];
	});
	return out;
}

/** Leading coordinates scanned before the exact bound decides whether the rest is needed. */
const HEAD = 16;

/**
 * Libraries at least this large scan groups through an inverted file (cells from spherical
 * k-means; a group lives in the cell of its first face; a face probes its nearest cells).
 * Approximate: a group in an unprobed cell is missed, which can only split a person (the
 * conservative error), never add a face the threshold rejects. Smaller libraries scan exactly.
 */
export const CELL_MIN_FACES = 20_000;
const PROBE = 12;

/** Seed for a group the user already decided (pinned faces of a person); never dissolved. */
export interface GroupSeed {
	key: string;
	faceIds: string[];
}

export interface GroupingConstraints {
	seeds?: GroupSeed[];
	/** faceId → seed keys it must never join ("not this person"). */
	rejected?: Map<string, Set<string>>;
}

interface Group {
	key: string | null; // seed key for user-decided groups
	members: number[]; // face slots
	photos: Set<string>;
	good: number; // members with quality ≥ minQuality
	alive: boolean;
}

/**
 * Incremental grouping state. Faces and group sums live in growable Float32Arrays so a library of
 * 100,000 faces stays a few hundred MB at most and scans are tight loops.
 */
export class Grouper {
	readonly dim: number;
	readonly params: GroupingParams;
	private emb: Float32Array; // face slot × dim, unit vectors
	private faceIds: string[] = [];
	private facePhoto: string[] = [];
	private faceQuality: number[] = [];
	private faceGroup: Int32Array;
	private slotOf = new Map<string, number>();
	private sums: Float32Array; // group × dim, sum of member unit vectors
	private counts: Float32Array; // members per group (float for the hot loop)
	private groups: Group[] = [];
	private rejected: Map<string, Set<string>>;
	/** Pairs of groups some face could have joined both of: merge candidates. */
	private candidates = new Set<string>();
	private basis: Float32Array | null;
	private head: number;
	private faceTail: Float32Array; // norm of each face's coordinates after `head`
	private sumTail: Float32Array; // norm of each group sum's coordinates after `head`
	private cells: Float32Array | null = null; // k × dim unit centroids (inverted file)
	private cellGroups: number[][] = [];
	private groupCell: number[] = [];
	private probe = PROBE;

	constructor(dim: number, params: Partial<GroupingParams> = {}, constraints: GroupingConstraints = {}, basis: Float32Array | null = null) {
		this.dim = dim;
		this.basis = basis && basis.length === dim * dim ? basis : null;
		this.head = this.basis ? Math.min(HEAD, dim) : dim;
		this.faceTail = new Float32Array(64);
		this.sumTail = new Float32Array(64);
		this.params = { ...DEFAULT_GROUPING, ...params };
		this.emb = new Float32Array(dim * 64);
		this.faceGroup = new Int32Array(64).fill(-1);
		this.sums = new Float32Array(dim * 64);
		this.counts = new Float32Array(64);
		this.rejected = constraints.rejected ?? new Map();
	}

	get faceCount(): number {
		return this.faceIds.length;
	}

	private growFaces(): void {
		const n = this.faceIds.length;
		if (n < this.faceGroup.length) return;
		const cap = this.faceGroup.length * 2;
		const emb = new Float32Array(cap * this.dim);
		emb.set(this.emb);
		this.emb = emb;
		const fg = new Int32Array(cap).fill(-1);
		fg.set(this.faceGroup);
		this.faceGroup = fg;
		const ft = new Float32Array(cap);
		ft.set(this.faceTail);
		this.faceTail = ft;
	}

	private growGroups(): void {
		const n = this.groups.length;
		if (n < this.counts.length) return;
		const cap = this.counts.length * 2;
		const sums = new Float32Array(cap * this.dim);
		sums.set(this.sums);
		this.sums = sums;
		const counts = new Float32Array(cap);
		counts.set(this.counts);
		this.counts = counts;
		const st = new Float32Array(cap);
		st.set(this.sumTail);
		this.sumTail = st;
	}

	/** Stores a face without grouping it; returns its slot. */
	insert(face: FaceForGrouping): number {
		if (face.embedding.length !== this.dim) throw new Error(`embedding has ${face.embedding.length} values, expected ${this.dim}`);
		if (this.slotOf.has(face.id)) throw new Error(`face ${face.id} added twice`);
		this.growFaces();
		const slot = this.faceIds.length;
		this.faceIds.push(face.id);
		this.facePhoto.push(face.photoId);
		this.faceQuality.push(face.quality);
		this.slotOf.set(face.id, slot);
		let e = normalized(face.embedding);
		if (this.basis) {
			const d = this.dim, b = this.basis, r = new Float32Array(d);
			for (let i = 0; i < d; i++) {
				let s = 0;
				for (let k = 0; k < d; k++) s += b[i * d + k] * e[k];
				r[i] = s;
			}
			e = r;
		}
		this.emb.set(e, slot * this.dim);
		let t = 0;
		for (let i = this.head; i < this.dim; i++) t += e[i] * e[i];
		this.faceTail[slot] = Math.sqrt(t);
		return slot;
	}

	private newGroup(key: string | null): number {
		this.growGroups();
		const g = this.groups.length;
		this.groups.push({ key, members: [], photos: new Set(), good: 0, alive: true });
		this.counts[g] = 0;
		this.sums.fill(0, g * this.dim, (g + 1) * this.dim);
		return g;
	}

	private join(slot: number, g: number): void {
		const d = this.dim;
		const grp = this.groups[g];
		grp.members.push(slot);
		grp.photos.add(this.facePhoto[slot]);
		if (this.cells && this.groupCell[g] === undefined) {
			const c = this.nearestCells(slot, 1)[0];
			this.groupCell[g] = c;
			this.cellGroups[c].push(g);
		}
		if (this.faceQuality[slot] >= this.params.minQuality) grp.good++;
		this.counts[g]++;
		const so = g * d, eo = slot * d;
		for (let k = 0; k < d; k++) this.sums[so + k] += this.emb[eo + k];
		this.faceGroup[slot] = g;
		this.updateTail(g);
	}

	private updateTail(g: number): void {
		let t = 0;
		for (let i = g * this.dim + this.head, end = (g + 1) * this.dim; i < end; i++) t += this.sums[i] * this.sums[i];
		this.sumTail[g] = Math.sqrt(t);
	}

	private leave(slot: number): void {
		const g = this.faceGroup[slot];
		if (g < 0) return;
		const d = this.dim;
		const grp = this.groups[g];
		grp.members.splice(grp.members.indexOf(slot), 1);
		grp.photos.delete(this.facePhoto[slot]);
		if (this.faceQuality[slot] >= this.params.minQuality) grp.good--;
		this.counts[g]--;
		const so = g * d, eo = slot * d;
		for (let k = 0; k < d; k++) this.sums[so + k] -= this.emb[eo + k];
		this.faceGroup[slot] = -1;
		this.updateTail(g);
		if (grp.members.length === 0 && grp.key === null) grp.alive = false;
	}

	/** Places a seeded (user-decided) group; its faces must already be inserted. */
	seed(seed: GroupSeed): void {
		const g = this.keyed(seed.key);
		for (const id of seed.faceIds) {
			const slot = this.slotOf.get(id);
			if (slot === undefined || this.faceGroup[slot] >= 0) continue;
			// The same-photo rule holds even against manual decisions: the first pinned face wins.
			if (this.groups[g].photos.has(this.facePhoto[slot])) continue;
			this.join(slot, g);
		}
	}

	private allowed(slot: number, g: number): boolean {
		const grp = this.groups[g];
		if (!grp.alive || grp.photos.has(this.facePhoto[slot])) return false;
		if (grp.key !== null && this.rejected.get(this.faceIds[slot])?.has(grp.key)) return false;
		return true;
	}

	/**
	 * Average similarity of a face to every member of each group; the best two allowed groups at
	 * or above `floor`. Exact: a group is skipped only when the leading coordinates plus a
	 * Cauchy–Schwarz bound on the rest prove it cannot reach `floor` (or beat the runner-up).
	 */
	private best(slot: number, onlyPeople: boolean, floor = -Infinity): { g: number; s: number; g2: number; s2: number } {
		const d = this.dim, h = this.head, eo = slot * d, emb = this.emb, sums = this.sums, counts = this.counts;
		const eTail = this.faceTail[slot] + 1e-6, sumTail = this.sumTail;
		let g1 = -1, s1 = -Infinity, g2 = -1, s2 = -Infinity;
		// With an inverted file only the groups of the nearest cells are candidates.
		let list: number[] | null = null;
		if (this.cells) {
			list = [];
			for (const c of this.nearestCells(slot, this.probe)) for (const g of this.cellGroups[c]) list.push(g);
		}
		const n = list ? list.length : this.groups.length;
		for (let i = 0; i < n; i++) {
			const g = list ? list[i] : i;
			const c = counts[g];
			if (c === 0) continue;
			const so = g * d;
			let dot = 0;
			for (let k = 0; k < h; k++) dot += emb[eo + k] * sums[so + k];
			const need = (s2 > floor ? s2 : floor) * c;
			if (dot + eTail * sumTail[g] < need) continue;
			for (let k = h; k < d; k++) dot += emb[eo + k] * sums[so + k];
			const s = dot / c;
			if (s <= s2) continue;
			if (onlyPeople && !this.isPerson(g)) continue;
			if (this.faceGroup[slot] === g || !this.allowed(slot, g)) continue;
			if (s > s1) {
				g2 = g1; s2 = s1; g1 = g; s1 = s;
			} else {
				g2 = g; s2 = s;
			}
		}
		return { g: g1, s: s1, g2, s2 };
	}

	/** Builds the inverted file from the faces inserted so far (call before grouping them). */
	buildCells(k = Math.min(1024, Math.round(Math.sqrt(this.faceIds.length))), iterations = 6): void {
		const d = this.dim, n = this.faceIds.length;
		if (k < 2 || n < k) return;
		const stride = Math.max(1, Math.floor(n / 20_000));
		const sample: number[] = [];
		for (let i = 0; i < n; i += stride) sample.push(i);
		const cells = new Float32Array(k * d);
		for (let c = 0; c < k; c++) cells.set(this.emb.subarray(sample[Math.floor((c * sample.length) / k)] * d, sample[Math.floor((c * sample.length) / k)] * d + d), c * d);
		const assign = new Int32Array(sample.length);
		for (let it = 0; it < iterations; it++) {
			sample.forEach((slot, j) => (assign[j] = this.nearestCells(slot, 1, cells, k)[0]));
			const sums = new Float32Array(k * d);
			sample.forEach((slot, j) => {
				for (let t = 0; t < d; t++) sums[assign[j] * d + t] += this.emb[slot * d + t];
			});
			for (let c = 0; c < k; c++) {
				let norm = 0;
				for (let t = 0; t < d; t++) norm += sums[c * d + t] ** 2;
				if (norm === 0) continue; // empty cell keeps its old centre
				const inv = 1 / Math.sqrt(norm);
				for (let t = 0; t < d; t++) cells[c * d + t] = sums[c * d + t] * inv;
			}
		}
		this.cells = cells;
		this.cellGroups = Array.from({ length: k }, () => []);
		this.probe = Math.min(PROBE, k);
	}

	private nearestCells(slot: number, m: number, cells = this.cells!, k = this.cellGroups.length): number[] {
		const d = this.dim, eo = slot * d;
		const best: [number, number][] = [];
		for (let c = 0; c < k; c++) {
			let s = 0;
			for (let t = 0, co = c * d; t < d; t++) s += this.emb[eo + t] * cells[co + t];
			if (best.length < m) {
				best.push([s, c]);
				best.sort((a, b) => b[0] - a[0]);
			} else if (s > best[m - 1][0]) {
				best[m - 1] = [s, c];
				best.sort((a, b) => b[0] - a[0]);
			}
		}
		return best.map((b) => b[1]);
	}

	private isPerson(g: number): boolean {
		const grp = this.groups[g];
		return grp.alive && (grp.key !== null || grp.good >= this.params.minFaces);
	}

	private threshold(slot: number): number {
		const p = this.params;
		return this.faceQuality[slot] >= p.minQuality ? p.linkSim : p.linkSim + p.lowQualityMargin;
	}

	/** Groups one inserted face against the current groups; returns its group or -1. */
	place(slot: number): number {
		const t = this.threshold(slot);
		const b = this.best(slot, false, t);
		if (b.g >= 0 && b.s >= t) {
			if (b.g2 >= 0 && b.s2 >= t) {
				this.candidates.add(b.g < b.g2 ? `${b.g},${b.g2}` : `${b.g2},${b.g}`);
				if (b.s - b.s2 < this.params.ambiguityMargin) return -1;
			}
			this.join(slot, b.g);
			return b.g;
		}
		if (this.faceQuality[slot] >= this.params.minQuality) {
			const g = this.newGroup(null);
			this.join(slot, g);
			return g;
		}
		return -1;
	}

	/** Adds and groups one face (the incremental path). Returns the group index or -1. */
	add(face: FaceForGrouping): number {
		return this.place(this.insert(face));
	}

	private linkage(a: number, b: number): number {
		const d = this.dim, sa = a * d, sb = b * d;
		let dot = 0;
		for (let k = 0; k < d; k++) dot += this.sums[sa + k] * this.sums[sb + k];
		return dot / (this.counts[a] * this.counts[b]);
	}

	private canMerge(a: number, b: number): boolean {
		const A = this.groups[a], B = this.groups[b];
		if (!A.alive || !B.alive || a === b) return false;
		if (A.key !== null && B.key !== null) return false; // two user-decided people: only the user merges them
		const [small, big] = A.photos.size < B.photos.size ? [A, B] : [B, A];
		for (const p of small.photos) if (big.photos.has(p)) return false;
		const keyed = A.key !== null ? A : B.key !== null ? B : null;
		if (keyed) {
			const other = keyed === A ? B : A;
			for (const m of other.members) if (this.rejected.get(this.faceIds[m])?.has(keyed.key!)) return false;
		}
		return true;
	}

	private merge(a: number, b: number): number {
		// Keep the seeded group (it carries the user's person); otherwise the larger one.
		let into = a, from = b;
		if (this.groups[b].key !== null || (this.groups[a].key === null && this.groups[b].members.length > this.groups[a].members.length)) {
			into = b; from = a;
		}
		for (const m of [...this.groups[from].members]) {
			this.leave(m);
			this.join(m, into);
		}
		this.groups[from].alive = false;
		return into;
	}

	/** Merges candidate pairs whose average linkage clears the threshold, best first. */
	mergePass(): void {
		const t = Math.max(this.params.linkSim, this.params.mergeSim);
		const alias = new Map<number, number>();
		const find = (g: number): number => {
			while (alias.has(g)) g = alias.get(g)!;
			return g;
		};
		for (;;) {
			const next = new Set<string>();
			const pairs: [number, number, number][] = [];
			for (const c of this.candidates) {
				const comma = c.indexOf(',');
				const a = find(+c.slice(0, comma)), b = find(+c.slice(comma + 1));
				if (a === b) continue;
				const k = a < b ? `${a},${b}` : `${b},${a}`;
				if (next.has(k)) continue;
				next.add(k);
				const s = this.linkage(a, b);
				if (s >= t) pairs.push([s, a, b]);
			}
			this.candidates = next;
			pairs.sort((p, q) => q[0] - p[0]);
			// Rounds of disjoint merges, best first: a merged group's linkage changes, so pairs
			// touching it are re-scored next round rather than trusted stale.
			const touched = new Set<number>();
			for (const [, a, b] of pairs) {
				if (touched.has(a) || touched.has(b) || !this.canMerge(a, b)) continue;
				const into = this.merge(a, b);
				alias.set(into === a ? b : a, into);
				touched.add(a).add(b);
			}
			if (touched.size === 0) break;
		}
	}

	/**
	 * Faces left outside a person get one more look now that people have formed (a face seen
	 * early may have had nothing to join yet). Cost: leftovers × groups.
	 */
	rescuePass(): void {
		for (let slot = 0; slot < this.faceIds.length; slot++) {
			const g = this.faceGroup[slot];
			if (g >= 0 && this.isPerson(g)) continue;
			const b = this.best(slot, true, this.threshold(slot));
			if (b.g >= 0 && b.s >= this.threshold(slot)) {
				this.leave(slot);
				this.join(slot, b.g);
			}
		}
	}

	// ---- keyed groups: the people service's persons, addressed by person id ----
	private byKey = new Map<string, number>();

	/** Group index for a person id, creating an empty keyed group if needed. */
	keyed(key: string): number {
		let g = this.byKey.get(key);
		if (g === undefined || !this.groups[g].alive) {
			g = this.newGroup(key);
			this.byKey.set(key, g);
		}
		return g;
	}

	/** Gives an unkeyed group a person id (it became a person); returns the group index. */
	setKey(group: number, key: string): void {
		this.groups[group].key = key;
		this.byKey.set(key, group);
	}

	/** Slot of a face id, or undefined. */
	slot(faceId: string): number | undefined {
		return this.slotOf.get(faceId);
	}

	/** Same-photo key of a face. */
	photoOf(faceId: string): string | undefined {
		const slot = this.slotOf.get(faceId);
		return slot === undefined ? undefined : this.facePhoto[slot];
	}

	/** Faces (ids) currently in a group. */
	members(group: number): string[] {
		return this.groups[group]?.members.map((m) => this.faceIds[m]) ?? [];
	}

	/** Face ids of a group sharing a photo with `faceId` (why a move would break the same-photo rule). */
	photoConflicts(faceId: string, key: string): boolean {
		const slot = this.slotOf.get(faceId);
		const g = this.byKey.get(key);
		if (slot === undefined || g === undefined) return false;
		return this.faceGroup[slot] !== g && this.groups[g].photos.has(this.facePhoto[slot]);
	}

	/** Moves a face to a person (or out of any group with null). Caller checks photo conflicts. */
	moveTo(faceId: string, key: string | null): void {
		const slot = this.slotOf.get(faceId);
		if (slot === undefined) return;
		this.leave(slot);
		if (key !== null) this.join(slot, this.keyed(key));
	}

	/** Forgets a face entirely (deleted); its slot stays as a tombstone. */
	remove(faceId: string): void {
		const slot = this.slotOf.get(faceId);
		if (slot === undefined) return;
		this.leave(slot);
		this.slotOf.delete(faceId);
		this.emb.fill(0, slot * this.dim, (slot + 1) * this.dim);
		this.facePhoto[slot] = '';
	}

	/** Deletes a keyed group's identity (its faces must have been moved out first). */
	dropKey(key: string): void {
		const g = this.byKey.get(key);
		if (g === undefined) return;
		for (const m of [...this.groups[g].members]) this.leave(m);
		this.groups[g].alive = false;
		this.byKey.delete(key);
	}

	reject(faceId: string, key: string): void {
		let s = this.rejected.get(faceId);
		if (!s) this.rejected.set(faceId, (s = new Set()));
		s.add(key);
	}

	unreject(faceId: string, key: string): void {
		this.rejected.get(faceId)?.delete(key);
	}

	/** Best persons for a face: average similarity to all their faces, same-photo and rejections respected. */
	suggestFor(faceId: string, k: number): { key: string; score: number }[] {
		const slot = this.slotOf.get(faceId);
		if (slot === undefined) return [];
		const d = this.dim, eo = slot * d;
		const out: { key: string; score: number }[] = [];
		for (const [key, g] of this.byKey) {
			const c = this.counts[g];
			if (!c || this.faceGroup[slot] === g || !this.allowed(slot, g)) continue;
			let dot = 0;
			for (let i = 0, so = g * d; i < d; i++) dot += this.emb[eo + i] * this.sums[so + i];
			out.push({ key, score: dot / c });
		}
		return out.sort((a, b) => b.score - a.score).slice(0, k);
	}

	/**
	 * Likely duplicates of a person: other persons by average similarity over all face pairs
	 * (every face counts, not one lucky pair). People who share a photo are left out.
	 */
	similarPeople(key: string, k: number): { key: string; score: number }[] {
		const a = this.byKey.get(key);
		if (a === undefined || !this.counts[a]) return [];
		const out: { key: string; score: number }[] = [];
		const A = this.groups[a];
		for (const [other, b] of this.byKey) {
			if (b === a || !this.counts[b]) continue;
			const B = this.groups[b];
			let shared = false;
			for (const p of A.photos) if (B.photos.has(p)) { shared = true; break; }
			if (shared) continue;
			out.push({ key: other, score: this.linkage(a, b) });
		}
		return out.sort((x, y) => y.score - x.score).slice(0, k);
	}

	/** Live faces with their stored (unit) embeddings, for a full regroup. */
	*faces(): Generator<FaceForGrouping> {
		for (const [id, slot] of this.slotOf) {
			yield { id, photoId: this.facePhoto[slot], quality: this.faceQuality[slot], embedding: this.emb.subarray(slot * this.dim, (slot + 1) * this.dim) };
		}
	}

	/** Group index of a face (or -1), and whether that group is a person yet. */
	groupOf(faceId: string): { group: number; person: boolean } {
		const slot = this.slotOf.get(faceId);
		const g = slot === undefined ? -1 : this.faceGroup[slot];
		return { group: g, person: g >= 0 && this.isPerson(g) };
	}

	/** Seed key of a group, if it is a user-decided one. */
	keyOf(group: number): string | null {
		return this.groups[group]?.key ?? null;
	}

	/** People (groups that qualify), as face ids, largest first; plus faces in no person. */
	result(): { people: { key: string | null; faceIds: string[] }[]; unassigned: string[] } {
		const people: { key: string | null; faceIds: string[] }[] = [];
		const unassigned: string[] = [];
		for (let g = 0; g < this.groups.length; g++) {
			const grp = this.groups[g];
			if (!grp.alive || grp.members.length === 0) continue;
			const ids = grp.members.map((m) => this.faceIds[m]);
			if (this.isPerson(g)) people.push({ key: grp.key, faceIds: ids });
			else unassigned.push(...ids);
		}
		for (let slot = 0; slot < this.faceIds.length; slot++) if (this.faceGroup[slot] < 0) unassigned.push(this.faceIds[slot]);
		people.sort((a, b) => b.faceIds.length - a.faceIds.length);
		return { people, unassigned };
	}
}

/** Full grouping of a set of faces with optional user decisions; best quality first. */
export function groupWith(
	faces: FaceForGrouping[],
	params: Partial<GroupingParams> = {},
	constraints: GroupingConstraints = {},
	options: { cellMinFaces?: number } = {}
): ReturnType<Grouper['result']> {
	if (faces.length === 0) return { people: [], unassigned: [] };
	const dim = faces[0].embedding.length;
	// A basis needs enough faces to be worth it; it never changes the result, only the speed.
	const basis = faces.length >= 4 * dim ? energyBasis(faces.map((f) => f.embedding), dim) : null;
	const g = new Grouper(dim, params, constraints, basis);
	const order = faces
		.map((f, i) => i)
		.sort((a, b) => faces[b].quality - faces[a].quality || (faces[a].id < faces[b].id ? -1 : 1));
	const slots = new Array<number>(faces.length);
	for (const i of order) slots[i] = g.insert(faces[i]);
	if (faces.length >= (options.cellMinFaces ?? CELL_MIN_FACES)) g.buildCells();
	for (const s of constraints.seeds ?? []) g.seed(s);
	for (const i of order) if (g.groupOf(faces[i].id).group < 0) g.place(slots[i]);
	g.mergePass();
	g.rescuePass();
	return g.result();
}

/** Face ids per person, singletons included (every face appears exactly once). */
export function groupFaces(
	faces: { id: string; photoId: string; embedding: Float32Array; quality: number }[],
	params: Partial<GroupingParams> = {}
): string[][] {
	const r = groupWith(faces, params);
	return [...r.people.map((p) => p.faceIds), ...r.unassigned.map((id) => [id])];
}

// The compute half of People: holds every face embedding and the person groups in typed arrays
// (Grouper) and answers the service's questions. Runs inside the people worker in the app and
// directly in Node tests/benchmarks. Pure: no IndexedDB, no DOM. Relative imports only.
import { CELL_MIN_FACES, energyBasis, Grouper, groupWith, type GroupingParams } from './cluster';

export interface EngineFace {
	id: string;
	/** Same-photo key: mediaId for photos, `mediaId@frameTime` for video frames. */
	photoId: string;
	quality: number;
}

/** Result of grouping work: faces whose person changed (null = unassigned) and people created. */
export interface Changes {
	assigned: [faceId: string, personId: string | null][];
	created: string[];
}

export interface HydrateInput {
	faces: EngineFace[];
	/** faces.length × dim, row i is faces[i]'s embedding. */
	embeddings: Float32Array;
	dim: number;
	/** Current person of each face id (faces not listed are unassigned). */
	assignments: [faceId: string, personId: string][];
	rejections: [faceId: string, personId: string][];
	ignored: string[];
	params?: Partial<GroupingParams>;
}

export interface RegroupInput {
	/** Person id → faces the user decided (pinned) or that belong to a named person. */
	seeds: [personId: string, faceIds: string[]][];
	/** Person ids that exist now, with their faces, so new groups inherit ids (and names). */
	current: [personId: string, faceIds: string[]][];
}

export const photoKey = (mediaId: string, frameTime?: number) => (frameTime === undefined ? mediaId : `${mediaId}@${frameTime}`);

const newId = () => crypto.randomUUID();

export class PeopleEngine {
	private g: Grouper | null = null;
	private dim = 0;
	private params: Partial<GroupingParams> = {};
	private ignored = new Set<string>();
	private rejections: [string, string][] = [];

	private get grouper(): Grouper {
		if (!this.g) throw new Error('people engine not loaded');
		return this.g;
	}

	get loaded(): boolean {
		return this.g !== null;
	}

	/** Rebuilds state from the store: persons as keyed groups, then unassigned faces are placed. */
	hydrate(input: HydrateInput): Changes {
		this.dim = input.dim;
		this.params = input.params ?? {};
		this.ignored = new Set(input.ignored);
		this.rejections = [...input.rejections];
		const rejected = new Map<string, Set<string>>();
		for (const [f, p] of input.rejections) {
			if (!rejected.has(f)) rejected.set(f, new Set());
			rejected.get(f)!.add(p);
		}
		const d = input.dim;
		const n = input.faces.length;
		// Rotating into an energy-ordered basis lets scans skip most groups exactly (see Grouper).
		const basis = d && n >= 4 * d ? energyBasis(Array.from({ length: n }, (_, i) => input.embeddings.subarray(i * d, (i + 1) * d)), d) : null;
		const g = new Grouper(d || 1, this.params, { rejected }, basis);
		this.g = g;
		input.faces.forEach((f, i) => g.insert({ ...f, embedding: input.embeddings.subarray(i * d, (i + 1) * d) }));
		if (n >= CELL_MIN_FACES) g.buildCells();
		const byPerson = new Map<string, string[]>();
		for (const [f, p] of input.assignments) {
			if (!byPerson.has(p)) byPerson.set(p, []);
			byPerson.get(p)!.push(f);
		}
		for (const [key, faceIds] of byPerson) g.seed({ key, faceIds });
		const assigned = new Set(input.assignments.map(([f]) => f));
		const rest = input.faces.filter((f) => !assigned.has(f.id) && !this.ignored.has(f.id)).sort((a, b) => b.quality - a.quality);
		return this.placeAll(rest.map((f) => f.id));
	}

	private placeAll(ids: string[]): Changes {
		const g = this.grouper;
		const changes: Changes = { assigned: [], created: [] };
		for (const id of ids) {
			const slot = g.slot(id);
			if (slot === undefined) continue;
			const group = g.place(slot);
			if (group < 0) continue;
			const { person } = g.groupOf(id);
			if (!person) continue;
			let key = g.keyOf(group);
			if (key === null) {
				// This face made a candidate group a person: every member joins the new person.
				key = newId();
				g.setKey(group, key);
				changes.created.push(key);
				for (const m of g.members(group)) changes.assigned.push([m, key]);
			} else changes.assigned.push([id, key]);
		}
		return changes;
	}

	/** Incremental path: new faces are compared with existing groups only (no regroup). */
	add(faces: EngineFace[], embeddings: Float32Array): Changes {
		if (!this.g) this.hydrate({ faces: [], embeddings: new Float32Array(), dim: embeddings.length / Math.max(1, faces.length), assignments: [], rejections: [], ignored: [] });
		const g = this.grouper;
		const d = g.dim;
		if (faces.length && embeddings.length !== faces.length * d) throw new Error(`expected ${faces.length}×${d} embedding values, got ${embeddings.length}`);
		const fresh: string[] = [];
		faces.forEach((f, i) => {
			if (g.slot(f.id) !== undefined) return;
			g.insert({ ...f, embedding: embeddings.subarray(i * d, (i + 1) * d) });
			fresh.push(f.id);
		});
		const order = faces.filter((f) => fresh.includes(f.id)).sort((a, b) => b.quality - a.quality);
		return this.placeAll(order.map((f) => f.id));
	}

	remove(faceIds: string[]): void {
		if (!this.g) return;
		for (const id of faceIds) {
			this.g.remove(id);
			this.ignored.delete(id);
		}
	}

	/** Faces of `faceIds` that share a photo with another face of person `key` (move would break the rule). */
	conflicts(faceIds: string[], key: string): string[] {
		const g = this.grouper;
		const out = faceIds.filter((f) => g.photoConflicts(f, key));
		// Moving two faces of one photo into the same person is just as wrong.
		const seen = new Set<string>();
		for (const id of faceIds) {
			const photo = g.photoOf(id);
			if (photo === undefined) continue;
			if (seen.has(photo)) out.push(id);
			else seen.add(photo);
		}
		return [...new Set(out)];
	}

	/** Applies user decisions (moves, merges, undo) to the in-memory groups. */
	setAssignments(pairs: [faceId: string, personId: string | null][]): void {
		const g = this.grouper;
		for (const [f, p] of pairs) {
			g.moveTo(f, p);
			if (p === null) continue;
			this.ignored.delete(f);
		}
	}

	setIgnored(faceIds: string[], ignored: boolean): void {
		for (const f of faceIds) {
			if (ignored) {
				this.ignored.add(f);
				this.grouper.moveTo(f, null);
			} else this.ignored.delete(f);
		}
	}

	reject(faceId: string, key: string): void {
		this.grouper.reject(faceId, key);
		this.rejections.push([faceId, key]);
	}

	unreject(faceId: string, key: string): void {
		this.grouper.unreject(faceId, key);
		this.rejections = this.rejections.filter(([f, k]) => f !== faceId || k !== key);
	}

	dropPerson(key: string): void {
		this.grouper.dropKey(key);
	}

	suggestFor(faceId: string, k = 3) {
		return this.g ? this.g.suggestFor(faceId, k) : [];
	}

	similarPeople(key: string, k = 5) {
		return this.g ? this.g.similarPeople(key, k) : [];
	}

	/**
	 * Full regroup from scratch over every face but the ignored ones, seeded with the user's
	 * decisions. New groups inherit the id of the current person they overlap most (so names,
	 * covers and hidden flags survive); returns the complete new assignment.
	 */
	regroup(input: RegroupInput): { assignment: [faceId: string, personId: string][]; created: string[] } {
		const old = this.grouper;
		const faces = [...old.faces()].filter((f) => !this.ignored.has(f.id));
		const rejected = new Map<string, Set<string>>();
		for (const [f, p] of this.rejections) {
			if (!rejected.has(f)) rejected.set(f, new Set());
			rejected.get(f)!.add(p);
		}
		const r = groupWith(faces, this.params, { seeds: input.seeds.map(([key, faceIds]) => ({ key, faceIds })), rejected });

		const oldOf = new Map<string, string>();
		for (const [p, ids] of input.current) for (const f of ids) oldOf.set(f, p);
		const used = new Set(input.seeds.map(([k]) => k));
		// Greedy by overlap: the biggest shared set of faces decides which new group keeps an id.
		const overlaps: [number, number, string][] = [];
		r.people.forEach((p, i) => {
			if (p.key !== null) return;
			const counts = new Map<string, number>();
			for (const f of p.faceIds) {
				const o = oldOf.get(f);
				if (o) counts.set(o, (counts.get(o) ?? 0) + 1);
			}
			for (const [o, c] of counts) overlaps.push([c, i, o]);
		});
		overlaps.sort((a, b) => b[0] - a[0]);
		const keyOf = new Map<number, string>();
		for (const [, i, o] of overlaps) {
			if (keyOf.has(i) || used.has(o)) continue;
			keyOf.set(i, o);
			used.add(o);
		}
		const created: string[] = [];
		const assignment: [string, string][] = [];
		r.people.forEach((p, i) => {
			let key = p.key ?? keyOf.get(i);
			if (!key) created.push((key = newId()));
			// "Not this person" also holds for ids a group inherits.
			for (const f of p.faceIds) if (!rejected.get(f)?.has(key)) assignment.push([f, key]);
		});

		// Rebuild the incremental state to match, so later adds continue from the new grouping.
		const d = this.dim;
		const all = [...old.faces()];
		const allEmb = new Float32Array(all.length * d);
		all.forEach((f, i) => allEmb.set(f.embedding, i * d));
		const extra = this.hydrate({
			faces: all.map((f) => ({ id: f.id, photoId: f.photoId, quality: f.quality })),
			embeddings: allEmb,
			dim: d,
			assignments: assignment,
			rejections: this.rejections,
			ignored: [...this.ignored],
			params: this.params
		});
		// Leftovers may still settle now (rarely): fold them into the answer.
		const final = new Map(assignment);
		for (const [f, p] of extra.assigned) if (p) final.set(f, p);
		created.push(...extra.created);
		return { assignment: [...final], created };
	}
}

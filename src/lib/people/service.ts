// The People service (main thread): keeps the people database in step with the faces database,
// drives the grouping engine (a worker in the app, in-process in Node tests) and offers the
// user's curation operations with undo. Every operation is serialised so incremental grouping
// and user edits never interleave.
//
// face-app calls onFacesAdded/onFacesRemoved after it stores or deletes faces (the contract).
import type { Face } from '../faces/types';
import type { Changes, EngineFace, HydrateInput, PeopleEngine, RegroupInput } from './engine';
import { photoKey } from './engine';
import { dropPeopleDb, peopleDb, rejectionId, type Assignment, type Person } from './store';

export type { Person, Assignment } from './store';

type Promisified<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never };
export type EngineApi = Pick<
	Promisified<PeopleEngine>,
	'hydrate' | 'add' | 'remove' | 'conflicts' | 'setAssignments' | 'setIgnored' | 'reject' | 'unreject' | 'dropPerson' | 'suggestFor' | 'similarPeople' | 'regroup'
>;

/** Where faces come from: the faces repository in the app, a fake in tests. */
export interface FaceSource {
	listAllFaces(): Promise<Face[]>;
	getEmbeddings(ids: Iterable<string>): Promise<Map<string, Float32Array>>;
	getFace(id: string): Promise<Face | null>;
}

interface Deps {
	faces: () => Promise<FaceSource>;
	engine: () => Promise<{ api: EngineApi; terminate(): void }>;
}

const defaultDeps: Deps = {
	// Dynamic import: the faces repository imports this module (to call onFacesAdded).
	faces: async () => {
		const repo = await import('../faces/repo');
		return { listAllFaces: repo.listAllFaces, getEmbeddings: repo.getEmbeddings, getFace: repo.getFace };
	},
	engine: async () => {
		const { wrap, transfer } = await import('comlink');
		const worker = new Worker(new URL('../../workers/people.worker.ts', import.meta.url), { type: 'module' });
		const remote = wrap<PeopleEngine>(worker) as unknown as EngineApi;
		// Embeddings are moved, not copied, into the worker (100,000 × dim floats).
		const api: EngineApi = {
			...bindAll(remote),
			hydrate: (i: HydrateInput) => remote.hydrate(transfer(i, [i.embeddings.buffer as ArrayBuffer])),
			add: (f: EngineFace[], e: Float32Array) => remote.add(f, transfer(e, [e.buffer as ArrayBuffer]))
		};
		return { api, terminate: () => worker.terminate() };
	}
};

function bindAll(remote: EngineApi): EngineApi {
	const names = ['hydrate', 'add', 'remove', 'conflicts', 'setAssignments', 'setIgnored', 'reject', 'unreject', 'dropPerson', 'suggestFor', 'similarPeople', 'regroup'] as const;
	const out = {} as Record<string, unknown>;
	for (const n of names) out[n] = (...a: unknown[]) => (remote[n] as (...x: unknown[]) => unknown)(...a);
	return out as unknown as EngineApi;
}

let deps: Deps = defaultDeps;
let engine: { api: EngineApi; terminate(): void } | null = null;
let loading: Promise<EngineApi> | null = null;

/** Tests (and benchmarks) swap in an in-process engine and a fake face source. */
export function configurePeople(d: Partial<Deps>): void {
	deps = { ...defaultDeps, ...d };
	resetEngine();
}

function resetEngine() {
	engine?.terminate();
	engine = null;
	loading = null;
}

// ---- status and change events ----
export type PeopleStatus = { state: 'idle' } | { state: 'loading'; faces: number } | { state: 'grouping'; faces: number } | { state: 'error'; message: string };
let status: PeopleStatus = { state: 'idle' };
type Listener = (s: PeopleStatus) => void;
const listeners = new Set<Listener>();
let channel: BroadcastChannel | null = null;

function setStatus(s: PeopleStatus, broadcast = false) {
	status = s;
	for (const l of listeners) {
		try {
			l(status);
		} catch (err) {
			console.error('people listener failed', err);
		}
	}
	if (broadcast) getChannel()?.postMessage('changed');
}
function changed() {
	setStatus(status, true);
}
function getChannel() {
	if (channel || typeof BroadcastChannel === 'undefined') return channel;
	channel = new BroadcastChannel('loupe-people');
	// Another tab changed the people: our in-memory engine is stale, reload it on next use.
	channel.onmessage = () => {
		resetEngine();
		setStatus(status);
	};
	(channel as unknown as { unref?: () => void }).unref?.();
	return channel;
}
export function getPeopleStatus(): PeopleStatus {
	return status;
}
/** Calls `cb` whenever people, assignments or the grouping status change. Returns unsubscribe. */
export function onPeopleChange(cb: Listener): () => void {
	getChannel();
	listeners.add(cb);
	return () => listeners.delete(cb);
}

// ---- serialisation ----
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(fn: () => Promise<T>): Promise<T> {
	const run = queue.then(fn, fn);
	queue = run.catch(() => undefined);
	return run;
}

// ---- engine loading (hydrate from the store) ----
const faceKey = (f: Pick<Face, 'mediaId' | 'frameTime'>) => photoKey(f.mediaId, f.frameTime);

function pack(faces: Face[], emb: Map<string, Float32Array>) {
	const usable = faces.filter((f) => emb.has(f.id));
	// One embedding model per library; faces from another model (other length) cannot be compared.
	const lengths = new Map<number, number>();
	for (const f of usable) lengths.set(emb.get(f.id)!.length, (lengths.get(emb.get(f.id)!.length) ?? 0) + 1);
	const dim = [...lengths].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
	const kept = usable.filter((f) => emb.get(f.id)!.length === dim);
	const embeddings = new Float32Array(kept.length * dim);
	kept.forEach((f, i) => embeddings.set(emb.get(f.id)!, i * dim));
	return { kept, dim, embeddings, faces: kept.map((f): EngineFace => ({ id: f.id, photoId: faceKey(f), quality: f.quality })) };
}

async function api(): Promise<EngineApi> {
	if (engine) return engine.api;
	if (!loading) {
		loading = (async () => {
			const src = await deps.faces();
			const all = await src.listAllFaces();
			setStatus({ state: 'loading', faces: all.length });
			const emb = all.length ? await src.getEmbeddings(all.map((f) => f.id)) : new Map<string, Float32Array>();
			const packed = pack(all, emb);
			const db = await peopleDb();
			const [assignments, rejections] = await Promise.all([db.getAll('assignments'), db.getAll('rejections')]);
			const known = new Set(packed.kept.map((f) => f.id));
			// Faces deleted while this tab was away: forget their links.
			const stale = assignments.filter((a) => !known.has(a.faceId)).map((a) => a.faceId);
			const e = await deps.engine();
			const changes = await e.api.hydrate({
				faces: packed.faces,
				embeddings: packed.embeddings,
				dim: packed.dim,
				assignments: assignments.filter((a) => a.personId && known.has(a.faceId)).map((a) => [a.faceId, a.personId!]),
				rejections: rejections.map((r) => [r.faceId, r.personId]),
				ignored: assignments.filter((a) => a.ignored).map((a) => a.faceId)
			});
			engine = e;
			await removeAssignments(stale);
			await ensureRows(packed.kept);
			await applyChanges(changes, new Map(packed.kept.map((f) => [f.id, f])));
			setStatus({ state: 'idle' }, stale.length > 0 || changes.assigned.length > 0);
			return e.api;
		})();
		loading.catch((err) => {
			loading = null;
			setStatus({ state: 'error', message: `People could not load: ${err instanceof Error ? err.message : err}. Reload the page to try again.` });
		});
	}
	return loading;
}

/** Makes sure the engine is loaded (the People page calls this to show progress early). */
export function loadPeople(): Promise<void> {
	return serial(async () => void (await api()));
}

async function ensureRows(faces: Face[]) {
	const db = await peopleDb();
	const tx = db.transaction('assignments', 'readwrite');
	const have = new Set(await tx.store.getAllKeys());
	for (const f of faces) {
		if (have.has(f.id)) continue;
		const row: Assignment = { faceId: f.id, mediaId: f.mediaId, personId: null, pinned: false, ignored: false };
		if (f.frameTime !== undefined) row.frameTime = f.frameTime;
		await tx.store.put(row);
	}
	await tx.done;
}

async function applyChanges(changes: Changes, facesById?: Map<string, Face>) {
	if (!changes.assigned.length && !changes.created.length) return;
	const db = await peopleDb();
	const now = Date.now();
	const tx = db.transaction(['persons', 'assignments'], 'readwrite');
	for (const id of changes.created) await tx.objectStore('persons').put({ id, hidden: false, createdAt: now, updatedAt: now });
	for (const [faceId, personId] of changes.assigned) {
		const prev = await tx.objectStore('assignments').get(faceId);
		const f = facesById?.get(faceId);
		const row: Assignment = prev ?? { faceId, mediaId: f?.mediaId ?? '', personId: null, pinned: false, ignored: false };
		if (f?.frameTime !== undefined) row.frameTime = f.frameTime;
		await tx.objectStore('assignments').put({ ...row, personId });
	}
	await tx.done;
}

async function removeAssignments(faceIds: string[]) {
	if (!faceIds.length) return;
	const db = await peopleDb();
	const tx = db.transaction(['assignments', 'rejections', 'persons'], 'readwrite');
	const touched = new Set<string>();
	for (const id of faceIds) {
		const a = await tx.objectStore('assignments').get(id);
		if (a?.personId) touched.add(a.personId);
		await tx.objectStore('assignments').delete(id);
		for (const k of await tx.objectStore('rejections').index('by-face').getAllKeys(id)) await tx.objectStore('rejections').delete(k);
	}
	// A person whose last face went is gone too (its name was about faces that no longer exist).
	for (const p of touched) {
		if ((await tx.objectStore('assignments').index('by-person').count(p)) === 0) await tx.objectStore('persons').delete(p);
		else {
			const person = await tx.objectStore('persons').get(p);
			if (person?.coverFaceId && faceIds.includes(person.coverFaceId)) {
				delete person.coverFaceId;
				await tx.objectStore('persons').put(person);
			}
		}
	}
	await tx.done;
}

// ---- the contract with face analysis ----
/** New faces were stored: group them against the existing people (no full regroup). */
export function onFacesAdded(faceIds: string[]): Promise<void> {
	if (!faceIds.length) return Promise.resolve();
	return serial(async () => {
		const wasLoaded = engine !== null;
		const e = await api();
		// A fresh load already saw these faces.
		if (!wasLoaded) return;
		const src = await deps.faces();
		const faces = (await Promise.all(faceIds.map((id) => src.getFace(id)))).filter((f): f is Face => !!f);
		const emb = await src.getEmbeddings(faces.map((f) => f.id));
		const packed = pack(faces, emb);
		await ensureRows(packed.kept);
		const changes = await e.add(packed.faces, packed.embeddings);
		await applyChanges(changes, new Map(packed.kept.map((f) => [f.id, f])));
		changed();
	});
}

/** Faces were deleted: forget their links (and people left without faces). */
export function onFacesRemoved(faceIds: string[]): Promise<void> {
	if (!faceIds.length) return Promise.resolve();
	return serial(async () => {
		const db = await peopleDb();
		const remaining = await db.count('assignments');
		const known = (await Promise.all(faceIds.map((id) => db.getKey('assignments', id)))).filter(Boolean).length;
		if (known > 0 && known >= remaining) {
			// Every face is gone (face features turned off): nothing of People may remain.
			await wipe();
			return;
		}
		await engine?.api.remove(faceIds);
		await removeAssignments(faceIds);
		changed();
	});
}

async function wipe() {
	resetEngine();
	undoStack.length = 0;
	await dropPeopleDb();
	// Face thumbnails cached in memory are biometric too.
	if (typeof document !== 'undefined') await import('./crops').then((m) => m.clearFaceCrops()).catch(() => undefined);
	setStatus({ state: 'idle' }, true);
}

/** Deletes every person, link and decision on this device (turning face features off). */
export function deleteAllPeopleData(): Promise<void> {
	return serial(wipe);
}

// ---- reads ----
export interface PersonSummary extends Person {
	faceCount: number;
	mediaCount: number;
	/** The cover face (or the best face) to draw on the card. */
	cover: Face | null;
}

async function people(): Promise<{ persons: Person[]; assignments: Assignment[] }> {
	const db = await peopleDb();
	const [persons, assignments] = await Promise.all([db.getAll('persons'), db.getAll('assignments')]);
	return { persons, assignments };
}

/** People sorted by how many photos/videos they are in (then faces, then name). */
export function listPeople(opts: { includeHidden?: boolean } = {}): Promise<PersonSummary[]> {
	return serial(async () => {
		await api();
		const { persons, assignments } = await people();
		const src = await deps.faces();
		const byPerson = new Map<string, Assignment[]>();
		for (const a of assignments) if (a.personId) (byPerson.get(a.personId) ?? byPerson.set(a.personId, []).get(a.personId)!).push(a);
		const out: PersonSummary[] = [];
		for (const p of persons) {
			if (p.hidden && !opts.includeHidden) continue;
			const list = byPerson.get(p.id) ?? [];
			if (!list.length) continue;
			const coverId = p.coverFaceId && list.some((a) => a.faceId === p.coverFaceId) ? p.coverFaceId : list[0].faceId;
			out.push({ ...p, faceCount: list.length, mediaCount: new Set(list.map((a) => a.mediaId)).size, cover: await src.getFace(coverId) });
		}
		// Default cover: the best-quality face among a few, fetched lazily above for the chosen id only.
		return out.sort((a, b) => b.mediaCount - a.mediaCount || b.faceCount - a.faceCount || (a.name ?? '~').localeCompare(b.name ?? '~'));
	});
}

export interface PersonFace extends Face {
	pinned: boolean;
}

export interface PersonDetail {
	person: Person;
	faces: PersonFace[];
}

/** A person with every face (photo faces and video frames, in media then time order). Follows merges. */
export function getPerson(id: string): Promise<PersonDetail | null> {
	return serial(async () => {
		await api();
		const db = await peopleDb();
		let pid = id;
		for (let i = 0; i < 20; i++) {
			const m = await db.get('merges', pid);
			if (!m) break;
			pid = m.into;
		}
		const person = await db.get('persons', pid);
		if (!person) return null;
		const rows = await db.getAllFromIndex('assignments', 'by-person', pid);
		const src = await deps.faces();
		const faces: PersonFace[] = [];
		for (const r of rows) {
			const f = await src.getFace(r.faceId);
			if (f) faces.push({ ...f, pinned: r.pinned });
		}
		faces.sort((a, b) => (a.mediaId < b.mediaId ? -1 : a.mediaId > b.mediaId ? 1 : (a.frameTime ?? 0) - (b.frameTime ?? 0)));
		return { person, faces };
	});
}

/** How many faces are in no person and not ignored. */
export async function countUnassigned(): Promise<number> {
	const db = await peopleDb();
	let n = 0;
	for (const a of await db.getAll('assignments')) if (!a.personId && !a.ignored) n++;
	return n;
}

export interface UnassignedFace extends Face {
	suggestions: { person: Person; score: number }[];
}

/** Faces in no person and not ignored, best quality first, each with up to 3 suggested people. */
export function listUnassigned(limit = 200): Promise<UnassignedFace[]> {
	return serial(async () => {
		const e = await api();
		const { persons, assignments } = await people();
		const byId = new Map(persons.map((p) => [p.id, p]));
		const src = await deps.faces();
		const faces: Face[] = [];
		for (const a of assignments) {
			if (a.personId || a.ignored) continue;
			const f = await src.getFace(a.faceId);
			if (f) faces.push(f);
		}
		faces.sort((a, b) => b.quality - a.quality);
		const out: UnassignedFace[] = [];
		for (const f of faces.slice(0, limit)) {
			const s = await e.suggestFor(f.id, 3);
			out.push({ ...f, suggestions: s.filter((x) => byId.has(x.key)).map((x) => ({ person: byId.get(x.key)!, score: x.score })) });
		}
		return out;
	});
}

/** Likely duplicates of a person (average similarity over all their faces), best first. */
export function mergeSuggestions(personId: string, k = 5): Promise<{ person: Person; score: number }[]> {
	return serial(async () => {
		const e = await api();
		const db = await peopleDb();
		const out: { person: Person; score: number }[] = [];
		for (const s of await e.similarPeople(personId, k)) {
			const p = await db.get('persons', s.key);
			if (p) out.push({ person: p, score: s.score });
		}
		return out;
	});
}

/** Media ids in which every one of the given people appears ("photos with both A and B"). */
export async function mediaWithPeople(personIds: string[]): Promise<Set<string>> {
	const db = await peopleDb();
	let result: Set<string> | null = null;
	for (const id of personIds) {
		const rows = await db.getAllFromIndex('assignments', 'by-person', id);
		const media = new Set<string>(rows.map((r) => r.mediaId));
		const prev: Set<string> | null = result;
		result = prev === null ? media : new Set<string>(Array.from(prev as Set<string>).filter((m: string) => media.has(m)));
		if (result.size === 0) break;
	}
	return result ?? new Set<string>();
}

/** The person each face of a media item belongs to (for panels and labels). */
export async function peopleForMedia(mediaId: string): Promise<Map<string, Person>> {
	const db = await peopleDb();
	const rows = await db.getAllFromIndex('assignments', 'by-media', mediaId);
	const out = new Map<string, Person>();
	for (const r of rows) {
		if (!r.personId) continue;
		const p = await db.get('persons', r.personId);
		if (p) out.set(r.faceId, p);
	}
	return out;
}

// ---- curation with undo ----
interface Snapshot {
	assignments: Map<string, Assignment | undefined>;
	persons: Map<string, Person | undefined>;
	rejections: string[]; // rejection ids added by the operation
	merges: string[]; // merge records added
}
interface UndoEntry {
	label: string;
	snap: Snapshot;
}
const undoStack: UndoEntry[] = [];
const UNDO_LIMIT = 50;

async function snapshot(faceIds: Iterable<string>, personIds: Iterable<string>): Promise<Snapshot> {
	const db = await peopleDb();
	const snap: Snapshot = { assignments: new Map(), persons: new Map(), rejections: [], merges: [] };
	for (const f of faceIds) snap.assignments.set(f, await db.get('assignments', f));
	for (const p of personIds) snap.persons.set(p, await db.get('persons', p));
	return snap;
}

function pushUndo(label: string, snap: Snapshot) {
	undoStack.push({ label, snap });
	if (undoStack.length > UNDO_LIMIT) undoStack.shift();
}

/** Label of the operation `undo()` would revert, or null. */
export function undoLabel(): string | null {
	return undoStack.at(-1)?.label ?? null;
}

/** Reverts the last merge/split/move/remove/assign/ignore/hide/rename. */
export function undo(): Promise<string | null> {
	return serial(async () => {
		const entry = undoStack.pop();
		if (!entry) return null;
		const e = await api();
		const db = await peopleDb();
		const { snap } = entry;
		const tx = db.transaction(['persons', 'assignments', 'rejections', 'merges'], 'readwrite');
		for (const [id, p] of snap.persons) await (p ? tx.objectStore('persons').put(p) : tx.objectStore('persons').delete(id));
		for (const [id, a] of snap.assignments) await (a ? tx.objectStore('assignments').put(a) : tx.objectStore('assignments').delete(id));
		for (const r of snap.rejections) await tx.objectStore('rejections').delete(r);
		for (const m of snap.merges) await tx.objectStore('merges').delete(m);
		await tx.done;
		for (const r of snap.rejections) {
			const [f, p] = r.split('|');
			await e.unreject(f, p);
		}
		await e.setIgnored([...snap.assignments].filter(([, a]) => a && !a.ignored).map(([f]) => f), false);
		await e.setAssignments([...snap.assignments].map(([f, a]) => [f, a?.personId ?? null]));
		await e.setIgnored([...snap.assignments].filter(([, a]) => a?.ignored).map(([f]) => f), true);
		for (const [id, p] of snap.persons) if (!p) await e.dropPerson(id);
		changed();
		return entry.label;
	});
}

export class PeopleError extends Error {}

async function requirePerson(id: string): Promise<Person> {
	const p = await (await peopleDb()).get('persons', id);
	if (!p) throw new PeopleError('That person no longer exists. Reload the People page.');
	return p;
}

async function touch(p: Person, patch: Partial<Person>) {
	await (await peopleDb()).put('persons', { ...p, ...patch, updatedAt: Date.now() });
}

export function renamePerson(id: string, name: string): Promise<void> {
	return serial(async () => {
		const p = await requirePerson(id);
		const clean = name.trim().slice(0, 120);
		pushUndo(clean ? `Rename to “${clean}”` : 'Remove name', await snapshot([], [id]));
		const next: Person = { ...p, updatedAt: Date.now() };
		if (clean) next.name = clean;
		else delete next.name;
		await (await peopleDb()).put('persons', next);
		changed();
	});
}

export function setHidden(id: string, hidden: boolean): Promise<void> {
	return serial(async () => {
		const p = await requirePerson(id);
		pushUndo(hidden ? 'Hide person' : 'Show person', await snapshot([], [id]));
		await touch(p, { hidden });
		changed();
	});
}

export function setCover(personId: string, faceId: string): Promise<void> {
	return serial(async () => {
		const p = await requirePerson(personId);
		const a = await (await peopleDb()).get('assignments', faceId);
		if (a?.personId !== personId) throw new PeopleError('That face is not in this person.');
		pushUndo('Change cover', await snapshot([], [personId]));
		await touch(p, { coverFaceId: faceId });
		changed();
	});
}

function conflictError(n: number) {
	return new PeopleError(
		n === 1
			? 'One of these faces is in the same photo (or video frame) as a face already in that person, and one photo cannot show the same person twice. Remove the wrong face first.'
			: `${n} of these faces are in the same photo (or video frame) as faces already in that person, and one photo cannot show the same person twice. Remove the wrong faces first.`
	);
}

/**
 * Moves faces to another person (or a new one): used by split, "move to" and assigning
 * unassigned faces. Moved faces are pinned there and remembered as "not" their old person.
 * Returns the target person id.
 */
export function moveFaces(faceIds: string[], target: string | 'new', label = 'Move faces'): Promise<string> {
	return serial(async () => {
		if (!faceIds.length) throw new PeopleError('Select at least one face.');
		const e = await api();
		const db = await peopleDb();
		const now = Date.now();
		const targetId = target === 'new' ? crypto.randomUUID() : target;
		if (target !== 'new') await requirePerson(target);
		const conflicts = await e.conflicts(faceIds, targetId);
		if (conflicts.length) throw conflictError(conflicts.length);
		const before = await snapshot(faceIds, [targetId]);
		const tx = db.transaction(['persons', 'assignments', 'rejections'], 'readwrite');
		if (target === 'new') await tx.objectStore('persons').put({ id: targetId, hidden: false, createdAt: now, updatedAt: now });
		const rejections: [string, string][] = [];
		for (const f of faceIds) {
			const a = await tx.objectStore('assignments').get(f);
			if (!a) throw new PeopleError('A selected face was deleted meanwhile. Reload and try again.');
			if (a.personId && a.personId !== targetId) {
				const r = { id: rejectionId(f, a.personId), faceId: f, personId: a.personId, at: now };
				if (!(await tx.objectStore('rejections').get(r.id))) {
					await tx.objectStore('rejections').put(r);
					before.rejections.push(r.id);
					rejections.push([f, a.personId]);
				}
			}
			// Moving a face back to a person the user once rejected it from lifts that rejection.
			const back = rejectionId(f, targetId);
			const old = await tx.objectStore('rejections').get(back);
			if (old) await tx.objectStore('rejections').delete(back);
			await tx.objectStore('assignments').put({ ...a, personId: targetId, pinned: true, ignored: false });
		}
		await tx.done;
		const oldPeople = new Set([...before.assignments.values()].map((a) => a?.personId).filter((p): p is string => !!p && p !== targetId));
		for (const p of oldPeople) before.persons.set(p, await db.get('persons', p));
		pushUndo(label, before);
		for (const [f, p] of rejections) await e.reject(f, p);
		for (const f of faceIds) await e.unreject(f, targetId);
		await e.setAssignments(faceIds.map((f) => [f, targetId]));
		await dropEmpty([...oldPeople]);
		changed();
		return targetId;
	});
}

async function dropEmpty(personIds: string[]) {
	const db = await peopleDb();
	for (const p of personIds) {
		if ((await db.countFromIndex('assignments', 'by-person', p)) > 0) {
			// Keep the cover valid.
			const person = await db.get('persons', p);
			if (person?.coverFaceId && (await db.get('assignments', person.coverFaceId))?.personId !== p) {
				delete person.coverFaceId;
				await db.put('persons', person);
			}
			continue;
		}
		await db.delete('persons', p);
		await engine?.api.dropPerson(p);
	}
}

/** Split: selected faces become a new person (or join `target`). */
export function splitPerson(faceIds: string[], target: string | 'new' = 'new'): Promise<string> {
	return moveFaces(faceIds, target, target === 'new' ? 'Split into new person' : 'Move to person');
}

/** Assign unassigned faces (from the review list) to a person or a new one. */
export function assignFaces(faceIds: string[], target: string | 'new'): Promise<string> {
	return moveFaces(faceIds, target, 'Assign faces');
}

/**
 * Merges `fromIds` into `intoId`: every face moves (pinned), the merged people's ids redirect.
 * Refused when they share a photo (two faces of one photo are never one person).
 */
export function mergePeople(fromIds: string[], intoId: string): Promise<void> {
	return serial(async () => {
		const e = await api();
		const db = await peopleDb();
		const into = await requirePerson(intoId);
		const sources = fromIds.filter((f) => f !== intoId);
		for (const f of sources) await requirePerson(f);
		const faceIds: string[] = [];
		for (const f of sources) faceIds.push(...((await db.getAllKeysFromIndex('assignments', 'by-person', f)) as string[]));
		if ((await e.conflicts(faceIds, intoId)).length)
			throw new PeopleError('These people appear together in at least one photo, so they cannot be the same person. Open them to remove the wrong face first.');
		const intoFaces = (await db.getAllKeysFromIndex('assignments', 'by-person', intoId)) as string[];
		const snap = await snapshot([...faceIds, ...intoFaces], [intoId, ...sources]);
		const now = Date.now();
		const tx = db.transaction(['persons', 'assignments', 'merges'], 'readwrite');
		// Both sides were confirmed by the user as one person: pin every face.
		for (const f of [...faceIds, ...intoFaces]) {
			const a = (await tx.objectStore('assignments').get(f))!;
			await tx.objectStore('assignments').put({ ...a, personId: intoId, pinned: true });
		}
		let name = into.name;
		for (const f of sources) {
			const p = await tx.objectStore('persons').get(f);
			name ??= p?.name;
			await tx.objectStore('persons').delete(f);
			await tx.objectStore('merges').put({ from: f, into: intoId, at: now });
			snap.merges.push(f);
		}
		const merged: Person = { ...into, updatedAt: now };
		if (name) merged.name = name;
		await tx.objectStore('persons').put(merged);
		await tx.done;
		pushUndo(sources.length === 1 ? 'Merge people' : `Merge ${sources.length + 1} people`, snap);
		await e.setAssignments(faceIds.map((f) => [f, intoId]));
		for (const f of sources) await e.dropPerson(f);
		changed();
	});
}

/** "Not this person": the faces leave the person and can never be grouped into it again. */
export function notThisPerson(faceIds: string[], personId: string): Promise<void> {
	return serial(async () => {
		const e = await api();
		const db = await peopleDb();
		const snap = await snapshot(faceIds, [personId]);
		const now = Date.now();
		const tx = db.transaction(['assignments', 'rejections'], 'readwrite');
		for (const f of faceIds) {
			const a = await tx.objectStore('assignments').get(f);
			if (!a || a.personId !== personId) continue;
			const r = { id: rejectionId(f, personId), faceId: f, personId, at: now };
			await tx.objectStore('rejections').put(r);
			snap.rejections.push(r.id);
			await tx.objectStore('assignments').put({ ...a, personId: null, pinned: false });
		}
		await tx.done;
		pushUndo(faceIds.length === 1 ? 'Remove face from person' : `Remove ${faceIds.length} faces from person`, snap);
		for (const f of faceIds) await e.reject(f, personId);
		await e.setAssignments(faceIds.map((f) => [f, null]));
		await dropEmpty([personId]);
		changed();
	});
}

/** Ignore faces (strangers, posters): never grouped or suggested again until un-ignored. */
export function ignoreFaces(faceIds: string[], ignored = true): Promise<void> {
	return serial(async () => {
		const e = await api();
		const db = await peopleDb();
		const snap = await snapshot(faceIds, []);
		const people = new Set<string>();
		const tx = db.transaction('assignments', 'readwrite');
		for (const f of faceIds) {
			const a = await tx.store.get(f);
			if (!a) continue;
			if (a.personId) people.add(a.personId);
			await tx.store.put({ ...a, ignored, personId: ignored ? null : a.personId, pinned: ignored ? false : a.pinned });
		}
		await tx.done;
		for (const p of people) snap.persons.set(p, await db.get('persons', p));
		pushUndo(ignored ? (faceIds.length === 1 ? 'Ignore face' : `Ignore ${faceIds.length} faces`) : 'Stop ignoring', snap);
		await e.setIgnored(faceIds, ignored);
		await dropEmpty([...people]);
		changed();
	});
}

/**
 * Regroups every face from scratch. Kept: names, covers, hidden flags (by overlap), every pinned
 * face (moves, merges, assignments), all faces of named people, "not this person" and ignored.
 */
export function regroupAll(): Promise<{ people: number; unassigned: number }> {
	return serial(async () => {
		const e = await api();
		const db = await peopleDb();
		const [persons, assignments] = await Promise.all([db.getAll('persons'), db.getAll('assignments')]);
		setStatus({ state: 'grouping', faces: assignments.length });
		try {
			const named = new Set(persons.filter((p) => p.name).map((p) => p.id));
			const seeds = new Map<string, string[]>();
			const current = new Map<string, string[]>();
			for (const a of assignments) {
				if (!a.personId) continue;
				(current.get(a.personId) ?? current.set(a.personId, []).get(a.personId)!).push(a.faceId);
				if (a.pinned || named.has(a.personId)) (seeds.get(a.personId) ?? seeds.set(a.personId, []).get(a.personId)!).push(a.faceId);
			}
			const input: RegroupInput = { seeds: [...seeds], current: [...current] };
			const r = await e.regroup(input);
			const next = new Map(r.assignment);
			const now = Date.now();
			const tx = db.transaction(['persons', 'assignments'], 'readwrite');
			for (const a of assignments) {
				const p = next.get(a.faceId) ?? null;
				if (p !== a.personId) await tx.objectStore('assignments').put({ ...a, personId: p });
			}
			const live = new Set(next.values());
			for (const id of r.created) if (live.has(id)) await tx.objectStore('persons').put({ id, hidden: false, createdAt: now, updatedAt: now });
			for (const p of persons) if (!live.has(p.id)) await tx.objectStore('persons').delete(p.id);
			await tx.done;
			// Undo history refers to the old grouping.
			undoStack.length = 0;
			return { people: live.size, unassigned: assignments.filter((a) => !next.has(a.faceId)).length };
		} finally {
			setStatus({ state: 'idle' }, true);
		}
	});
}

/** Stops a long load/regroup by discarding the worker; the next use reloads from the store. */
export function cancelGrouping(): void {
	resetEngine();
	queue = Promise.resolve();
	setStatus({ state: 'idle' });
}

// The page side of importing: a queue of files fed one at a time to the library worker, with
// progress, cancel and a per-file report. Module state, so an import keeps going (and its panel
// stays visible) while the user moves between pages.
import * as Comlink from 'comlink';
import type { LibraryWorkerApi } from '../../workers/library.worker';
import type { ImportOutcome, ImportProgress } from './import/process';
import { IMPORT_LOCK } from './repo';

export interface ImportReport {
	imported: number;
	duplicates: { name: string; existingName: string }[];
	failures: { name: string; reason: string }[];
	cancelled: number;
}

export const importState = $state({
	running: false,
	total: 0,
	done: 0,
	current: null as null | { name: string; size: number; progress: ImportProgress },
	report: null as ImportReport | null
});

let worker: Comlink.Remote<LibraryWorkerApi> | null = null;
function getWorker() {
	if (!worker) {
		const w = new Worker(new URL('../../workers/library.worker.ts', import.meta.url), { type: 'module', name: 'loupe-library' });
		worker = Comlink.wrap<LibraryWorkerApi>(w);
	}
	return worker;
}

let queue: File[] = [];
let jobId = 0;
let cancelled = false;
const finishedListeners = new Set<(r: ImportReport) => void>();

/** Called when an import run ends (all files processed or cancelled). */
export function onImportFinished(cb: (r: ImportReport) => void): () => void {
	finishedListeners.add(cb);
	return () => finishedListeners.delete(cb);
}

/** Adds files to the import queue (starting it if idle). */
export function importFiles(files: File[]): Promise<void> | undefined {
	if (!files.length) return;
	queue.push(...files);
	importState.total += files.length;
	if (importState.running) return;
	importState.running = true;
	cancelled = false;
	importState.report = { imported: 0, duplicates: [], failures: [], cancelled: 0 };
	const run = () => drain();
	// Held (shared) while importing so another tab's start-up cleanup leaves our in-flight blobs alone.
	return navigator.locks ? navigator.locks.request(IMPORT_LOCK, { mode: 'shared' }, run).then(() => {}) : run();
}

async function drain(): Promise<void> {
	const report = importState.report!;
	const api = getWorker();
	try {
		while (queue.length && !cancelled) {
			const file = queue.shift()!;
			const id = ++jobId;
			importState.current = { name: file.name, size: file.size, progress: { phase: 'checking', fraction: 0 } };
			let outcome: ImportOutcome | 'cancelled';
			try {
				outcome = await api.importFile(
					id,
					file,
					Comlink.proxy((p: ImportProgress) => {
						if (importState.current) importState.current.progress = p;
					})
				);
			} catch (e) {
				outcome = { status: 'failed', name: file.name, reason: `the import worker failed: ${(e as Error).message}` };
			}
			importState.done++;
			if (outcome === 'cancelled') report.cancelled++;
			else if (outcome.status === 'imported') report.imported++;
			else if (outcome.status === 'duplicate') report.duplicates.push({ name: outcome.name, existingName: outcome.existingName });
			else report.failures.push({ name: outcome.name, reason: outcome.reason });
		}
	} finally {
		report.cancelled += queue.length;
		queue = [];
		importState.running = false;
		importState.current = null;
		importState.total = 0;
		importState.done = 0;
		for (const cb of finishedListeners) cb(report);
	}
}

/** Stops the import: the file in progress is abandoned (nothing of it is kept), the rest skipped. */
export function cancelImport(): void {
	cancelled = true;
	void getWorker().cancel(jobId);
}

export function clearReport(): void {
	importState.report = null;
}

// ---------------------------------------------------------------- collecting files

type Entry = FileSystemEntry;

function readEntries(dir: FileSystemDirectoryEntry): Promise<Entry[]> {
	const reader = dir.createReader();
	const all: Entry[] = [];
	return new Promise((ok, fail) => {
		const more = () =>
			reader.readEntries((batch) => {
				// readEntries returns at most 100 at a time; an empty batch means done.
				if (!batch.length) return ok(all);
				all.push(...batch);
				more();
			}, fail);
		more();
	});
}

async function walkEntry(e: Entry, out: File[]): Promise<void> {
	if (e.isFile) {
		out.push(await new Promise<File>((ok, fail) => (e as FileSystemFileEntry).file(ok, fail)));
	} else if (e.isDirectory) {
		for (const child of await readEntries(e as FileSystemDirectoryEntry)) await walkEntry(child, out);
	}
}

const isHidden = (f: File) => f.name.startsWith('.') || f.name === 'Thumbs.db' || f.name === 'desktop.ini';

/** Files from a drop, including whole folders (recursively). Call synchronously in the drop handler. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<File[]> {
	// Entries must be taken before the first await: the DataTransfer empties after the event.
	const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is Entry => !!e);
	const plain = [...dt.files];
	if (!entries.some((e) => e.isDirectory)) return plain;
	const out: File[] = [];
	for (const e of entries) await walkEntry(e, out);
	return out.filter((f) => !isHidden(f));
}

/** Files of a folder chosen with showDirectoryPicker (recursively). */
export async function filesFromDirectoryHandle(dir: FileSystemDirectoryHandle): Promise<File[]> {
	const out: File[] = [];
	for await (const h of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
		if (h.kind === 'file') out.push(await (h as FileSystemFileHandle).getFile());
		else out.push(...(await filesFromDirectoryHandle(h as FileSystemDirectoryHandle)));
	}
	return out.filter((f) => !isHidden(f));
}

export { isHidden };

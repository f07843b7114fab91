// Library import worker: hashing, decoding, thumbnails and blob writes off the main thread.
import * as Comlink from 'comlink';
import { importFile, type ImportOutcome, type ImportProgress } from '../lib/library/import/process';

const jobs = new Map<number, AbortController>();

const api = {
	async importFile(jobId: number, file: File, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome | 'cancelled'> {
		const ac = new AbortController();
		jobs.set(jobId, ac);
		try {
			return await importFile(file, onProgress, ac.signal);
		} catch (e) {
			if (ac.signal.aborted) return 'cancelled';
			throw e;
		} finally {
			jobs.delete(jobId);
		}
	},
	cancel(jobId: number): void {
		jobs.get(jobId)?.abort();
	}
};

export type LibraryWorkerApi = typeof api;
Comlink.expose(api);

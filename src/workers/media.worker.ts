// Media worker entry: the WebCodecs engine (mediabunny) exposed with comlink. The logic lives in
// src/lib/media/; this file only wires it and tracks running jobs so they can be canceled.
import * as Comlink from 'comlink';
import { capabilities, detectShots, exportWebcodecs, measureLoudness, probe, still, thumbnails, waveform } from '../lib/media/webcodecs';
import { removeExportFile, storageFree, sweepOldExports } from '../lib/media/opfsExports';
import type { ExportJob, TimeRange } from '../lib/media/types';

const running = new Map<string, () => Promise<void>>();
const canceled = new Set<string>();
void sweepOldExports();

const api = {
	capabilities,
	probe,
	thumbnails,
	still,
	waveform,
	storageFree,
	removeExport: removeExportFile,
	detectShots(blob: Blob, onProgress?: (p: number) => void) {
		return detectShots(blob, onProgress);
	},
	measureLoudness(id: string, blob: Blob, ranges: TimeRange[]) {
		const ctl = new AbortController();
		running.set(id, async () => ctl.abort());
		return measureLoudness(blob, ranges, ctl.signal).finally(() => running.delete(id));
	},
	async exportWebcodecs(id: string, blob: Blob, job: ExportJob, outName: string, gainDb: number, onProgress: (p: number) => void): Promise<File> {
		canceled.delete(id);
		try {
			return await exportWebcodecs(blob, job, {
				outName,
				gainDb,
				onProgress,
				register: (cancel) => {
					running.set(id, cancel);
					if (canceled.has(id)) void cancel();
				}
			});
		} finally {
			running.delete(id);
			canceled.delete(id);
		}
	},
	async cancel(id: string): Promise<void> {
		canceled.add(id);
		await running.get(id)?.();
	}
};

export type MediaWorkerApi = typeof api;
Comlink.expose(api);

// Storage quota: what the browser grants this origin, and the import size rule derived from it.

/**
 * Largest single file Loupe accepts. 2 GiB is the most a 32-bit WASM module (ffmpeg.wasm,
 * onnxruntime-web) can address, so larger files could be stored but never edited or analysed;
 * we say so up front instead of failing later.
 */
export const MAX_FILE_BYTES = 2 * 1024 ** 3;

/** Room kept free so thumbnails, databases and other features' data still fit after an import. */
export const QUOTA_HEADROOM = 0.05;

export interface StorageInfo {
	usage: number;
	quota: number;
}

export async function storageEstimate(): Promise<StorageInfo | null> {
	const s = (globalThis as { navigator?: Navigator }).navigator?.storage;
	if (!s?.estimate) return null;
	const { usage = 0, quota = 0 } = await s.estimate();
	return { usage, quota };
}

/**
 * Why a file of `size` bytes cannot be imported, or null if it can. `info` is the current
 * estimate (null when the browser gives none: then only the fixed cap applies).
 */
export function sizeProblem(size: number, info: StorageInfo | null, pendingBytes = 0): string | null {
	const gb = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GB`;
	const mb = (n: number) => (n >= 1024 ** 3 ? gb(n) : `${Math.max(1, Math.round(n / 1024 ** 2))} MB`);
	if (size === 0) return 'the file is empty (0 bytes)';
	if (size > MAX_FILE_BYTES)
		return `it is ${gb(size)}, over Loupe's ${gb(MAX_FILE_BYTES)} per-file limit (larger files cannot be edited or analysed in the browser). Trim or compress it first.`;
	if (info && info.quota > 0) {
		const free = info.quota * (1 - QUOTA_HEADROOM) - info.usage - pendingBytes;
		if (size > free)
			return `not enough storage: it needs ${mb(size)} but only ${mb(Math.max(0, free))} is free for Loupe. Delete items you no longer need, or free disk space.`;
	}
	return null;
}

/** Asks the browser not to evict Loupe's data under storage pressure. */
export async function requestPersistence(): Promise<boolean> {
	const s = (globalThis as { navigator?: Navigator }).navigator?.storage;
	if (!s?.persist) return false;
	if (await s.persisted?.()) return true;
	return s.persist();
}

export async function isPersisted(): Promise<boolean> {
	return (await (globalThis as { navigator?: Navigator }).navigator?.storage?.persisted?.()) ?? false;
}

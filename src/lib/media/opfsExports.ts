// Export outputs are written straight to the origin-private file system, so a long export never
// has to fit in memory; the finished File is handed to the page for download. Worker-side only.

const DIR = 'loupe-media-exports';
const MAX_AGE_MS = 24 * 3600 * 1000;

async function dir(): Promise<FileSystemDirectoryHandle> {
	const root = await navigator.storage.getDirectory();
	return root.getDirectoryHandle(DIR, { create: true });
}

export async function createExportFile(name: string): Promise<{ handle: FileSystemFileHandle; writable: FileSystemWritableFileStream }> {
	const d = await dir();
	const handle = await d.getFileHandle(name, { create: true });
	const writable = await handle.createWritable({ keepExistingData: false });
	return { handle, writable };
}

export async function removeExportFile(name: string): Promise<void> {
	try {
		await (await dir()).removeEntry(name);
	} catch {
		/* already gone */
	}
}

/** Drops leftovers from earlier sessions (exports are for downloading, not a second library). */
export async function sweepOldExports(now = Date.now()): Promise<void> {
	try {
		const d = await dir();
		for await (const [name, h] of (d as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
			if (h.kind !== 'file') continue;
			const f = await (h as FileSystemFileHandle).getFile();
			if (now - f.lastModified > MAX_AGE_MS) await d.removeEntry(name);
		}
	} catch {
		/* OPFS unavailable: nothing to sweep */
	}
}

export async function storageFree(): Promise<number | null> {
	try {
		const e = await navigator.storage.estimate();
		return e.quota !== undefined && e.usage !== undefined ? e.quota - e.usage : null;
	} catch {
		return null;
	}
}

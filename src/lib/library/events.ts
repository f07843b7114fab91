// Library change notifications: same-tab listeners directly, other tabs and workers through a
// BroadcastChannel (a channel never receives its own posts, so nothing is delivered twice).
export type LibraryChange =
	/** added: imported; updated: renamed/moved; deleted: soft-deleted (undo window); restored: undone; purged: gone for good. */
	| { kind: 'media'; op: 'added' | 'updated' | 'deleted' | 'restored' | 'purged'; ids: string[] }
	| { kind: 'project'; op: 'added' | 'updated' | 'deleted'; ids: string[] };

export const CHANNEL = 'loupe-library';

const listeners = new Set<(c: LibraryChange) => void>();
let channel: BroadcastChannel | null = null;

function getChannel(): BroadcastChannel | null {
	if (channel || typeof BroadcastChannel === 'undefined') return channel;
	channel = new BroadcastChannel(CHANNEL);
	channel.onmessage = (e: MessageEvent<LibraryChange>) => deliver(e.data);
	// Node keeps the process alive while a channel is open; unref so tests and scripts can exit.
	(channel as unknown as { unref?: () => void }).unref?.();
	return channel;
}

function deliver(c: LibraryChange): void {
	for (const cb of [...listeners]) {
		try {
			cb(c);
		} catch (e) {
			console.error('library change listener failed', e);
		}
	}
}

export function emitChange(c: LibraryChange): void {
	if (c.ids.length === 0) return;
	deliver(c);
	getChannel()?.postMessage(c);
}

/** Calls `cb` for every library change in this tab, other tabs and workers. Returns unsubscribe. */
export function onLibraryChange(cb: (c: LibraryChange) => void): () => void {
	getChannel();
	listeners.add(cb);
	return () => listeners.delete(cb);
}

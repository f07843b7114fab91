// User-level library actions shared by the grid and the viewer.
import { toast } from '../ui/toast.svelte';
import { deleteMedia, getMedia, purgeMedia, restoreMedia, UNDO_WINDOW_MS } from './repo';

/** Soft-deletes, offers Undo for UNDO_WINDOW_MS, then purges what was not restored. */
export async function deleteWithUndo(ids: string[], label?: string): Promise<void> {
	if (!ids.length) return;
	await deleteMedia(ids);
	toast(label ?? (ids.length === 1 ? 'Deleted 1 item' : `Deleted ${ids.length} items`), {
		timeout: UNDO_WINDOW_MS,
		action: {
			label: 'Undo',
			run: async () => {
				await restoreMedia(ids);
				toast(ids.length === 1 ? 'Restored' : `Restored ${ids.length} items`, { kind: 'success' });
			}
		},
		onExpire: async () => {
			// Purge only what is still deleted (another tab may have restored some).
			const still: string[] = [];
			for (const id of ids) if ((await getMedia(id))?.deletedAt != null) still.push(id);
			if (still.length) await purgeMedia(still);
		}
	});
}

// App-wide toasts. `toast('Saved')`, or with an action: `toast('Deleted 3 items', { action:
// { label: 'Undo', run: restore }, timeout: 10_000, onExpire: purge })`. The layout renders them.
export interface ToastAction {
	label: string;
	run: () => void | Promise<void>;
}
export interface ToastOptions {
	action?: ToastAction;
	/** ms before it disappears; 0 = stays until dismissed. Default 5 s (10 s with an action). */
	timeout?: number;
	kind?: 'info' | 'error' | 'success';
	/** Called when the toast times out or is dismissed without its action being used. */
	onExpire?: () => void;
}
export interface Toast extends ToastOptions {
	id: number;
	message: string;
}

let next = 1;
export const toasts = $state<Toast[]>([]);
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export function toast(message: string, opts: ToastOptions = {}): number {
	const id = next++;
	toasts.push({ id, message, ...opts });
	const timeout = opts.timeout ?? (opts.action ? 10_000 : 5_000);
	if (timeout > 0) timers.set(id, setTimeout(() => dismiss(id), timeout));
	return id;
}

/** Removes a toast; runs its onExpire unless `acted` (its action was used). */
export function dismiss(id: number, acted = false): void {
	clearTimeout(timers.get(id));
	timers.delete(id);
	const i = toasts.findIndex((t) => t.id === id);
	if (i < 0) return;
	const [t] = toasts.splice(i, 1);
	if (!acted) t.onExpire?.();
}

export async function act(id: number): Promise<void> {
	const t = toasts.find((x) => x.id === id);
	if (!t?.action) return;
	dismiss(id, true);
	await t.action.run();
}

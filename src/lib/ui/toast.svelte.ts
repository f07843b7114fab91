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
const timers = new Map<number, { handle?: ReturnType<typeof setTimeout>; due: number; left: number }>();

function arm(id: number, ms: number) {
	timers.set(id, { handle: setTimeout(() => dismiss(id), ms), due: Date.now() + ms, left: ms });
}

export function toast(message: string, opts: ToastOptions = {}): number {
	const id = next++;
	toasts.push({ id, message, ...opts });
	const timeout = opts.timeout ?? (opts.action ? 10_000 : 5_000);
	if (timeout > 0) arm(id, timeout);
	return id;
}

/** Stops a toast's countdown while the pointer or focus is on it (time limits must be adjustable). */
export function pause(id: number): void {
	const t = timers.get(id);
	if (!t?.handle) return;
	clearTimeout(t.handle);
	timers.set(id, { due: 0, left: Math.max(1500, t.due - Date.now()) });
}

export function resume(id: number): void {
	const t = timers.get(id);
	if (t && !t.handle) arm(id, t.left);
}

/** Removes a toast; runs its onExpire unless `acted` (its action was used). */
export function dismiss(id: number, acted = false): void {
	clearTimeout(timers.get(id)?.handle);
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

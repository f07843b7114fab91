// Retry delays for the outbox: exponential with a cap and "equal jitter", so a fleet of devices
// coming back online does not hammer the server in lockstep, yet the delay never drops below half.

export interface BackoffOptions {
	baseMs?: number;
	maxMs?: number;
	/** Random source in [0, 1); injectable so tests are deterministic. */
	random?: () => number;
}

/** Delay before retry number `attempt` (1 = first retry). */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
	const base = opts.baseMs ?? 1000;
	const max = opts.maxMs ?? 5 * 60_000;
	const random = opts.random ?? Math.random;
	const exp = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
	return Math.round(exp / 2 + (exp / 2) * random());
}

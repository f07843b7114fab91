// Time left from progress: the rate is smoothed so the estimate does not jump with every update,
// and nothing is promised until a little progress has been seen.

export class EtaEstimator {
	private rate = 0; // progress per ms
	private lastP = 0;
	private lastT = 0;
	constructor(private readonly startedAt: number) {
		this.lastT = startedAt;
	}

	/** Returns seconds left, or null while too early to say. */
	update(progress: number, now: number): number | null {
		const p = Math.min(1, Math.max(0, progress));
		const dt = now - this.lastT;
		if (dt > 0 && p > this.lastP) {
			const r = (p - this.lastP) / dt;
			this.rate = this.rate === 0 ? r : this.rate * 0.7 + r * 0.3;
			this.lastP = p;
			this.lastT = now;
		}
		if (p >= 1) return 0;
		if (p < 0.02 || now - this.startedAt < 500) return null;
		// Blend the smoothed rate with the whole-run average: the average is steadier.
		const avg = p / (now - this.startedAt);
		const rate = this.rate > 0 ? (this.rate + avg) / 2 : avg;
		return rate > 0 ? (1 - p) / rate / 1000 : null;
	}
}

export function formatEta(s: number | null): string {
	if (s === null) return 'estimating…';
	if (s < 1) return 'almost done';
	if (s < 60) return `${Math.ceil(s)} s left`;
	const m = Math.floor(s / 60);
	return `${m} min ${Math.round(s % 60)} s left`;
}

// Time-left estimate for the analysis queue. Work is counted in units (a photo = 1, a video =
// its sampled frames) and the rate is an exponential moving average of measured ms per unit,
// so the estimate follows the machine's current speed without jumping on every item.
export interface Rate {
	msPerUnit: number;
	samples: number;
}

export const NO_RATE: Rate = { msPerUnit: 0, samples: 0 };

/** Folds one measurement (`units` done in `ms`) into the rate. */
export function updateRate(rate: Rate, units: number, ms: number, alpha = 0.3): Rate {
	if (!(units > 0) || !(ms >= 0)) return rate;
	const m = ms / units;
	if (rate.samples === 0) return { msPerUnit: m, samples: 1 };
	return { msPerUnit: rate.msPerUnit + alpha * (m - rate.msPerUnit), samples: rate.samples + 1 };
}

/** Milliseconds left for `remainingUnits`, or null while there is no measurement yet. */
export function estimateRemaining(rate: Rate, remainingUnits: number): number | null {
	if (rate.samples === 0) return null;
	return Math.max(0, remainingUnits * rate.msPerUnit);
}

/** "about 3 min left", "less than a minute left", "about 1 h 20 min left". */
export function formatRemaining(ms: number | null): string {
	if (ms === null) return 'estimating time left…';
	const s = Math.round(ms / 1000);
	if (s < 60) return s <= 5 ? 'a few seconds left' : 'less than a minute left';
	const min = Math.round(s / 60);
	if (min < 60) return `about ${min} min left`;
	const h = Math.floor(min / 60);
	const rest = min % 60;
	return rest ? `about ${h} h ${rest} min left` : `about ${h} h left`;
}

/** Work units for an item: photos 1, videos their (capped) sampled frame count. */
export function unitsFor(kind: 'image' | 'video', duration: number | undefined, fps = 2, maxFrames = 240): number {
	if (kind === 'image') return 1;
	const d = duration && Number.isFinite(duration) && duration > 0 ? duration : 1;
	return Math.max(1, Math.min(maxFrames, Math.floor(d * fps)));
}

// Which instants of a video to analyse: evenly spaced at `fps`, fewer for long videos so a
// feature film does not take all night, always at least one frame.
export interface SamplingOptions {
	fps: number;
	maxFrames: number;
}

export const DEFAULT_SAMPLING: SamplingOptions = { fps: 2, maxFrames: 240 };

export function sampleTimes(duration: number, opts: SamplingOptions = DEFAULT_SAMPLING): number[] {
	if (!Number.isFinite(duration) || duration <= 0) return [0];
	const count = Math.max(1, Math.min(opts.maxFrames, Math.floor(duration * opts.fps)));
	const step = duration / count;
	// Sample the middle of each interval: avoids the black first frame and the past-the-end last one.
	return Array.from({ length: count }, (_, i) => Math.round((i + 0.5) * step * 1000) / 1000);
}

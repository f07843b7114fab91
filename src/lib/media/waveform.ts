// Waveform peaks for the timeline: min/max per bucket, accumulated as decoded audio streams in.

export class PeakAccumulator {
	readonly min: Float32Array;
	readonly max: Float32Array;
	constructor(
		readonly buckets: number,
		readonly duration: number
	) {
		this.min = new Float32Array(buckets);
		this.max = new Float32Array(buckets);
	}

	/** Adds a chunk of (mono-mixed or first-channel) samples starting at `t` seconds. */
	push(samples: Float32Array, t: number, sampleRate: number): void {
		if (this.duration <= 0) return;
		const perBucket = (this.duration / this.buckets) * sampleRate;
		const first = (t / this.duration) * this.buckets;
		for (let i = 0; i < samples.length; i++) {
			const b = Math.floor(first + i / perBucket);
			if (b < 0 || b >= this.buckets) continue;
			const v = samples[i];
			if (v < this.min[b]) this.min[b] = v;
			if (v > this.max[b]) this.max[b] = v;
		}
	}

	/** Interleaved [min0, max0, min1, max1, …] clamped to [-1, 1]. */
	result(): Float32Array {
		const out = new Float32Array(this.buckets * 2);
		for (let b = 0; b < this.buckets; b++) {
			out[2 * b] = Math.max(-1, this.min[b]);
			out[2 * b + 1] = Math.min(1, this.max[b]);
		}
		return out;
	}
}

// Integrated loudness per ITU-R BS.1770-4 (K-weighting, 400 ms blocks, absolute and relative
// gates) and the gain that brings a clip to a target. Streaming: feed decoded audio in chunks.

export const TARGET_LUFS = -14; // what YouTube/TikTok/Instagram normalise to
export const MAX_PEAK_DBFS = -1;

interface Biquad {
	b0: number;
	b1: number;
	b2: number;
	a1: number;
	a2: number;
}

/** K-weighting filter coefficients for any sample rate (bilinear transform of the spec's analog filters). */
export function kWeighting(rate: number): [Biquad, Biquad] {
	// High shelf (stage 1)
	let f0 = 1681.974450955533;
	const G = 3.999843853973347;
	let Q = 0.7071752369554196;
	let K = Math.tan((Math.PI * f0) / rate);
	const Vh = Math.pow(10, G / 20);
	const Vb = Math.pow(Vh, 0.4996667741545416);
	let a0 = 1 + K / Q + K * K;
	const shelf: Biquad = {
		b0: (Vh + (Vb * K) / Q + K * K) / a0,
		b1: (2 * (K * K - Vh)) / a0,
		b2: (Vh - (Vb * K) / Q + K * K) / a0,
		a1: (2 * (K * K - 1)) / a0,
		a2: (1 - K / Q + K * K) / a0
	};
	// High pass (stage 2)
	f0 = 38.13547087602444;
	Q = 0.5003270373238773;
	K = Math.tan((Math.PI * f0) / rate);
	a0 = 1 + K / Q + K * K;
	const hp: Biquad = { b0: 1, b1: -2, b2: 1, a1: (2 * (K * K - 1)) / a0, a2: (1 - K / Q + K * K) / a0 };
	return [shelf, hp];
}

export class LoudnessMeter {
	private filters: [Biquad, Biquad];
	private state: Float64Array[]; // per channel: x1,x2,y1,y2 for each of 2 stages
	private blockLen: number;
	private hop: number;
	private hopSums: number[][] = []; // per hop: per channel sum of squares
	private pos = 0;
	private acc: number[];
	peak = 0;

	constructor(
		readonly sampleRate: number,
		readonly channels: number
	) {
		this.filters = kWeighting(sampleRate);
		this.state = Array.from({ length: channels }, () => new Float64Array(8));
		this.blockLen = Math.round(sampleRate * 0.4);
		this.hop = Math.round(sampleRate * 0.1); // 75 % overlap
		this.acc = new Array(channels).fill(0);
	}

	/** Planar float samples, one array per channel, equal lengths. */
	push(planes: Float32Array[]): void {
		const n = planes[0]?.length ?? 0;
		const [s1, s2] = this.filters;
		for (let i = 0; i < n; i++) {
			for (let c = 0; c < this.channels; c++) {
				const x = planes[Math.min(c, planes.length - 1)][i];
				const ax = Math.abs(x);
				if (ax > this.peak) this.peak = ax;
				const st = this.state[c];
				const y1 = s1.b0 * x + s1.b1 * st[0] + s1.b2 * st[1] - s1.a1 * st[2] - s1.a2 * st[3];
				st[1] = st[0];
				st[0] = x;
				st[3] = st[2];
				st[2] = y1;
				const y2 = s2.b0 * y1 + s2.b1 * st[4] + s2.b2 * st[5] - s2.a1 * st[6] - s2.a2 * st[7];
				st[5] = st[4];
				st[4] = y1;
				st[7] = st[6];
				st[6] = y2;
				this.acc[c] += y2 * y2;
			}
			if (++this.pos === this.hop) {
				this.hopSums.push(this.acc);
				this.acc = new Array(this.channels).fill(0);
				this.pos = 0;
			}
		}
	}

	/** Integrated loudness in LUFS, or -Infinity for silence / too short. */
	integrated(): number {
		const hopsPerBlock = Math.round(this.blockLen / this.hop);
		const blocks: number[] = [];
		for (let i = 0; i + hopsPerBlock <= this.hopSums.length; i++) {
			let z = 0;
			for (let c = 0; c < this.channels; c++) {
				let s = 0;
				for (let h = i; h < i + hopsPerBlock; h++) s += this.hopSums[h][c];
				// Surround channels (index ≥ 3 in 5.1) would weigh 1.41; stereo/mono weigh 1.
				z += s / this.blockLen;
			}
			blocks.push(z);
		}
		const lk = (z: number) => -0.691 + 10 * Math.log10(z);
		const abs = blocks.filter((z) => z > 0 && lk(z) > -70);
		if (abs.length === 0) return -Infinity;
		const meanAbs = abs.reduce((a, b) => a + b, 0) / abs.length;
		const relGate = lk(meanAbs) - 10;
		const rel = abs.filter((z) => lk(z) > relGate);
		return lk(rel.reduce((a, b) => a + b, 0) / rel.length);
	}
}

/** Gain in dB to reach `target`, reduced so the sample peak stays at or below `maxPeakDb`. */
export function normalizationGainDb(lufs: number, peak: number, target = TARGET_LUFS, maxPeakDb = MAX_PEAK_DBFS): number {
	if (!Number.isFinite(lufs) || peak <= 0) return 0;
	const wanted = target - lufs;
	const peakDb = 20 * Math.log10(peak);
	return Math.min(wanted, maxPeakDb - peakDb);
}

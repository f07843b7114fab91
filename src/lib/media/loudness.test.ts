import { describe, expect, test } from 'vitest';
import { LoudnessMeter, normalizationGainDb } from './loudness';
import { PeakAccumulator } from './waveform';

function sine(freq: number, amp: number, rate: number, seconds: number): Float32Array {
	const out = new Float32Array(Math.round(rate * seconds));
	for (let i = 0; i < out.length; i++) out[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
	return out;
}

describe('loudness (BS.1770)', () => {
	test('997 Hz full-scale sine in one channel of stereo reads -3.01 LUFS', () => {
		const rate = 48000;
		const m = new LoudnessMeter(rate, 2);
		const s = sine(997, 1, rate, 3);
		// Fed in uneven chunks, as a decoder would.
		for (let i = 0; i < s.length; i += 1777) m.push([s.subarray(i, i + 1777), new Float32Array(Math.min(1777, s.length - i))]);
		expect(m.integrated()).toBeCloseTo(-3.01, 1);
	});
	test('-20 dBFS sine in both channels at 44.1 kHz reads about -20 LUFS', () => {
		const rate = 44100;
		const m = new LoudnessMeter(rate, 2);
		const s = sine(1000, 0.1, rate, 2);
		m.push([s, s]);
		expect(m.integrated()).toBeCloseTo(-20 + 3.01 - 3.01 + 0, 0);
	});
	test('silence is -Infinity and asks for no gain', () => {
		const m = new LoudnessMeter(48000, 1);
		m.push([new Float32Array(48000)]);
		expect(m.integrated()).toBe(-Infinity);
		expect(normalizationGainDb(m.integrated(), m.peak)).toBe(0);
	});
	test('gain reaches the target but never pushes peaks above -1 dBFS', () => {
		expect(normalizationGainDb(-20, 0.1)).toBeCloseTo(6);
		expect(normalizationGainDb(-20, 0.8)).toBeCloseTo(-1 - 20 * Math.log10(0.8));
		expect(normalizationGainDb(-8, 0.9)).toBeCloseTo(-6);
	});
});

describe('waveform peaks', () => {
	test('min/max per bucket from streamed chunks', () => {
		const acc = new PeakAccumulator(4, 2);
		acc.push(new Float32Array([0.5, -0.25]), 0, 4); // both in bucket 0 (2 samples per bucket)
		acc.push(new Float32Array([0.9]), 1.6, 4); // bucket 3
		const r = acc.result();
		expect(Array.from(r.slice(0, 2))).toEqual([-0.25, 0.5]);
		expect(r[7]).toBeCloseTo(0.9);
		expect(r[2]).toBe(0);
	});
});

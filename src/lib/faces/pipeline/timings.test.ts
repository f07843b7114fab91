// The bench's "in model vs pipeline JS" split: time inside model runs is attributed to its stage.
// A fake clock advanced only by the fake models makes the expected figures exact.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFaceAnalyzer, emptyTimings } from './analyze';
import { DETECTOR_IO } from './models';
import type { FaceModels, ModelRunner, TensorData } from './types';

const MODEL_MS = 7;

function fakeDetector(calls: { n: number }): ModelRunner {
  return {
    async run() {
      calls.n++;
      vi.advanceTimersByTime(MODEL_MS);
      const t = (n: number, fill: number): TensorData => ({ data: new Float32Array(n).fill(fill), dims: [1, n] });
      // score logits of -20: nothing is found, so only the detector runs
      return { [DETECTOR_IO.scores16]: t(512, -20), [DETECTOR_IO.boxes16]: t(512 * 16, 0), [DETECTOR_IO.scores32]: t(384, -20), [DETECTOR_IO.boxes32]: t(384 * 16, 0) };
    }
  };
}

const unused: ModelRunner = {
  run: () => Promise.reject(new Error('not expected to run'))
};

afterEach(() => vi.useRealTimers());

describe('stage timings', () => {
  it('counts time inside the detector as detection model time, per call', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const calls = { n: 0 };
    const models: FaceModels = { detector: fakeDetector(calls), embedder: unused, ageGender: unused };
    const t = emptyTimings();
    const faces = await createFaceAnalyzer(models).analyzeImage({ data: new Uint8ClampedArray(640 * 480 * 4), width: 640, height: 480 }, t);
    expect(faces).toEqual([]);
    expect(calls.n).toBeGreaterThan(1);
    expect(t.detectModelMs).toBe(calls.n * MODEL_MS);
    expect(t.detectMs).toBeGreaterThanOrEqual(t.detectModelMs);
    expect([t.embedMs, t.embedModelMs, t.ageGenderMs, t.ageGenderModelMs, t.faces]).toEqual([0, 0, 0, 0, 0]);
  });

  it('leaves timings untouched when none are asked for', async () => {
    const calls = { n: 0 };
    const models: FaceModels = { detector: fakeDetector(calls), embedder: unused, ageGender: unused };
    vi.useFakeTimers({ toFake: ['performance'] });
    await expect(createFaceAnalyzer(models).analyzeImage({ data: new Uint8ClampedArray(64 * 64 * 4), width: 64, height: 64 })).resolves.toEqual([]);
  });
});

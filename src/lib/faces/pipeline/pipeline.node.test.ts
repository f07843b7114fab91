// The pipeline on real photos in Node (onnxruntime-node). Skips when ../shared/data/eval is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFaceAnalyzer, type FaceAnalyzer } from './analyze';
import { PIPELINE_CONFIG } from './config';
import { createNodeModels } from './session-node';
import { primaryFaceIndex } from './select';
import { VERIFY_THRESHOLD } from './thresholds';
import { loadRgba } from '../../../../scripts/eval/load-image';

const ROOT = resolve(import.meta.dirname, '../../../..');
const EVAL_DIR = resolve(ROOT, '../shared/data/eval');
const hasEvalData = existsSync(EVAL_DIR);
if (!hasEvalData) console.warn(`pipeline.node.test: skipped, no eval data at ${EVAL_DIR}`);

describe.skipIf(!hasEvalData)('face pipeline on real photos (Node)', () => {
  let analyzer: FaceAnalyzer;
  beforeAll(async () => {
    const { models } = await createNodeModels(join(ROOT, 'static/models'), { threads: 1 });
    analyzer = createFaceAnalyzer(models);
  }, 60_000);

  const primary = async (rel: string) => {
    const img = await loadRgba(join(EVAL_DIR, rel));
    const faces = await analyzer.analyzeImage(img);
    const i = primaryFaceIndex(faces, img.width, img.height);
    expect(i, rel).toBeGreaterThanOrEqual(0);
    return faces[i];
  };

  it('finds every person in a group photo, one box per labelled nose', async () => {
    const set = 'B_face_detection/compreface_dev';
    const entry = JSON.parse(readFileSync(join(EVAL_DIR, set, 'manifest.json'), 'utf8')).files.find((f: { file: string }) => f.file === 'images/000_5.jpg');
    const faces = await analyzer.analyzeImage(await loadRgba(join(EVAL_DIR, set, entry.file)));
    expect(faces).toHaveLength(entry.nose_points.length);
    for (const [x, y] of entry.nose_points as [number, number][]) {
      expect(faces.filter((f) => x >= f.box.x && x <= f.box.x + f.box.w && y >= f.box.y && y <= f.box.y + f.box.h)).toHaveLength(1);
    }
    for (const f of faces) {
      expect(Math.hypot(...f.embedding)).toBeCloseTo(1, 5);
      expect(f.embedding).toHaveLength(128);
      for (const v of Object.values(f.quality)) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(1);
      expect(f.landmarks).toHaveLength(6);
    }
  }, 120_000);

  it('verifies the same person across photos and separates different people at the measured threshold', async () => {
    const lfw = 'A_face_identity/lfw_dev/images';
    const a = await primary(`${lfw}/Bill_Clinton/Bill_Clinton_0001.jpg`);
    const b = await primary(`${lfw}/Bill_Clinton/Bill_Clinton_0002.jpg`);
    const c = await primary(`${lfw}/Benjamin_Netanyahu/Benjamin_Netanyahu_0001.jpg`);
    const sim = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i], 0);
    expect(sim(a.embedding, b.embedding)).toBeGreaterThan(VERIFY_THRESHOLD);
    expect(sim(a.embedding, c.embedding)).toBeLessThan(VERIFY_THRESHOLD);
    expect(a.gender.label).toBe('male');
    expect(a.age).toBeGreaterThan(30);
  }, 120_000);

  it('finds the face in a tight close-up crop (letterboxed pass)', async () => {
    const f = await primary('C_age_gender/utkface_dev/images/10_0_2_20170116162109013.jpg.chip.jpg');
    expect(f.box.w).toBeGreaterThan(80);
  }, 60_000);

  it('keeps a borderline close-up after the second look (an 80-year-old missed without it)', async () => {
    const img = await loadRgba(join(EVAL_DIR, 'C_age_gender/utkface_dev/images/80_0_0_20170111211441005.jpg.chip.jpg'));
    const { models } = await createNodeModels(join(ROOT, 'static/models'), { threads: 1 });
    const withoutSecondLook = createFaceAnalyzer(models, { ...PIPELINE_CONFIG, verify: { ...PIPELINE_CONFIG.verify, score: 2 } });
    expect(await withoutSecondLook.detect({ ...img, data: img.data.slice() })).toHaveLength(0);
    const faces = await analyzer.detect(img);
    expect(faces).toHaveLength(1);
    expect(faces[0].score).toBeGreaterThanOrEqual(PIPELINE_CONFIG.verify.score);
  }, 60_000);

  it('rejects malformed input with a clear error', async () => {
    await expect(analyzer.analyzeImage({ data: new Uint8ClampedArray(10), width: 4, height: 4 })).rejects.toThrow(/RGBA/);
    await expect(analyzer.analyzeImage({ data: new Uint8ClampedArray(0), width: 0, height: 0 })).rejects.toThrow(/width and height/);
  });
});

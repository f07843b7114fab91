// Face engine in Chromium: the real worker (onnxruntime-web, WASM) analyses a real photo through the
// /bench/faces page, and its results agree with the native pipeline in Node on the same photo.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EVAL_DIR, hasEvalData, launch, startApp, type AppServer, type Browser } from './harness';
import { createFaceAnalyzer } from '../../src/lib/faces/pipeline/analyze';
import { createNodeModels } from '../../src/lib/faces/pipeline/session-node';
import { loadRgba } from '../../scripts/eval/load-image';

const ROOT = resolve(import.meta.dirname, '../..');
const PHOTO = 'B_face_detection/compreface_dev/images/000_5.jpg'; // 5 people, labelled nose points

describe.skipIf(!hasEvalData)('face engine worker in Chromium', () => {
  let app: AppServer;
  let browser: Browser;
  beforeAll(async () => {
    app = await startApp();
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('finds the faces of a real group photo, with results matching the native pipeline', async () => {
    const { page } = browser;
    await page.goto(app.url + '/bench/faces?ep=auto');
    await page.waitForFunction(() => (window as any).loupeFaceBench, null, { timeout: 60_000 });
    const info = await page.evaluate(() => (window as any).loupeFaceBench.ready());
    expect(info.runtime).toBe('onnxruntime-web');
    expect(info.crossOriginIsolated).toBe(true);
    await expect.poll(() => page.getByTestId('bench-status').textContent()).toBe('Ready');

    const b64 = readFileSync(join(EVAL_DIR, PHOTO)).toString('base64');
    const web = (await page.evaluate((b) => (window as any).loupeFaceBench.analyze(b), b64)) as {
      box: { x: number; y: number; w: number; h: number };
      embedding: number[];
      age: number;
      gender: { label: string };
      quality: { overall: number };
    }[];

    const manifest = JSON.parse(readFileSync(join(EVAL_DIR, 'B_face_detection/compreface_dev/manifest.json'), 'utf8'));
    const noses: [number, number][] = manifest.files.find((f: { file: string }) => PHOTO.endsWith(f.file)).nose_points;
    expect(web).toHaveLength(noses.length);
    for (const [x, y] of noses) expect(web.filter((f) => x >= f.box.x && x <= f.box.x + f.box.w && y >= f.box.y && y <= f.box.y + f.box.h)).toHaveLength(1);
    for (const f of web) {
      const norm = Math.hypot(...f.embedding);
      expect(norm).toBeCloseTo(1, 4);
      expect(f.quality.overall).toBeGreaterThanOrEqual(0);
      expect(['female', 'male']).toContain(f.gender.label);
    }

    // Same code, same models in Node: the browser's embeddings must be the same faces
    // (JPEG decoders differ slightly between Chromium and libvips, so compare by similarity).
    const { models } = await createNodeModels(join(ROOT, 'static/models'), { threads: 1 });
    const native = await createFaceAnalyzer(models).analyzeImage(await loadRgba(join(EVAL_DIR, PHOTO)));
    expect(native).toHaveLength(web.length);
    for (const n of native) {
      const best = Math.max(...web.map((w) => w.embedding.reduce((s, v, i) => s + v * n.embedding[i], 0)));
      expect(best).toBeGreaterThan(0.98);
    }
  }, 240_000);
});

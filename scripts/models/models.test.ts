import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_FILES } from '../../src/lib/faces/pipeline/models';

const DIR = resolve(import.meta.dirname, '../../static/models');
const manifest = JSON.parse(readFileSync(join(DIR, 'models.json'), 'utf8')) as {
  models: { file: string; sha256: string; bytes: number; source: { package: string; version: string; tarballSha256: string }; license: string }[];
};

describe('static/models', () => {
  it('every committed model matches its sha256 in models.json', () => {
    expect(manifest.models.length).toBeGreaterThan(0);
    for (const m of manifest.models) {
      const bytes = readFileSync(join(DIR, m.file));
      expect(bytes.length, m.file).toBe(m.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), m.file).toBe(m.sha256);
    }
  });

  it('records provenance and license for every model, and lists every model the pipeline loads', () => {
    for (const m of manifest.models) {
      expect(m.source.package).toMatch(/\S/);
      expect(m.source.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(m.source.tarballSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(m.license).toMatch(/\S/);
    }
    const files = manifest.models.map((m) => m.file);
    for (const f of Object.values(MODEL_FILES)) expect(files).toContain(f);
  });
});

import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { openStore } from '../store/db';
import { detectRegion, countryOfLocale, regionOfTimeZone } from './region';
import { decideAge, mayShowChild } from './agegate';
import { isOn } from './purposes';
import { writeExport, EXPORT_SCHEMA_VERSION, type ExportSource } from './archive';
import { eraseEverything } from './erase';
import { deviceEraseDeps, dumpDatabase, listDatabases } from './device';
import { isProcessingRestricted, setProcessingRestricted, onRestrictionChange, usePrefsStorage, setRegionOverride, getRegionOverride, processingRestrictedSince } from './prefs';

describe('region', () => {
	test('EU time zone or locale → EEA, opt-in, age 16', () => {
		expect(detectRegion({ locales: ['de-DE'], timeZone: 'Europe/Berlin' })).toEqual({ region: 'eea', source: 'timezone', optIn: true, minAge: 16 });
		expect(detectRegion({ locales: ['fr-FR'], timeZone: 'America/New_York' })).toMatchObject({ region: 'eea', source: 'locale' });
		expect(detectRegion({ locales: ['en-US'], timeZone: 'Europe/Oslo' })).toMatchObject({ region: 'eea' }); // Norway: EEA
	});
	test('UK → opt-in with age 13', () => {
		expect(detectRegion({ locales: ['en-GB'], timeZone: 'Europe/London' })).toEqual({ region: 'uk', source: 'timezone', optIn: true, minAge: 13 });
	});
	test('elsewhere → opt-out, age 13; Europe/* outside the EEA is not EEA', () => {
		expect(detectRegion({ locales: ['en-US'], timeZone: 'America/Los_Angeles' })).toEqual({ region: 'other', source: 'timezone', optIn: false, minAge: 13 });
		expect(regionOfTimeZone('Europe/Moscow')).toBe('other');
		expect(regionOfTimeZone('Europe/Istanbul')).toBe('other');
		expect(detectRegion({ locales: [], timeZone: null })).toMatchObject({ region: 'other', source: 'default' });
	});
	test('a manual override wins', () => {
		expect(detectRegion({ locales: ['de-DE'], timeZone: 'Europe/Berlin' }, 'other')).toMatchObject({ region: 'other', source: 'override', optIn: false });
		expect(detectRegion({ locales: ['en-US'], timeZone: 'America/Chicago' }, 'eea')).toMatchObject({ region: 'eea', optIn: true });
	});
	test('locale parsing', () => {
		expect(countryOfLocale('de-DE')).toBe('DE');
		expect(countryOfLocale('zh-Hant-TW')).toBe('TW');
		expect(countryOfLocale('de')).toBeNull();
	});
});

describe('purposes', () => {
	const eu = detectRegion({ locales: ['de-DE'], timeZone: 'Europe/Berlin' });
	const us = detectRegion({ locales: ['en-US'], timeZone: 'America/New_York' });
	test('analytics: off before opt-in in the EU, on by default elsewhere; a recorded choice wins', () => {
		expect(isOn('analytics', null, eu)).toBe(false);
		expect(isOn('analytics', null, us)).toBe(true);
		expect(isOn('analytics', { granted: false }, us)).toBe(false);
		expect(isOn('analytics', { granted: true }, eu)).toBe(true);
	});
	test('biometric and cloud AI are opt-in everywhere', () => {
		expect(isOn('biometric', null, us)).toBe(false);
		expect(isOn('cloud_ai', null, us)).toBe(false);
	});
});

describe('age gate', () => {
	const now = Date.UTC(2026, 10, 23);
	test('13 outside the EEA, 16 inside', () => {
		expect(decideAge({ birthYear: 2012, birthMonth: 11 }, 'other', now)).toMatchObject({ ok: true, age: 14 });
		expect(decideAge({ birthYear: 2012, birthMonth: 11 }, 'eea', now)).toMatchObject({ ok: false, minAge: 16, reason: expect.stringMatching(/at least 16/) });
		expect(decideAge({ birthYear: 2013, birthMonth: 12 }, 'uk', now)).toMatchObject({ ok: false, age: 12 });
		expect(decideAge({ birthYear: 2010, birthMonth: 11 }, 'eea', now)).toMatchObject({ ok: true, age: 16 });
	});
	test('nonsense is refused with what to do', () => {
		expect(decideAge({ birthYear: 3000, birthMonth: 1 }, 'other', now)).toMatchObject({ ok: null });
		expect(decideAge({ birthYear: 1990, birthMonth: 13 }, 'other', now)).toMatchObject({ ok: null, reason: /month/ });
	});
	test('a face estimated under the limit (with margin) needs parental affirmation', () => {
		expect(mayShowChild([35, 9], 'other')).toBe(true);
		expect(mayShowChild([35, 17], 'eea')).toBe(true);
		expect(mayShowChild([35, 17], 'other')).toBe(false);
		expect(mayShowChild([], 'eea')).toBe(false);
	});
});

describe('restrict processing (Art. 18)', () => {
	test('the flag is readable synchronously, announces changes and deletes nothing', () => {
		usePrefsStorage(null);
		const seen: boolean[] = [];
		const off = onRestrictionChange((r) => seen.push(r));
		expect(isProcessingRestricted()).toBe(false);
		setProcessingRestricted(true, 1000);
		expect(isProcessingRestricted()).toBe(true);
		expect(processingRestrictedSince()).toBe(1000);
		setProcessingRestricted(true, 2000); // no-op: keeps the original date
		expect(processingRestrictedSince()).toBe(1000);
		setProcessingRestricted(false);
		expect(isProcessingRestricted()).toBe(false);
		expect(seen).toEqual([true, false]);
		off();
		setRegionOverride('uk');
		expect(getRegionOverride()).toBe('uk');
	});
});

describe('export archive', () => {
	test('streams a zip that re-reads: manifest, every database row, and the media bytes', async () => {
		const photo = new Uint8Array(300_000).map((_, i) => (i * 7) & 255);
		const src: ExportSource = {
			databases: async () => ({ 'loupe-library': { media: [{ id: 'm1', name: 'a.jpg' }, { id: 'm2', name: 'a.jpg' }], projects: [] }, 'loupe-talent': { audit: [{ seq: 1, salt: new Uint8Array([1, 2]) }] } }),
			extras: async () => ({ 'face-embeddings': [{ faceId: 'f1', embedding: new Float32Array([0.5, -0.25]) }] }),
			media: async () => [
				{ id: 'm1', name: 'a.jpg', mime: 'image/jpeg', size: photo.length },
				{ id: 'm2', name: 'a.jpg', mime: 'image/jpeg', size: 3 },
				{ id: 'm3', name: 'gone.jpg', mime: 'image/jpeg', size: 1 }
			],
			mediaBlob: async (id) => (id === 'm1' ? new Blob([photo]) : id === 'm2' ? new Blob([new Uint8Array([1, 2, 3])]) : undefined)
		};
		const chunks: Uint8Array[] = [];
		const progress: number[] = [];
		const manifest = await writeExport(src, (c) => void chunks.push(c), { now: 0, onProgress: (p) => progress.push(p.doneBytes) });
		expect(chunks.length).toBeGreaterThan(3);
		const zip = unzipSync(new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer()));
		const m = JSON.parse(strFromU8(zip['manifest.json']));
		expect(m).toMatchObject({ schema: 'loupe.export', version: EXPORT_SCHEMA_VERSION, exportedAt: '1970-01-01T00:00:00.000Z', missingMedia: ['m3'] });
		expect(m).toEqual(JSON.parse(JSON.stringify(manifest)));
		expect(JSON.parse(strFromU8(zip['data/loupe-library.json'])).stores.media).toHaveLength(2);
		expect(JSON.parse(strFromU8(zip['data/loupe-talent.json'])).stores.audit[0].salt).toEqual({ $base64: 'AQI=' });
		expect(JSON.parse(strFromU8(zip['sections/face-embeddings.json']))[0].embedding).toEqual([0.5, -0.25]);
		expect(zip['media/a.jpg']).toEqual(photo);
		expect(Array.from(zip['media/m2-a.jpg'])).toEqual([1, 2, 3]);
		expect(progress.at(-1)).toBe(photo.length + 3);
	});

	test('cancel stops the export', async () => {
		const ac = new AbortController();
		ac.abort();
		const src: ExportSource = { databases: async () => ({ x: { s: [] } }), extras: async () => ({}), media: async () => [], mediaBlob: async () => undefined };
		await expect(writeExport(src, () => {}, { signal: ac.signal })).rejects.toThrow(/cancelled/);
	});
});

describe('erase everything', () => {
	test('drops every loupe database and verifies nothing is left', async () => {
		const spec = (name: string) => ({ name, migrations: [(db: any) => db.createObjectStore('rows', { keyPath: 'id' })] });
		for (const n of ['loupe-library', 'loupe-talent', 'loupe-someone-elses']) await (await openStore<any>(spec(n))).put('rows', { id: 'x', n });
		const unrelated = await openStore<any>(spec('other-app'));
		await unrelated.put('rows', { id: 'keep' });
		expect(await listDatabases()).toEqual(expect.arrayContaining(['loupe-library', 'loupe-talent', 'loupe-someone-elses']));
		const prefs = new Map<string, string>([['loupe.privacy.restricted', '{}'], ['unrelated', '1']]);
		const kv = { getItem: (k: string) => prefs.get(k) ?? null, setItem: (k: string, v: string) => void prefs.set(k, v), removeItem: (k: string) => void prefs.delete(k), get length() { return prefs.size; }, key: (i: number) => [...prefs.keys()][i] ?? null };
		const report = await eraseEverything(deviceEraseDeps(kv));
		expect(report.verified).toBe(true);
		expect(report.leftovers).toEqual([]);
		expect(report.databases.sort()).toEqual(['loupe-library', 'loupe-someone-elses', 'loupe-talent']);
		expect(report.prefs).toBe(1);
		expect(await listDatabases()).toEqual([]);
		expect(await dumpDatabase('loupe-library')).toEqual({}); // reading does not recreate it
		expect(await listDatabases()).toEqual([]);
		expect(prefs.has('unrelated')).toBe(true);
		expect(await unrelated.count('rows')).toBe(1);
	});

	test('leftovers are reported, not hidden', async () => {
		const report = await eraseEverything({
			listDatabases: async () => ['loupe-stuck'],
			dropDatabase: async () => {},
			countRows: async () => 4,
			clearFiles: async () => 0,
			countFiles: async () => 2,
			clearPrefs: () => 0,
			countPrefs: () => 0
		});
		expect(report).toMatchObject({ verified: false, leftovers: ['loupe-stuck: 4 record(s)', '2 stored file(s)'] });
	});
});

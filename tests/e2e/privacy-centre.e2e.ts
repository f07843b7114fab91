// Privacy centre end to end: the consent banner by region (EU opt-in vs elsewhere opt-out, with
// nothing non-essential running before opt-in), the age gate, exporting a real small library and
// re-reading the archive, and erasing everything with proof that the local store is empty.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EVAL_DIR, hasEvalData, launch, startApp, type AppServer, type Browser } from './harness';

let app: AppServer;
beforeAll(async () => {
	app = await startApp();
});
afterAll(async () => {
	await app?.stop();
});

type Page = Browser['page'];

async function passAgeGate(page: Page, birthYear: number) {
	await page.locator('[data-testid=age-gate]').waitFor();
	await page.selectOption('[data-testid=age-month]', '1');
	await page.fill('[data-testid=age-year]', String(birthYear));
	await page.click('[data-testid=age-continue]');
}
const analyticsOn = (page: Page) => page.evaluate(() => document.documentElement.dataset.analytics === 'on');
const pageViews = (page: Page) => page.evaluate(() => localStorage.getItem('loupe.analytics.pageviews'));

describe('consent banner by region', () => {
	test('EU (de-DE, Europe/Berlin): age gate 16, nothing non-essential before opt-in, one-click withdraw', async () => {
		const b = await launch({ gates: true, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
		try {
			const { page } = b;
			await page.goto(app.url + '/');
			await passAgeGate(page, new Date().getFullYear() - 30);
			const banner = page.locator('[data-testid=consent-banner]');
			await banner.waitFor();
			expect(await banner.getAttribute('data-mode')).toBe('opt-in');
			expect(await banner.getAttribute('data-region')).toBe('eea');
			// Navigate around before answering: nothing optional runs or is stored.
			await page.click('a[href="/privacy"]');
			await page.locator('[data-testid=consents]').waitFor();
			expect(await analyticsOn(page)).toBe(false);
			expect(await pageViews(page)).toBeNull();
			expect(await page.textContent('[data-testid=consent-status-analytics]')).toMatch(/Off/);
			// Reject and Accept are equally prominent (both primary buttons).
			expect(await page.getAttribute('[data-testid=banner-reject]', 'class')).toBe(await page.getAttribute('[data-testid=banner-accept]', 'class'));
			await page.click('[data-testid=banner-accept]');
			await banner.waitFor({ state: 'detached' });
			await expect.poll(() => analyticsOn(page)).toBe(true);
			await page.click('a[href="/talent"]');
			await expect.poll(() => pageViews(page)).toMatch(/"\/talent":1/);
			// Withdrawing is one click in the privacy centre, and stops and clears analytics at once.
			await page.click('a[href="/privacy"]');
			await page.click('[data-testid=withdraw-analytics]');
			await expect.poll(() => analyticsOn(page)).toBe(false);
			expect(await pageViews(page)).toBeNull();
			await expect.poll(() => page.textContent('[data-testid=consent-status-analytics]')).toMatch(/Off/);
			// The choice survives a reload and the banner does not come back.
			await page.reload();
			await page.locator('[data-testid=consents]').waitFor();
			expect(await page.locator('[data-testid=consent-banner]').count()).toBe(0);
			expect(await analyticsOn(page)).toBe(false);
		} finally {
			await b.close();
		}
	});

	test('non-EU (en-US, America/New_York): opt-out — on by default, off in one click', async () => {
		const b = await launch({ gates: true, locale: 'en-US', timezoneId: 'America/New_York' });
		try {
			const { page } = b;
			await page.goto(app.url + '/privacy');
			// 14 is old enough outside the EU/EEA (13).
			await passAgeGate(page, new Date().getFullYear() - 14 - 1);
			const banner = page.locator('[data-testid=consent-banner]');
			await banner.waitFor();
			expect(await banner.getAttribute('data-mode')).toBe('opt-out');
			await expect.poll(() => analyticsOn(page)).toBe(true);
			await page.click('[data-testid=banner-reject]');
			await banner.waitFor({ state: 'detached' });
			await expect.poll(() => analyticsOn(page)).toBe(false);
			await expect.poll(() => page.textContent('[data-testid=consent-status-analytics]')).toMatch(/Off/);
		} finally {
			await b.close();
		}
	});

	test('EU age gate refuses a 15-year-old and keeps only the outcome', async () => {
		const b = await launch({ gates: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
		try {
			const { page } = b;
			await page.goto(app.url + '/');
			await passAgeGate(page, new Date().getFullYear() - 15);
			await expect.poll(() => page.textContent('[data-testid=age-gate]')).toMatch(/at least 16/);
			const stored = await page.evaluate(() => localStorage.getItem('loupe.privacy.ageGate'));
			expect(JSON.parse(stored!)).toMatchObject({ ok: false, minAge: 16, region: 'eea' });
			// No birth date kept: only the outcome, the rule applied and when (a ms timestamp).
			expect(Object.keys(JSON.parse(stored!)).sort()).toEqual(['at', 'minAge', 'ok', 'region']);
		} finally {
			await b.close();
		}
	});
});

describe('export and erase', () => {
	let b: Browser;
	let dir: string;
	let photos: string[] = [];
	beforeAll(async () => {
		b = await launch();
		dir = mkdtempSync(join(tmpdir(), 'loupe-privacy-'));
		if (hasEvalData) {
			const src = join(EVAL_DIR, 'A_face_identity/deepface_dev/images');
			photos = readdirSync(src).filter((f) => f.endsWith('.jpg')).slice(0, 3).map((f) => join(src, f));
		} else {
			console.warn(`[privacy e2e] ${EVAL_DIR} is absent: exporting generated pictures instead of real photos.`);
			for (const [i, c] of [[200, 30, 30], [30, 200, 30], [30, 30, 200]].entries()) {
				const p = join(dir, `gen-${i}.jpg`);
				await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: c[0], g: c[1], b: c[2] } } }).jpeg().toFile(p);
				photos.push(p);
			}
		}
	});
	afterAll(async () => {
		await b?.close();
		rmSync(dir, { recursive: true, force: true });
	});

	test('export a real small library and re-read the archive', async () => {
		const { page } = b;
		await page.goto(app.url + '/');
		await page.locator('[data-testid=file-input]').first().setInputFiles(photos);
		await page.locator('[data-testid=import-summary]').waitFor({ timeout: 90_000 });
		await page.click('a[href="/privacy"]');
		await expect.poll(() => page.textContent('[data-testid=holdings]')).toMatch(new RegExp(`${photos.length}\\s*media items`));
		const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-testid=export]')]);
		const path = join(dir, 'export.zip');
		await download.saveAs(path);
		const zip = unzipSync(new Uint8Array(readFileSync(path)));
		const manifest = JSON.parse(strFromU8(zip['manifest.json']));
		expect(manifest).toMatchObject({ schema: 'loupe.export', version: 1, missingMedia: [] });
		const lib = JSON.parse(strFromU8(zip['data/loupe-library.json']));
		const names = lib.stores.media.map((m: { name: string }) => m.name).sort();
		expect(names).toEqual(photos.map((p) => p.split('/').pop()).sort());
		// Every original is in the archive byte for byte.
		const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
		for (const p of photos) {
			const entry = manifest.files.find((f: { kind: string; path: string }) => f.kind === 'media' && f.path.endsWith('/' + p.split('/').pop()));
			expect(entry, p).toBeDefined();
			expect(sha(zip[entry.path])).toBe(sha(readFileSync(p)));
		}
		expect(Object.keys(zip)).toContain('data/loupe-consent.json');
		expect(Object.keys(zip)).toContain('sections/preferences.json');
	});

	test('erase everything and prove the local store is empty', async () => {
		const { page } = b;
		await page.click('[data-testid=erase-everything]');
		await page.fill('[data-testid=erase-confirm-text]', 'ERASE');
		await page.click('[data-testid=confirm-delete]');
		await page.locator('[data-testid=erase-verified]').waitFor({ timeout: 60_000 });
		// The server side is reported too: local-only here, so it says nothing is stored on a server.
		expect(await page.locator('[data-testid=server-deletion-notice]').textContent()).toMatch(/Nothing is stored on a server|not signed in/);
		// Independent check from the page: every Loupe database has no rows, OPFS has no files,
		// no Loupe preference is left.
		const left = await page.evaluate(async () => {
			const rows: Record<string, number> = {};
			for (const d of await indexedDB.databases()) {
				if (!d.name?.startsWith('loupe-')) continue;
				const db = await new Promise<IDBDatabase>((ok, fail) => {
					const r = indexedDB.open(d.name!);
					r.onsuccess = () => ok(r.result);
					r.onerror = () => fail(r.error);
				});
				let n = 0;
				for (const s of db.objectStoreNames) n += await new Promise<number>((ok) => {
					const r = db.transaction(s).objectStore(s).count();
					r.onsuccess = () => ok(r.result);
				});
				db.close();
				rows[d.name] = n;
			}
			let files = 0;
			const walk = async (dir: FileSystemDirectoryHandle) => {
				for await (const h of (dir as any).values()) h.kind === 'file' ? files++ : await walk(h);
			};
			await walk(await navigator.storage.getDirectory());
			const prefs = Object.keys(localStorage).filter((k) => k.startsWith('loupe.'));
			return { rows, files, prefs };
		});
		expect(Object.values(left.rows).reduce((a, b) => a + b, 0), JSON.stringify(left.rows)).toBe(0);
		expect(left.files).toBe(0);
		expect(left.prefs).toEqual([]);
		await page.goto(app.url + '/');
		await page.locator('[data-testid=empty-library]').waitFor();
	});
});

// Face-data retention in Chromium with the real models: consent and analyse one real photo, choose
// a 12-month period in the Privacy centre (keyboard), then move the last use back in time: near
// the deadline the sidebar warns and viewing the faces restarts the clock; past it, the start-up
// job deletes every face like "Turn off face features" and the notice says when and why.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { EVAL_DIR, hasEvalData, launch, startApp, type AppServer, type Browser } from './harness';

const SINGLE = resolve(EVAL_DIR, 'A_face_identity/deepface_dev/images/img1.jpg');
if (!hasEvalData) console.warn(`face-retention e2e skipped: evaluation data not found at ${EVAL_DIR}`);

const DAY = 86_400_000;

/** Rows of every store of one IndexedDB database (0 if it does not exist; never creates it). */
async function dbRows(page: Page, db: string): Promise<number> {
	return page.evaluate(async (db) => {
		if (!(await indexedDB.databases()).some((d) => d.name === db)) return 0;
		return new Promise<number>((ok, fail) => {
			const req = indexedDB.open(db);
			req.onerror = () => fail(req.error);
			req.onsuccess = () => {
				const d = req.result;
				const names = [...d.objectStoreNames];
				if (!names.length) return d.close(), ok(0);
				const tx = d.transaction(names);
				let total = 0;
				for (const n of names) {
					const c = tx.objectStore(n).count();
					c.onsuccess = () => (total += c.result);
				}
				tx.oncomplete = () => (d.close(), ok(total));
				tx.onerror = () => (d.close(), fail(tx.error));
			};
		});
	}, db);
}

async function consentRecords(page: Page): Promise<{ granted: boolean; method: string; details?: Record<string, unknown> }[]> {
	return page.evaluate(
		() =>
			new Promise((ok, fail) => {
				const req = indexedDB.open('loupe-consent');
				req.onerror = () => fail(req.error);
				req.onsuccess = () => {
					const d = req.result;
					const all = d.transaction('records').objectStore('records').getAll();
					all.onsuccess = () => (d.close(), ok(all.result.filter((r: { purpose: string }) => r.purpose === 'biometric')));
				};
			})
	);
}

const lastUse = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('loupe.privacy.lastFaceUseAt') ?? 'null') as number | null);
const setLastUse = (page: Page, t: number) => page.evaluate((t) => localStorage.setItem('loupe.privacy.lastFaceUseAt', JSON.stringify(t)), t);
/** The same calendar arithmetic as the app (UTC, clamped to short months). */
const monthsAgo = (t: number, months: number) => {
	const d = new Date(t);
	const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
	const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
	target.setUTCDate(Math.min(d.getUTCDate(), last));
	return target.getTime();
};

describe.skipIf(!hasEvalData)('face-data retention', () => {
	let app: AppServer;
	let browser: Browser;
	beforeAll(async () => {
		app = await startApp();
		browser = await launch();
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	test('warn near the deadline, use restarts the clock, past it everything is deleted with a notice', async () => {
		const { page } = browser;
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(String(e)));
		await page.goto(app.url + '/');
		expect(await lastUse(page)).toBeNull();
		await page.locator('[data-testid=file-input]').first().setInputFiles([SINGLE]);
		const tile = page.locator('[data-testid=tile][aria-label^="img1.jpg,"]');
		await tile.waitFor({ timeout: 60_000 });
		const id = (await tile.getAttribute('data-id'))!;

		// --- consent (the notice states the rule) and analyse
		await page.goto(`${app.url}/media/${id}`);
		await page.locator('[data-testid=analyze-faces]').click();
		const dialog = page.locator('dialog[open][data-testid=biometric-consent]');
		await dialog.waitFor();
		expect(((await dialog.textContent()) ?? '').replace(/\s+/g, ' ')).toMatch(/not been used on this device for 36 months .* deletes all face data automatically/);
		const consentedAt = Date.now();
		await dialog.locator('[data-testid=biometric-consent-agree]').check();
		await dialog.locator('[data-testid=biometric-consent-allow]').click();
		const panel = page.locator('[data-testid=face-panel]');
		await panel.locator('[data-testid=face-item]').first().waitFor({ timeout: 180_000 });
		const faces = await dbRows(page, 'loupe-faces');
		expect(faces).toBeGreaterThanOrEqual(2); // ≥ 1 face + the analysis record
		expect(await lastUse(page)).toBeGreaterThanOrEqual(consentedAt - 1000);

		// --- Privacy centre: the schedule states the rule; choose 12 months with the keyboard
		await page.goto(app.url + '/privacy');
		const state = page.locator('[data-testid=face-retention-state]');
		await expect.poll(() => state.textContent()).toMatch(/If face features are not used again, face data will be deleted on /);
		await expect.poll(() => page.locator('section[aria-labelledby=h-retention] table').textContent()).toContain('36 months after face features were last used');
		await page.locator('[data-testid=face-retention-months]').focus();
		await page.selectOption('[data-testid=face-retention-months]', '12');
		await page.locator('[data-testid=face-retention-save]').focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => page.locator('section[aria-labelledby=h-retention] table').textContent()).toContain('12 months after face features were last used');
		expect(await page.evaluate(() => localStorage.getItem('loupe.privacy.faceRetentionMonths'))).toBe('12');

		// --- 10 days before the deadline: the sidebar warns (the library page shows no faces, so it is not a use)
		const nearly = monthsAgo(Date.now(), 12) + 10 * DAY;
		await setLastUse(page, nearly);
		await page.goto(app.url + '/');
		const warning = page.locator('[data-testid=face-retention-warning]');
		await expect.poll(() => warning.textContent()).toMatch(/Face data will be deleted on .* \(in (9|10) days\) unless face features are used/);
		expect(await lastUse(page)).toBe(nearly);
		// Viewing the item's faces is a use: the clock restarts and the warning goes.
		await page.goto(`${app.url}/media/${id}`);
		await panel.locator('[data-testid=face-item]').first().waitFor({ timeout: 30_000 });
		await expect.poll(() => lastUse(page)).toBeGreaterThan(nearly + 300 * DAY);
		expect(await warning.count()).toBe(0);

		// --- unused for 12 months and a day: the start-up check deletes everything, and says so
		await setLastUse(page, monthsAgo(Date.now(), 12) - DAY);
		await page.goto(app.url + '/');
		const notice = page.locator('[data-testid=face-purge-notice]');
		await expect.poll(() => notice.textContent(), { timeout: 30_000 }).toMatch(/Face data on this device \(\d+ faces?\) was deleted on .* because face features had not been used for 12 months/);
		await expect.poll(() => dbRows(page, 'loupe-faces')).toBe(0);
		expect(await lastUse(page)).toBeNull();
		const records = await consentRecords(page);
		expect(records.at(-1)).toMatchObject({ granted: false, method: 'retention', details: { reason: 'retention', months: 12 } });
		await page.goto(`${app.url}/media/${id}`);
		await expect.poll(() => panel.textContent()).toContain('Face analysis is off');
		// The notice stays until dismissed, in the sidebar and the Privacy centre.
		await page.goto(app.url + '/privacy');
		await expect.poll(() => page.locator('section[aria-labelledby=h-retention] [data-testid=face-purge-notice]').count()).toBe(1);
		await page.locator('section[aria-labelledby=h-retention] [data-testid=face-purge-dismiss]').click();
		await expect.poll(() => page.locator('[data-testid=face-purge-notice]').count()).toBe(0);
		await page.reload();
		await page.locator('[data-testid=face-retention-state]').waitFor();
		expect(await page.locator('[data-testid=face-purge-notice]').count()).toBe(0);
		expect(errors).toEqual([]);
	});
});

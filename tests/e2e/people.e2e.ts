// People as a user meets it, in Chromium with the real models: import real photos of two people
// (LFW originals from the shared evaluation data), analyse them, find them grouped on /people,
// rename one, merge them (and undo), split the merged person back by selecting faces, filter the
// library by people, and turn face features off (People empties).
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { EVAL_DIR, hasEvalData, launch, startApp, type AppServer, type Browser } from './harness';

const SET = resolve(EVAL_DIR, 'A_face_identity/lfw_originals_krasserm_dev/images');
const PEOPLE = ['Colin_Powell', 'Tony_Blair'];
const PER_PERSON = 4;
if (!hasEvalData) console.warn(`people e2e skipped: evaluation data not found at ${EVAL_DIR}`);

const files = () =>
	PEOPLE.flatMap((p) =>
		readdirSync(resolve(SET, p))
			.filter((f) => f.endsWith('.jpg'))
			.sort()
			.slice(0, PER_PERSON)
			.map((f) => resolve(SET, p, f))
	);

/** Who a face is, from the file name of the photo it links to ("Tony_Blair_0003.jpg …"). */
const identityOf = (text: string) => PEOPLE.find((p) => text.includes(p)) ?? 'other';

/** Identities of the faces on the open person page. */
async function faceIdentities(page: Page): Promise<string[]> {
	const links = page.locator('[data-testid=person-faces] li a');
	await links.first().waitFor({ timeout: 30_000 });
	await expect.poll(async () => (await links.allTextContents()).every((t) => t.includes('.jpg')), { timeout: 30_000 }).toBe(true);
	return (await links.allTextContents()).map(identityOf);
}

/** When an item was last analysed (its record in the faces database). */
async function analyzedAt(page: Page, mediaId: string): Promise<number> {
	return page.evaluate(
		(id) =>
			new Promise<number>((ok, fail) => {
				const r = indexedDB.open('loupe-faces');
				r.onerror = () => fail(r.error);
				r.onsuccess = () => {
					const q = r.result.transaction('analyses').objectStore('analyses').get(id);
					q.onsuccess = () => (r.result.close(), ok(q.result?.analyzedAt ?? 0));
				};
			}),
		mediaId
	);
}

/** Person cards on /people as {id, name, identities of their faces}. */
async function people(page: Page, url: string) {
	await page.goto(url + '/people');
	const cards = page.locator('[data-testid=person-card]');
	await cards.first().waitFor({ timeout: 60_000 });
	const list = await cards.evaluateAll((cs) =>
		cs.map((c) => ({ id: c.getAttribute('data-person-id')!, name: c.querySelector('[data-testid=person-name]')?.textContent ?? '' }))
	);
	const out: { id: string; name: string; who: string[] }[] = [];
	for (const p of list) {
		await page.goto(`${url}/people/${p.id}`);
		out.push({ ...p, who: await faceIdentities(page) });
	}
	return out;
}

describe.skipIf(!hasEvalData)('people in the app', () => {
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

	test('grouped after analysis; rename, merge with undo, split, filter, turn off', async () => {
		const { page } = browser;
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(String(e)));

		await page.goto(app.url + '/people');
		await page.locator('[data-testid=people-empty]').waitFor({ timeout: 60_000 });

		// --- import and analyse (consent first)
		await page.goto(app.url + '/');
		const photos = files();
		await page.locator('[data-testid=file-input]').first().setInputFiles(photos);
		const tiles = page.locator('[data-testid=tile]');
		await expect.poll(() => tiles.count(), { timeout: 120_000 }).toBe(photos.length);
		await tiles.first().click();
		await tiles.last().click({ modifiers: ['Shift'] });
		const bar = page.locator('[data-testid=selection-bar]');
		await bar.locator('[data-testid=analyze-faces]').click();
		await bar.locator('[data-testid=biometric-consent-agree]').check();
		await bar.locator('[data-testid=biometric-consent-allow]').click();
		await expect
			.poll(() => page.locator('[data-testid=analysis-status]').textContent(), { timeout: 600_000, interval: 2000 })
			.toMatch(new RegExp(`Done: ${photos.length} items analysed`));

		// --- People: each person is one of the two, never a mix; both are found
		let found = await people(page, app.url);
		for (const p of found) expect(new Set(p.who.filter((w) => w !== 'other')).size).toBeLessThanOrEqual(1);
		const main = (who: string) => found.filter((p) => p.who.includes(who)).sort((a, b) => b.who.length - a.who.length)[0];
		for (const who of PEOPLE) expect(main(who)?.who.filter((w) => w === who).length).toBeGreaterThanOrEqual(2);

		// --- rename
		const powell = main('Colin_Powell')!;
		const blair = main('Tony_Blair')!;
		await page.goto(`${app.url}/people/${powell.id}`);
		await page.fill('[data-testid=person-name-input]', 'Colin P.');
		await page.keyboard.press('Enter');
		await page.getByText('Named “Colin P.”').first().waitFor({ timeout: 30_000 });
		await page.goto(app.url + '/people');
		await page.locator('[data-testid=person-name]', { hasText: 'Colin P.' }).waitFor({ timeout: 30_000 });

		// --- re-analysing one of his photos keeps its face (same id), so the name and grouping stay as they were
		await page.goto(`${app.url}/people/${powell.id}`);
		await faceIdentities(page);
		const faceIdsOnPage = () => page.locator('[data-testid=person-face]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-face-id')).sort());
		const idsBefore = await faceIdsOnPage();
		const href = (await page.locator('[data-testid=person-faces] li a').first().getAttribute('href'))!;
		const mediaId = href.split('/').pop()!;
		const before = await analyzedAt(page, mediaId);
		await page.goto(app.url + href);
		await page.locator('[data-testid=analyze-faces]', { hasText: 'Re-analyse' }).click();
		await expect.poll(() => analyzedAt(page, mediaId), { timeout: 120_000 }).toBeGreaterThan(before);
		await page.goto(`${app.url}/people/${powell.id}`);
		await expect.poll(() => page.locator('[data-testid=person-name-input]').inputValue(), { timeout: 30_000 }).toBe('Colin P.');
		await expect.poll(faceIdsOnPage, { timeout: 30_000 }).toEqual(idsBefore);

		// --- merge Blair into Powell, check, undo, merge again
		const merge = async () => {
			await page.goto(`${app.url}/people/${powell.id}`);
			await page.locator(`[data-testid=merge-target] option[value="${blair.id}"]`).waitFor({ state: 'attached', timeout: 30_000 });
			await page.selectOption('[data-testid=merge-target]', blair.id);
			await page.locator('[data-testid=merge]').click();
			await expect.poll(async () => (await faceIdentities(page)).length, { timeout: 30_000 }).toBe(powell.who.length + blair.who.length);
		};
		await merge();
		expect(await page.locator('[data-testid=person-name-input]').inputValue()).toBe('Colin P.');
		await page.locator('[data-testid=person-undo]').click();
		await expect.poll(async () => (await faceIdentities(page)).length, { timeout: 30_000 }).toBe(powell.who.length);
		found = await people(page, app.url);
		expect(found.some((p) => p.id === blair.id)).toBe(true);
		await merge();

		// --- split: select Blair's faces (keyboard: focus, Space) and split them into a new person
		const faces = page.locator('[data-testid=person-face]');
		const links = page.locator('[data-testid=person-faces] li a');
		const texts = await links.allTextContents();
		for (let i = 0; i < texts.length; i++) {
			if (identityOf(texts[i]) !== 'Tony_Blair') continue;
			await faces.nth(i).focus();
			await page.keyboard.press('Space');
		}
		await expect.poll(() => page.locator('[data-testid=selected-count]').textContent()).toBe(`${blair.who.length} selected`);
		await page.locator('[data-testid=split]').click();
		await expect.poll(async () => (await faceIdentities(page)).every((w) => w !== 'Tony_Blair'), { timeout: 30_000 }).toBe(true);

		found = await people(page, app.url);
		const named = found.find((p) => p.name === 'Colin P.')!;
		expect(named.who.filter((w) => w === 'Tony_Blair')).toHaveLength(0);
		const split = found.find((p) => p.who.length === blair.who.length && p.who.every((w) => w === 'Tony_Blair'));
		expect(split).toBeDefined();
		// Cards are sorted by how many items each person is in.
		await page.goto(app.url + '/people');
		const counts = (await page.locator('[data-testid=person-count]').allTextContents()).map((t) => parseInt(t, 10));
		expect(counts).toEqual([...counts].sort((a, b) => b - a));

		// --- library filter: items with Colin P.; with both people none (they never share a photo)
		await page.goto(app.url + '/');
		await expect.poll(() => page.locator('[data-testid=tile]').count(), { timeout: 60_000 }).toBe(photos.length);
		await page.locator('[data-testid=people-filter]').click();
		const option = (name: string) => page.locator('[data-testid=people-filter-option]').locator('xpath=..').filter({ hasText: name }).locator('input');
		await option('Colin P.').check();
		await expect.poll(() => page.locator('[data-testid=tile]').count()).toBe(named.who.length);
		await page.locator('[data-testid=people-filter-option]').locator('xpath=..').filter({ hasNotText: 'Colin P.' }).first().locator('input').check();
		await expect.poll(() => page.locator('[data-testid=tile]').count()).toBe(0);
		await page.keyboard.press('Escape');
		await page.locator('[data-testid=people-filter-clear]').click();
		await expect.poll(() => page.locator('[data-testid=tile]').count()).toBe(photos.length);

		// --- turning face features off empties People (and its database)
		await page.locator('[data-testid=turn-off-faces-open]').click();
		await page.locator('[data-testid=turn-off-confirm]').click();
		await expect.poll(() => page.locator('[data-testid=analysis-status]').textContent(), { timeout: 60_000 }).toContain('Off.');
		await page.goto(app.url + '/people');
		await page.locator('[data-testid=people-empty]').waitFor({ timeout: 60_000 });
		await page.reload();
		await page.locator('[data-testid=people-empty]').waitFor({ timeout: 60_000 });
		expect(await page.locator('[data-testid=person-card]').count()).toBe(0);
		expect(errors).toEqual([]);
	});
});

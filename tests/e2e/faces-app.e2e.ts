// Face analysis as a user meets it, in Chromium with the real models: import real photos through
// the library's import UI, see that nothing is analysed (not even a model fetched) before
// biometric consent, consent, analyse, see faces with boxes, delete one, reload and find the
// same state, then turn face features off and find every face gone.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { EVAL_DIR, hasEvalData, launch, startApp, type AppServer, type Browser } from './harness';

const GROUP = resolve(EVAL_DIR, 'A_face_identity/faceapi_bbt_dev/group/bbt1.jpg');
const CLIP = resolve(EVAL_DIR, 'E_video/video_dev/short_hamilton_clip.mp4');
const SINGLE = resolve(EVAL_DIR, 'A_face_identity/deepface_dev/images/img1.jpg');
if (!hasEvalData) console.warn(`faces-app e2e skipped: evaluation data not found at ${EVAL_DIR}`);

/** Rows of a store in one of the app's IndexedDB databases (0 if the database does not exist). */
async function idbCount(page: Page, db: string, store: string): Promise<number> {
	return page.evaluate(
		async ([db, store]) => {
			const names = (await indexedDB.databases()).map((d) => d.name);
			if (!names.includes(db)) return 0;
			return new Promise<number>((ok, fail) => {
				const req = indexedDB.open(db);
				req.onerror = () => fail(req.error);
				req.onsuccess = () => {
					const d = req.result;
					if (!d.objectStoreNames.contains(store)) return d.close(), ok(0);
					const c = d.transaction(store).objectStore(store).count();
					c.onsuccess = () => (d.close(), ok(c.result));
					c.onerror = () => (d.close(), fail(c.error));
				};
			});
		},
		[db, store] as const
	);
}

async function faceIdsInDb(page: Page): Promise<string[]> {
	return page.evaluate(
		() =>
			new Promise<string[]>((ok, fail) => {
				const req = indexedDB.open('loupe-faces');
				req.onerror = () => fail(req.error);
				req.onsuccess = () => {
					const d = req.result;
					const k = d.transaction('faces').objectStore('faces').getAllKeys();
					k.onsuccess = () => (d.close(), ok(k.result as string[]));
				};
			})
	);
}

async function hasKey(page: Page, name: string): Promise<boolean> {
	return page.evaluate(async (name) => {
		if (!(await indexedDB.databases()).some((d) => d.name === 'loupe-keys')) return false;
		return new Promise<boolean>((ok, fail) => {
			const req = indexedDB.open('loupe-keys');
			req.onerror = () => fail(req.error);
			req.onsuccess = () => {
				const d = req.result;
				if (!d.objectStoreNames.contains('keys')) return d.close(), ok(false);
				const c = d.transaction('keys').objectStore('keys').count(name);
				c.onsuccess = () => (d.close(), ok(c.result > 0));
			};
		});
	}, name);
}

async function tileId(page: Page, name: string): Promise<string> {
	const tile = page.locator(`[data-testid=tile][aria-label^="${name},"]`);
	await tile.waitFor({ timeout: 60_000 });
	return (await tile.getAttribute('data-id'))!;
}

describe.skipIf(!hasEvalData)('face analysis in the app', () => {
	let app: AppServer;
	let browser: Browser;
	const modelRequests: string[] = [];
	beforeAll(async () => {
		app = await startApp();
		browser = await launch();
		browser.context.on('request', (r) => {
			// The service worker precaches models and WASM for offline use: that is not analysis.
			if (r.serviceWorker()) return;
			if (/\/models\/|ort-wasm|\.onnx/.test(r.url())) modelRequests.push(r.url());
		});
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	test('consent, analyse, show, delete, reload, turn off', async () => {
		const { page } = browser;
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(String(e)));
		await page.goto(app.url + '/');
		await page.locator('[data-testid=file-input]').setInputFiles([GROUP, SINGLE]);
		const groupId = await tileId(page, 'bbt1.jpg');
		const singleId = await tileId(page, 'img1.jpg');

		// --- nothing runs without consent
		await page.goto(`${app.url}/media/${groupId}`);
		const panel = page.locator('[data-testid=face-panel]');
		await expect.poll(() => panel.textContent()).toContain('Face analysis is off');
		await page.locator('[data-testid=analyze-faces]').click();
		// Every consent entry point (sidebar, toolbar, viewer) has its own dialog: use the open one.
		const dialog = page.locator('dialog[open][data-testid=biometric-consent]');
		await dialog.waitFor();
		const notice = (await dialog.textContent()) ?? '';
		for (const part of ['What is computed', 'Where it stays', 'How long it is kept', 'How to delete it', 'on this device']) expect(notice).toContain(part);
		// "Allow" stays disabled until the user ticks the affirmation.
		expect(await dialog.locator('[data-testid=biometric-consent-allow]').isDisabled()).toBe(true);
		await dialog.getByRole('button', { name: 'Not now' }).click();
		await page.waitForTimeout(1500);
		expect(await idbCount(page, 'loupe-face-queue', 'jobs')).toBe(0);
		expect(await idbCount(page, 'loupe-faces', 'faces')).toBe(0);
		expect(await idbCount(page, 'loupe-consent', 'records')).toBe(0);
		expect(modelRequests).toEqual([]);

		// --- consent and analyse the group photo
		await page.locator('[data-testid=analyze-faces]').click();
		await dialog.locator('[data-testid=biometric-consent-agree]').check();
		await dialog.locator('[data-testid=biometric-consent-allow]').click();
		const items = panel.locator('[data-testid=face-item]');
		await items.first().waitFor({ timeout: 180_000 });
		const n = await items.count();
		expect(n).toBeGreaterThanOrEqual(3); // bbt1 is a group shot of the cast
		expect(await panel.locator('[data-testid=face-boxes] rect').count()).toBe(n);
		expect(await idbCount(page, 'loupe-consent', 'records')).toBe(1);
		expect((await faceIdsInDb(page)).length).toBe(n);
		expect(modelRequests.some((u) => u.endsWith('.onnx'))).toBe(true);
		const firstText = ((await items.first().textContent()) ?? '').replace(/\s+/g, ' ');
		expect(firstText).toMatch(/Age \(estimate\)/);
		expect(firstText).toMatch(/Gender \(estimate\) ?(female|male) \(\d+% confidence\)/);
		expect(firstText).toMatch(/Quality ?(good|fair|poor)/);
		// Boxes lie inside the photo and are not all the same.
		const boxes = await panel.locator('[data-testid=face-boxes] rect').evaluateAll((rs) => rs.map((r) => [r.getAttribute('x'), r.getAttribute('width')].map(Number)));
		expect(new Set(boxes.map((b) => b[0])).size).toBe(n);

		// --- delete one face (keyboard: focus its Delete button and press Enter)
		const victim = (await items.nth(1).getAttribute('data-face-id'))!;
		await items.nth(1).locator('[data-testid=delete-face]').focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => items.count()).toBe(n - 1);
		expect(await panel.locator('[data-testid=face-boxes] rect').count()).toBe(n - 1);
		expect(await faceIdsInDb(page)).not.toContain(victim);

		// --- the single-person photo through the sidebar's "Analyse library" (consent already given)
		await page.locator('[data-testid=analyze-library]').click();
		// Stay on the page until it is done (a navigation right after the click could beat the enqueue).
		await expect
			.poll(() => page.locator('[data-testid=analysis-status]').textContent(), { timeout: 180_000 })
			.toMatch(/Done: 2 items analysed/);
		await page.goto(`${app.url}/media/${singleId}`);
		await expect.poll(() => panel.locator('[data-testid=face-item]').count(), { timeout: 180_000 }).toBe(1);

		// --- reload: the same faces, nothing re-analysed, the deleted face stays deleted
		await page.goto(`${app.url}/media/${groupId}`);
		await page.reload();
		await expect.poll(() => panel.locator('[data-testid=face-item]').count(), { timeout: 30_000 }).toBe(n - 1);
		const ids = await faceIdsInDb(page);
		expect(ids).toHaveLength(n);
		expect(ids).not.toContain(victim);
		await expect.poll(() => page.locator('[data-testid=analysis-status]').textContent()).toMatch(/Done: 2 items analysed/);

		// --- turn face features off: the confirmation names the counts, then everything is gone
		await page.locator('[data-testid=turn-off-faces-open]').click();
		const counts = page.locator('[data-testid=turn-off-counts]');
		await expect.poll(() => counts.textContent()).toContain(`${n} faces found on 2 items`);
		await page.locator('[data-testid=turn-off-confirm]').click();
		await expect.poll(() => panel.textContent()).toContain('Face analysis is off');
		expect(await idbCount(page, 'loupe-faces', 'faces')).toBe(0);
		expect(await hasKey(page, 'faces')).toBe(false); // the embedding key is shredded
		expect(await idbCount(page, 'loupe-consent', 'records')).toBe(2); // grant + withdrawal kept as proof
		expect(errors).toEqual([]);
	});

	test('video: sampled frames, faces linked into tracks, boxes follow the playhead', async () => {
		const { page } = browser;
		await page.goto(app.url + '/');
		await page.locator('[data-testid=file-input]').setInputFiles([CLIP]);
		const id = await tileId(page, 'short_hamilton_clip.mp4');
		await page.goto(`${app.url}/media/${id}`);
		await page.locator('[data-testid=analyze-faces]').click();
		// Consent is asked (again, after the previous test turned face features off).
		const dialog = page.locator('dialog[open][data-testid=biometric-consent]');
		await dialog.locator('[data-testid=biometric-consent-agree]').check();
		await dialog.locator('[data-testid=biometric-consent-allow]').click();
		const panel = page.locator('[data-testid=face-panel]');
		const tracks = panel.locator('[data-testid=face-item]');
		await tracks.first().waitFor({ timeout: 240_000 });
		const summary = ((await panel.textContent()) ?? '').replace(/\s+/g, ' ');
		const m = summary.match(/(\d+) face tracks? in (\d+) sampled frames/);
		expect(m).not.toBeNull();
		const [nTracks, nFrames] = [Number(m![1]), Number(m![2])];
		expect(nFrames).toBe(20); // the 10.0 s file at 2 fps
		expect(await tracks.count()).toBe(nTracks);
		// Fewer tracks than detections: faces were linked across frames.
		const rows = await page.evaluate(
			(mediaId) =>
				new Promise<{ frameTime?: number; trackId?: string }[]>((ok) => {
					const req = indexedDB.open('loupe-faces');
					req.onsuccess = () => {
						const q = req.result.transaction('faces').objectStore('faces').index('by-media').getAll(mediaId);
						q.onsuccess = () => ok(q.result.map((r: { frameTime?: number; trackId?: string }) => ({ frameTime: r.frameTime, trackId: r.trackId })));
					};
				}),
			id
		);
		expect(rows.length).toBeGreaterThan(nTracks);
		expect(rows.every((r) => typeof r.frameTime === 'number' && r.trackId?.startsWith(`${id}:t`))).toBe(true);
		expect(new Set(rows.map((r) => r.trackId)).size).toBe(nTracks);
		// Seeking to a track shows that frame's boxes on the panel's video.
		await tracks.first().getByRole('button', { name: /frame/ }).click();
		await expect.poll(() => panel.locator('[data-testid=face-boxes] rect').count()).toBeGreaterThan(0);
	});
});

// "Models and WASM are precached by the service worker, so analysis works offline": after one
// online visit, the network is cut, and a photo imported and analysed offline gets its faces.
// Every request the page makes while offline is recorded; only the service worker may answer.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EVAL_DIR, hasEvalData, launch, startApp, waitForServiceWorker, type AppServer, type Browser } from './harness';

const PHOTO = resolve(EVAL_DIR, 'A_face_identity/deepface_dev/images/img1.jpg');
if (!hasEvalData) console.warn(`faces-offline e2e skipped: evaluation data not found at ${EVAL_DIR}`);

describe.skipIf(!hasEvalData)('face analysis offline', () => {
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

	test('after one online visit, a photo imported offline is analysed with the precached models', async () => {
		const { page, context } = browser;
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(String(e)));
		await page.goto(app.url + '/');
		await waitForServiceWorker(page);
		// Requests that fail while offline (anything the precache did not hold).
		const failed: string[] = [];
		context.on('requestfailed', (r) => failed.push(r.url()));
		await context.setOffline(true);
		try {
			await page.reload();
			await page.locator('[data-testid=file-input]').first().setInputFiles([PHOTO]);
			const tile = page.locator('[data-testid=tile][aria-label^="img1.jpg,"]');
			await tile.waitFor({ timeout: 60_000 });
			const id = (await tile.getAttribute('data-id'))!;
			// Client-side navigation: the viewer route is in the precached shell.
			await tile.dblclick();
			await page.locator('[data-testid=media-name]').waitFor();
			expect(page.url()).toContain(`/media/${id}`);
			await page.locator('[data-testid=analyze-faces]').click();
			const dialog = page.locator('dialog[open][data-testid=biometric-consent]');
			await dialog.locator('[data-testid=biometric-consent-agree]').check();
			await dialog.locator('[data-testid=biometric-consent-allow]').click();
			const panel = page.locator('[data-testid=face-panel]');
			const items = panel.locator('[data-testid=face-item]');
			// Faces, or the error a missing model produces (so a broken precache fails fast, not by timeout).
			await items.first().or(page.getByText(/could not load the face model/i).first()).waitFor({ timeout: 180_000 });
			expect(await panel.textContent()).not.toMatch(/could not|failed/i);
			expect(await items.count()).toBe(1);
		} finally {
			await context.setOffline(false);
		}
		// Offline, nothing the analysis needed came from (or failed to come from) the network.
		expect(failed.filter((u) => /\/models\/|\.wasm|\.onnx|\.mjs/.test(u))).toEqual([]);
		expect(errors).toEqual([]);
	});
});

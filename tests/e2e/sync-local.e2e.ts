// Without PUBLIC_SUPABASE_URL / ANON_KEY Loupe is local-only: Settings says so, a share link says
// sharing needs the server configured (a clear page, not an error), and nothing leaves the origin.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { join } from 'node:path';
import { EVAL_DIR, hasEvalData, launch, startApp, type AppServer, type Browser } from './harness';

let app: AppServer;
let browser: Browser;
const foreign: string[] = [];
beforeAll(async () => {
	app = await startApp({ PUBLIC_SUPABASE_URL: '', PUBLIC_SUPABASE_ANON_KEY: '' });
	browser = await launch();
	browser.context.on('request', (r) => {
		if (!r.url().startsWith(app.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
	});
});
afterAll(async () => {
	await browser?.close();
	await app?.stop();
});

test('settings explains that Loupe is local-only and how to enable sync', async () => {
	const { page } = browser;
	await page.goto(app.url + '/settings');
	const box = page.locator('[data-testid=sync-local-only]');
	await box.waitFor();
	expect(await box.textContent()).toMatch(/local-only/);
	expect(await box.textContent()).toMatch(/PUBLIC_SUPABASE_URL/);
	expect(await page.locator('[data-testid=share-local-only]').textContent()).toMatch(/Sharing needs the sync server configured/);
	expect(await page.locator('#email').count()).toBe(0);
});

test('a share link shows a clear "needs the server configured" page', async () => {
	const { page } = browser;
	const res = await page.goto(app.url + '/share/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd');
	expect(res?.status()).toBe(200);
	const state = page.locator('[data-testid=share-state]');
	await state.waitFor();
	expect(await state.getAttribute('data-state')).toBe('unconfigured');
	expect(await state.textContent()).toMatch(/need the sync server configured/);
	expect(foreign).toEqual([]);
});

test.skipIf(!hasEvalData)('the viewer offers no file sharing when Loupe is local-only', async () => {
	const { page } = browser;
	await page.goto(app.url + '/');
	await page.locator('[data-testid=file-input]').first().setInputFiles([join(EVAL_DIR, 'A_face_identity/deepface_dev/images/img1.jpg')]);
	const tile = page.locator('[data-testid=tile][aria-label^="img1.jpg,"]');
	await tile.waitFor({ timeout: 90_000 });
	// In a project, which is where a signed-in owner would see the action.
	await tile.click();
	await page.locator('[data-testid=add-to-project]').click();
	await page.fill('[data-testid=new-project-name]', 'Local shoot');
	await page.keyboard.press('Enter');
	await page.locator('[data-testid=toast]', { hasText: 'Local shoot' }).waitFor();
	await page.goto(`${app.url}/media/${await tile.getAttribute('data-id')}`);
	await page.locator('[data-testid=viewer-add-to-project]').waitFor();
	expect(await page.locator('[data-testid=share-file], [data-testid=unshare-file]').count()).toBe(0);
	expect(foreign).toEqual([]);
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { launch, startApp, type AppServer, type Browser } from './harness';

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

test('pages are cross-origin isolated so WASM threads are available', async () => {
	const { page } = browser;
	const res = await page.goto(app.url + '/');
	expect(res?.headers()['cross-origin-opener-policy']).toBe('same-origin');
	expect(res?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
	expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
	expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
});

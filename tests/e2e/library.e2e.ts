// Library import end to end: real photos (eval data, when present) and generated files go in
// through the file picker; bad files get a message naming them and the reason while the good
// ones import; duplicates are detected by hash; everything survives a reload.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EVAL_DIR, hasEvalData, launch, startApp, type AppServer, type Browser } from './harness';
import { makeLibraryFixtures, type LibraryFixtures } from '../fixtures/library-files';

let app: AppServer;
let browser: Browser;
let fx: LibraryFixtures;

const evalPhotos = hasEvalData
	? readdirSync(join(EVAL_DIR, 'A_face_identity/deepface_dev/images'))
			.filter((f) => f.endsWith('.jpg'))
			.slice(0, 6)
			.map((f) => join(EVAL_DIR, 'A_face_identity/deepface_dev/images', f))
	: [];
if (!hasEvalData) console.warn(`[library e2e] ${EVAL_DIR} is absent: importing generated files only, not real photos.`);

beforeAll(async () => {
	fx = await makeLibraryFixtures();
	app = await startApp();
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
	await app?.stop();
	fx?.cleanup();
});

async function closeReport() {
	const close = browser.page.locator('[aria-label="Close import report"]');
	if (await close.count()) await close.click();
}

async function importAndWait(paths: string[]) {
	const { page } = browser;
	await page.locator('[data-testid=file-input]').first().setInputFiles(paths);
	await page.locator('[data-testid=import-summary]').waitFor({ timeout: 90_000 });
	return (await page.locator('[data-testid=import-summary]').textContent())!;
}

test('empty library explains what to do', async () => {
	const { page } = browser;
	await page.goto(app.url + '/');
	await page.locator('[data-testid=empty-library]').waitFor();
	expect(await page.locator('[data-testid=empty-library]').textContent()).toMatch(/Import photos and videos/);
});

test('good files import while each bad file is named with its reason', async () => {
	const { page } = browser;
	const good = [...fx.good, ...evalPhotos];
	const summary = await importAndWait([...good, ...fx.bad.map((b) => b.path)]);
	expect(summary).toContain(`Imported ${good.length} items`);
	expect(summary).toContain(`${fx.bad.length} could not be imported`);
	const failures = await page.locator('[data-testid=import-failure]').allTextContents();
	expect(failures).toHaveLength(fx.bad.length);
	for (const b of fx.bad) {
		const name = b.path.split('/').pop()!;
		const line = failures.find((f) => f.startsWith(name + ':'));
		expect(line, `message for ${name}`).toBeDefined();
		expect(line).toMatch(b.reason);
	}
	await expect.poll(() => page.locator('[data-testid=tile]').count()).toBe(good.length);
	// Thumbnails were made for every item, videos included.
	await expect.poll(() => page.locator('[data-testid=tile] img').count()).toBe(good.length);
});

test('re-importing the same files is detected as duplicates', async () => {
	const { page } = browser;
	await page.locator('[aria-label="Close import report"]').click();
	const summary = await importAndWait(fx.good.slice(0, 2));
	expect(summary).toContain('Imported 0 items, 2 already in the library');
	expect(await page.locator('[data-testid=import-duplicate]').count()).toBe(2);
});

test('the library survives a reload, and filters/sort work', async () => {
	const { page } = browser;
	const expected = fx.good.length + evalPhotos.length;
	await page.reload();
	await expect.poll(() => page.locator('[data-testid=tile]').count()).toBe(expected);
	await page.selectOption('[data-testid=filter-kind]', 'video');
	const videos = fx.good.filter((g) => /\.(mp4|webm|mov)$/.test(g)).length;
	await expect.poll(() => page.locator('[data-testid=tile]').count()).toBe(videos);
	await page.selectOption('[data-testid=filter-kind]', '');
	await page.selectOption('[data-testid=sort]', 'name');
	await page.fill('[data-testid=search]', 'sunset');
	await expect.poll(() => page.locator('[data-testid=tile]').count()).toBe(1);
	await page.fill('[data-testid=search]', '');
});

test('drag-and-drop and paste import files too', async () => {
	const { page } = browser;
	const before = await page.locator('[data-testid=tile]').count();
	await closeReport();
	// Synthetic events carrying real File objects, as the browser delivers them.
	await page.evaluate(async () => {
		const png = async (hue: number) => {
			const c = new OffscreenCanvas(64, 48);
			const g = c.getContext('2d')!;
			g.fillStyle = `hsl(${hue} 80% 50%)`;
			g.fillRect(0, 0, 64, 48);
			return c.convertToBlob({ type: 'image/png' });
		};
		const dt = new DataTransfer();
		dt.items.add(new File([await png(10)], 'dropped.png', { type: 'image/png' }));
		for (const type of ['dragenter', 'dragover', 'drop']) window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
	});
	await page.locator('[data-testid=import-summary]', { hasText: 'Imported 1 item' }).waitFor();
	await page.locator('[aria-label="Close import report"]').click();
	await page.evaluate(async () => {
		const c = new OffscreenCanvas(48, 64);
		const g = c.getContext('2d')!;
		g.fillStyle = 'hsl(200 80% 50%)';
		g.fillRect(0, 0, 48, 64);
		const dt = new DataTransfer();
		dt.items.add(new File([await c.convertToBlob({ type: 'image/png' })], 'image.png', { type: 'image/png' }));
		document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
	});
	await page.locator('[data-testid=import-summary]', { hasText: 'Imported 1 item' }).waitFor();
	await expect.poll(() => page.locator('[data-testid=tile]').count()).toBe(before + 2);
	await page.fill('[data-testid=search]', 'Pasted');
	await expect.poll(() => page.locator('[data-testid=tile]').count()).toBe(1);
	await page.fill('[data-testid=search]', '');
});

test('the sidebar shows storage use and explains persistent storage', async () => {
	const { page } = browser;
	const meter = page.locator('[data-testid=storage-meter]');
	await expect.poll(() => meter.textContent()).toMatch(/Storage.* of /);
	await meter.locator('button', { hasText: 'Keep my library safe' }).click();
	// Headless Chromium declines persistence; either way the user learns what it means.
	await expect.poll(() => meter.textContent()).toMatch(/Kept safe|may delete\s+site\s+data/);
});

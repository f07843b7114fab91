// Cleared talent end to end with the real face engine: enroll a real person from the evaluation
// data, import other photos of them and of other people, analyse, check the advisory labels in
// the viewer and the review page, confirm them, read the clearance report (CSV + printable page),
// revoke (labels turn unknown) and erase (salt destroyed, audit log kept but unlinkable).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { EVAL_DIR, hasEvalData, launch, startApp, type AppServer, type Browser } from './harness';

const IMG = (n: number) => resolve(EVAL_DIR, `A_face_identity/deepface_dev/images/img${n}.jpg`);
// deepface_dev clusters: p01 = img1,2,4,5,6,7,10,11; p02 = img3,...; p03 = img8,...
const REFERENCES = [1, 2, 4].map(IMG);
const SAME_PERSON = [5, 6].map(IMG);
const OTHERS = [3, 8].map(IMG);
if (!hasEvalData) console.warn(`talent e2e skipped: evaluation data not found at ${EVAL_DIR}`);

async function idbAll(page: Page, db: string, store: string): Promise<unknown[]> {
	return page.evaluate(
		([db, store]) =>
			new Promise<unknown[]>((ok, fail) => {
				const req = indexedDB.open(db);
				req.onerror = () => fail(req.error);
				req.onsuccess = () => {
					const d = req.result;
					if (!d.objectStoreNames.contains(store)) return d.close(), ok([]);
					const r = d.transaction(store).objectStore(store).getAll();
					r.onsuccess = () => (d.close(), ok(r.result));
				};
			}),
		[db, store] as const
	);
}

async function tileId(page: Page, name: string): Promise<string> {
	const tile = page.locator(`[data-testid=tile][aria-label^="${name},"]`);
	await tile.waitFor({ timeout: 60_000 });
	return (await tile.getAttribute('data-id'))!;
}

describe.skipIf(!hasEvalData)('cleared talent', () => {
	let app: AppServer;
	let browser: Browser;
	let dir: string;
	const ids: Record<string, string> = {};
	beforeAll(async () => {
		app = await startApp();
		browser = await launch();
		// Surface page errors in the test log: they explain a timeout better than the timeout does.
		browser.page.on('pageerror', (e) => console.log('[talent e2e] page error:', String(e)));
		dir = mkdtempSync(join(tmpdir(), 'loupe-talent-'));
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	test('enroll a real person from reference photos (with biometric consent first)', async () => {
		const { page } = browser;
		await page.goto(app.url + '/talent');
		await page.fill('[data-testid=talent-name]', 'Person One');
		await page.click('[data-testid=talent-add]');
		await page.locator('[data-testid=talent-detail]').waitFor();
		// Enrollment is refused without the talent's consent: the input is disabled.
		expect(await page.locator('[data-testid=reference-input]').isDisabled()).toBe(true);
		await page.click('[data-testid=consent-new]');
		await page.fill('[data-testid=consent-signature]', 'Person One');
		await page.click('[data-testid=consent-save]');
		await page.locator('[data-testid=consent-record]').waitFor();
		await page.locator('[data-testid=reference-input]').setInputFiles(REFERENCES);
		// The account holder's own biometric consent is asked for before any analysis runs.
		const open = page.locator('dialog[open]');
		await open.locator('[data-testid=biometric-consent-agree]').check();
		await open.locator('[data-testid=biometric-consent-allow]').click();
		await page.locator('[data-testid=enroll-result]').first().waitFor({ timeout: 240_000 });
		await page.locator('[data-testid=enrolling]').waitFor({ state: 'detached', timeout: 240_000 });
		const results = await page.locator('[data-testid=enroll-result]').allTextContents();
		console.log('[talent e2e] enrollment:', results);
		expect(results).toHaveLength(REFERENCES.length);
		// Clear, single-person photos from the evaluation set pass the quality check.
		expect(results.filter((r) => r.includes('added')).length).toBe(REFERENCES.length);
		await expect.poll(() => page.locator('[data-testid=reference]').count()).toBe(REFERENCES.length);
		// A photo of two people is refused with the reason.
		const group = resolve(EVAL_DIR, 'A_face_identity/faceapi_bbt_dev/group/bbt1.jpg');
		await page.locator('[data-testid=reference-input]').setInputFiles([group]);
		await expect.poll(() => page.locator('[data-testid=enroll-result]').first().textContent(), { timeout: 120_000 }).toMatch(/faces were found|only this person/);
		// Stored references are ciphertext, not vectors.
		const refs = await page.evaluate(
			() =>
				new Promise<{ bytes: number; dim: number; keys: string[] }[]>((ok) => {
					const req = indexedDB.open('loupe-talent');
					req.onsuccess = () => {
						const r = req.result.transaction('references').objectStore('references').getAll();
						r.onsuccess = () => {
							const rows = r.result.map((x) => ({ bytes: x.data.byteLength, dim: x.dim, keys: Object.keys(x) }));
							req.result.close();
							ok(rows);
						};
					};
				})
		);
		expect(refs.length).toBe(3);
		for (const r of refs) {
			expect(r.bytes).toBe(r.dim * 4 + 16); // AES-GCM ciphertext + tag
			expect(r.keys).not.toContain('embedding');
		}
	});

	test('import and analyse other photos; labels show on every face', async () => {
		const { page } = browser;
		await page.goto(app.url + '/');
		await page.locator('[data-testid=file-input]').first().setInputFiles([...SAME_PERSON, ...OTHERS]);
		for (const p of [...SAME_PERSON, ...OTHERS]) ids[p] = await tileId(page, p.split('/').pop()!);
		for (const p of [...SAME_PERSON, ...OTHERS]) {
			await page.goto(`${app.url}/media/${ids[p]}`);
			await page.locator('[data-testid=analyze-faces]').click();
			await page.locator('[data-testid=face-panel] [data-testid=face-item]').first().waitFor({ timeout: 180_000 });
		}
		// In the viewer: the same person is labelled with the talent's name, with a band and a reason.
		await page.goto(`${app.url}/media/${ids[SAME_PERSON[0]]}`);
		const label = page.locator('[data-testid=face-panel] [data-testid=talent-label]').first();
		await label.waitFor({ timeout: 60_000 });
		expect(['cleared', 'possible']).toContain(await label.getAttribute('data-label'));
		expect(await label.textContent()).toMatch(/Person One/);
		expect(await label.textContent()).toMatch(/match/);
		// Another person's face is not cleared as them.
		await page.goto(`${app.url}/media/${ids[OTHERS[0]]}`);
		const other = page.locator('[data-testid=face-panel] [data-testid=talent-label]').first();
		await other.waitFor({ timeout: 60_000 });
		expect(await other.getAttribute('data-label')).not.toBe('cleared');
	});

	test('review, clearance report, CSV and printable page', async () => {
		const { page } = browser;
		await page.goto(app.url + '/talent?tab=review');
		await page.locator('[data-testid=report-table]').waitFor({ timeout: 60_000 });
		const rows = page.locator('[data-testid=report-row]');
		const texts = await rows.allTextContents();
		console.log('[talent e2e] report:', texts);
		const mine = rows.filter({ hasText: 'Person One' });
		expect(await mine.count()).toBe(1);
		expect(['cleared', 'possible']).toContain(await mine.getAttribute('data-label'));
		expect(await mine.textContent()).toMatch(/img5\.jpg/);
		expect(await mine.textContent()).toMatch(/img6\.jpg/);
		expect(await mine.getAttribute('data-decision')).toBe('pending');
		// Confirm every label that names Person One.
		const faces = page.locator('[data-testid=review-face]').filter({ hasText: 'Person One' });
		const n = await faces.count();
		expect(n).toBeGreaterThanOrEqual(2);
		for (let i = 0; i < n; i++) {
			await faces.nth(i).locator('[data-testid=label-confirm]').click();
			await faces.nth(i).locator('[data-decision=confirmed]').waitFor();
		}
		await expect.poll(() => page.locator('[data-testid=report-row]').filter({ hasText: 'Person One' }).getAttribute('data-decision')).toBe('confirmed');
		// CSV
		const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=report-csv]')]);
		const csvPath = join(dir, 'report.csv');
		await dl.saveAs(csvPath);
		const csv = readFileSync(csvPath, 'utf8');
		expect(csv).toMatch(/^Project,Whole library\r\n/);
		expect(csv).toMatch(/Person One,(cleared|possible),[^,]*,confirmed,\d+,/);
		// Printable page
		const print = await browser.context.newPage();
		await print.goto(app.url + '/talent/report/library');
		await print.locator('[data-testid=print-row]').first().waitFor({ timeout: 60_000 });
		expect(await print.locator('[data-testid=print-row]').filter({ hasText: 'Person One' }).count()).toBe(1);
		await print.close();
	});

	test('revoke: references deleted, labels turn unknown', async () => {
		const { page } = browser;
		await page.goto(app.url + '/talent');
		await page.locator('[data-testid=talent-item]', { hasText: 'Person One' }).click();
		await page.click('[data-testid=talent-revoke]');
		await page.click('[data-testid=confirm-revoke]');
		await page.locator('[data-testid=talent-message]').waitFor();
		expect(await idbAll(page, 'loupe-talent', 'references')).toEqual([]);
		await page.goto(`${app.url}/media/${ids[SAME_PERSON[0]]}`);
		const label = page.locator('[data-testid=face-panel] [data-testid=talent-label]').first();
		await label.waitFor({ timeout: 60_000 });
		await expect.poll(() => label.getAttribute('data-label')).toBe('unknown');
	});

	test('erase: salt destroyed, audit entries kept but nothing links them to the person', async () => {
		const { page } = browser;
		const talent = (await idbAll(page, 'loupe-talent', 'talent')) as { id: string }[];
		const talentId = talent[0].id;
		await page.goto(app.url + '/talent');
		await page.locator('[data-testid=talent-item]', { hasText: 'Person One' }).click();
		await page.click('[data-testid=talent-erase]');
		await page.fill('[data-testid=erase-name]', 'Person One');
		await page.click('[data-testid=confirm-erase]');
		await page.locator('[data-testid=talent-message]').waitFor();
		expect(await idbAll(page, 'loupe-talent', 'talent')).toEqual([]);
		expect(await idbAll(page, 'loupe-talent', 'salts')).toEqual([]);
		expect(await idbAll(page, 'loupe-talent', 'reviews')).toEqual([]);
		const audit = (await idbAll(page, 'loupe-talent', 'audit')) as { action: string; subject: string | null }[];
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['talent.added', 'consent.granted', 'reference.added', 'match', 'review', 'consent.revoked', 'talent.erased']));
		const dump = JSON.stringify(await Promise.all(['audit', 'holds', 'consents', 'settings'].map((s) => idbAll(page, 'loupe-talent', s))));
		expect(dump).not.toContain(talentId);
		// Nobody can recompute a subject: the only keys left on the device are not the salt.
		const linked = await page.evaluate(async ([id, subjects]) => {
			const hmac = async (key: Uint8Array<ArrayBuffer>) => {
				const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
				return Array.from(new Uint8Array(await crypto.subtle.sign('HMAC', k, new TextEncoder().encode(id))), (b) => b.toString(16).padStart(2, '0')).join('');
			};
			const tries = [new Uint8Array(64), new Uint8Array(32), new TextEncoder().encode(id)];
			for (const t of tries) if (subjects.includes(await hmac(t))) return true;
			return false;
		}, [talentId, audit.map((a) => a.subject).filter(Boolean) as string[]] as const);
		expect(linked).toBe(false);
		// The consent evidence is kept as a legal hold without the talent id.
		const holds = (await idbAll(page, 'loupe-talent', 'holds')) as { signer: string }[];
		expect(holds.map((h) => h.signer)).toEqual(['Person One']);
	});
});

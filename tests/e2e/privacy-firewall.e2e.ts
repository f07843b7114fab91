// The privacy firewall: run the fullest workflow the app offers in Chromium — import real photos,
// analyse faces, name a person, enrol cleared talent (matching), edit metadata, sign in, sync,
// share and comment — while recording every request that leaves the page, its workers and the
// service worker, and fail if any URL or body carries biometric data (embeddings, boxes,
// landmarks, crops, age/gender estimates, person↔face links) or media bytes the user did not
// explicitly upload.
//
// Three recorders, so nothing slips between them: a reverse proxy in front of the app (every
// same-origin request, workers and service worker included), a fake Supabase (every sync, auth
// and share request, byte for byte), and Playwright's context request/websocket events (anything
// addressed elsewhere).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EVAL_DIR, hasEvalData, launch, startApp, type AppServer, type Browser } from './harness';
import { startFakeSupabase, startRecordingProxy, type FakeSupabase, type Recorded } from './sync-fake-supabase';

const PHOTOS = ['img1.jpg', 'img2.jpg'].map((f) => join(EVAL_DIR, 'A_face_identity/deepface_dev/images', f));
const REFERENCE = join(EVAL_DIR, 'A_face_identity/deepface_dev/images/img1.jpg');
// Unusual strings the user types; they must never appear in any request (person names and talent
// names are the person↔face link side of the data and are not on the sync allow-list).
const PERSON_NAME = 'Zelda Quartzfield';
const TALENT_NAME = 'Yorick Talentsson';
const PROJECT = 'Firewall shoot';
const RENAMED = 'harbour-portrait.jpg';

// ------------------------------------------------------------------------------------------------
// The inspector.

export interface Finding {
	request: string;
	problem: string;
}

const FORBIDDEN_KEY_WORDS = new Set([
	'embedding', 'embeddings', 'descriptor', 'descriptors', 'vector', 'box', 'boxes', 'bbox', 'landmark', 'landmarks',
	'keypoint', 'keypoints', 'crop', 'crops', 'age', 'gender', 'face', 'faces', 'faceid', 'faceids', 'person', 'personid',
	'persons', 'people', 'cluster', 'pixels', 'thumbnail', 'thumb', 'biometric'
]);
const keyWords = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
const MAGIC: [string, (b: Buffer) => boolean][] = [
	['JPEG', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
	['PNG', (b) => b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))],
	['WebP', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
	['GIF', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
	['MP4/MOV', (b) => b.subarray(4, 8).toString('latin1') === 'ftyp'],
	['WebM/MKV', (b) => b.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))]
];

function inspectText(where: string, s: string, secrets: string[], out: Finding[]) {
	if (/data:(image|video|audio)\//i.test(s)) out.push({ request: where, problem: 'a data: URL with media' });
	if (/[A-Za-z0-9+/_-]{200,}={0,2}/.test(s)) out.push({ request: where, problem: 'a long base64 run (encoded bytes)' });
	if (/(?:[-+]?\d*\.\d+(?:e[-+]?\d+)?[\s,;]+){7,}[-+]?\d*\.?\d+/i.test(s)) out.push({ request: where, problem: 'a list of decimal numbers (embedding/landmarks?)' });
	for (const secret of secrets) if (s.toLowerCase().includes(secret.toLowerCase())) out.push({ request: where, problem: `contains "${secret}"` });
}

function inspectJson(where: string, v: unknown, path: string, out: Finding[]) {
	if (Array.isArray(v)) {
		const nums = v.filter((x) => typeof x === 'number') as number[];
		if (nums.length === v.length && v.length >= 4 && nums.some((x) => !Number.isInteger(x)))
			out.push({ request: where, problem: `${path}: an array of ${v.length} decimals (embedding, box or landmarks)` });
		if (nums.length === v.length && v.length >= 64) out.push({ request: where, problem: `${path}: a long numeric array` });
		v.forEach((x, i) => inspectJson(where, x, `${path}[${i}]`, out));
		return;
	}
	if (v && typeof v === 'object') {
		for (const [k, x] of Object.entries(v)) {
			const hit = keyWords(k).find((w) => FORBIDDEN_KEY_WORDS.has(w));
			if (hit) out.push({ request: where, problem: `${path}.${k}: a biometric key (${hit})` });
			inspectJson(where, x, `${path}.${k}`, out);
		}
	}
}

/** Everything wrong with one recorded request. `fileSlices`: byte runs taken from the imported media. */
export function inspect(r: Pick<Recorded, 'method' | 'url' | 'body'> & { via?: string }, secrets: string[], fileSlices: Buffer[]): Finding[] {
	const where = `${r.via ?? ''} ${r.method} ${r.url.slice(0, 160)}`;
	const out: Finding[] = [];
	let url = r.url;
	try {
		url = decodeURIComponent(r.url);
	} catch {
		/* keep raw */
	}
	inspectText(where + ' (URL)', url, secrets, out);
	const b = r.body;
	if (!b?.length) return out;
	for (const [name, is] of MAGIC) if (b.length >= 12 && is(b)) out.push({ request: where, problem: `body is ${name} media bytes` });
	for (const s of fileSlices) if (b.includes(s)) out.push({ request: where, problem: 'body contains bytes of an imported media file' });
	const text = b.toString('utf8');
	inspectText(where, text, secrets, out);
	try {
		inspectJson(where, JSON.parse(text), '$', out);
	} catch {
		/* not JSON: the text checks above apply */
	}
	return out;
}

/** 64-byte runs from several offsets of each file: any of them in a body means media bytes left. */
function slicesOf(paths: string[]): Buffer[] {
	const out: Buffer[] = [];
	for (const p of paths) {
		const b = readFileSync(p);
		for (const f of [0.1, 0.35, 0.6, 0.85]) {
			const at = Math.floor(b.length * f);
			out.push(b.subarray(at, at + 64));
		}
	}
	return out;
}

test('the inspector flags each kind of smuggled data (so the firewall test can fail)', () => {
	const emb = Array.from({ length: 128 }, (_, i) => Math.cos(i) / 7);
	const jpeg = hasEvalData ? readFileSync(PHOTOS[0]).subarray(0, 4096) : Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) & 0xff));
	const slices = hasEvalData ? slicesOf([PHOTOS[0]]) : [];
	const body = (o: unknown) => Buffer.from(JSON.stringify(o));
	const cases: [string, Buffer, string?][] = [
		['embedding', body({ p_changes: [{ value: emb }] })],
		['renamed embedding', body({ notes: emb.slice(0, 8) })],
		['box', body({ region: { x: 1, y: 2, w: 3, h: 4 }, box: [10.5, 20.25, 64.5, 64.75] })],
		['landmarks', body({ pts: [[30.1, 40.2, 50.3, 40.1, 40.5]] })],
		['age/gender', body({ estimatedAge: 31, gender: 'f' })],
		['person link', body({ personId: 'x', faceIds: ['a'] })],
		['crop base64', body({ name: jpeg.toString('base64') })],
		['data URL', body({ body: 'data:image/png;base64,iVBORw0KGgo=' })],
		['numbers in text', body({ tags: ['0.12, 0.55, 0.91, 0.33, 0.42, 0.18, 0.77, 0.61, 0.05'] })],
		['person name', body({ title: `Photos of ${PERSON_NAME}` })],
		['name in URL', Buffer.alloc(0), `/rest/v1/x?name=eq.${encodeURIComponent(TALENT_NAME)}`]
	];
	if (hasEvalData) cases.push(['raw JPEG', readFileSync(PHOTOS[0])], ['embedded JPEG bytes', (() => {
			const f = readFileSync(PHOTOS[0]);
			const at = Math.floor(f.length * 0.1) - 1000;
			return Buffer.concat([Buffer.from('{"x":"'), f.subarray(at, at + 5000)]);
		})()]);
	for (const [name, b, url] of cases)
		expect(inspect({ method: 'POST', url: url ?? '/rest/v1/rpc/sync_push', body: b }, [PERSON_NAME, TALENT_NAME], slices), name).not.toEqual([]);
	// …and lets ordinary metadata through.
	const ok = body({ p_changes: [{ table: 'media_metadata', row_id: 'r', field: 'name', value: 'img1.jpg', base_version: 0, client_ts: '2026-01-01T00:00:00Z' }, { field: 'size', value: 2280860 }, { field: 'duration', value: 12.5 }] });
	expect(inspect({ method: 'POST', url: '/rest/v1/rpc/sync_push', body: ok }, [PERSON_NAME], slices)).toEqual([]);
});

// ------------------------------------------------------------------------------------------------
// The workflow.

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function tileId(page: Page, name: string): Promise<string> {
	const tile = page.locator(`[data-testid=tile][aria-label^="${name},"]`);
	await tile.waitFor({ timeout: 90_000 });
	return (await tile.getAttribute('data-id'))!;
}

describe.skipIf(!hasEvalData)('privacy firewall', () => {
	let app: AppServer;
	let browser: Browser;
	let supa: FakeSupabase;
	let proxy: { url: string; stop(): Promise<void> };
	const appRequests: Recorded[] = [];
	const elsewhere: Recorded[] = [];
	const steps: string[] = [];

	beforeAll(async () => {
		supa = await startFakeSupabase();
		app = await startApp({ PUBLIC_SUPABASE_URL: supa.url, PUBLIC_SUPABASE_ANON_KEY: 'test-anon-key' });
		proxy = await startRecordingProxy(app.url, appRequests);
		browser = await launch();
		const known = (u: string) => u.startsWith(proxy.url) || u.startsWith(supa.url) || /^(data|blob|about|chrome-extension):/.test(u);
		browser.context.on('request', (r) => {
			if (!known(r.url())) elsewhere.push({ via: 'browser', method: r.method(), url: r.url(), headers: r.headers(), body: r.postDataBuffer() ?? Buffer.alloc(0) });
		});
		browser.page.on('websocket', (ws) => {
			elsewhere.push({ via: 'websocket', method: 'WS', url: ws.url(), headers: {}, body: Buffer.alloc(0) });
			ws.on('framesent', (f) => elsewhere.push({ via: 'websocket', method: 'FRAME', url: ws.url(), headers: {}, body: Buffer.from(f.payload as string) }));
		});
	});
	afterAll(async () => {
		await browser?.close();
		await proxy?.stop();
		await app?.stop();
		await supa?.stop();
		console.log(`[privacy-firewall] steps covered: ${steps.join(' → ')}`);
		console.log(`[privacy-firewall] requests inspected: app ${appRequests.length}, supabase ${supa?.requests.length ?? 0}, elsewhere ${elsewhere.length}`);
	});

	test('a full workflow sends no biometric data and no unchosen media bytes', async () => {
		const { page } = browser;
		const base = proxy.url;
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(String(e)));

		// 1. Import real photos.
		await page.goto(base + '/');
		await page.locator('[data-testid=file-input]').first().setInputFiles(PHOTOS);
		const id1 = await tileId(page, 'img1.jpg');
		await tileId(page, 'img2.jpg');
		steps.push('import 2 real photos');

		// 2. Put them in a project (metadata edit).
		await page.locator('[data-testid=tile]').nth(0).click();
		await page.locator('[data-testid=tile]').nth(1).click({ modifiers: ['Shift'] });
		await page.locator('[data-testid=add-to-project]').click();
		await page.fill('[data-testid=new-project-name]', PROJECT);
		await page.keyboard.press('Enter');
		await page.locator('[data-testid=toast]', { hasText: PROJECT }).waitFor();
		steps.push('create project');

		// 3. Analyse faces (consent first), in the viewer.
		await page.goto(`${base}/media/${id1}`);
		await page.locator('[data-testid=analyze-faces]').click();
		await page.locator('[data-testid=biometric-consent-agree]:visible').check();
		await page.locator('[data-testid=biometric-consent-allow]:visible').click();
		await page.locator('[data-testid=face-panel] [data-testid=face-item]').first().waitFor({ timeout: 240_000 });
		await page.locator('[data-testid=analyze-library]').click().catch(() => {});
		steps.push('analyse faces');

		// 4. Rename the item (metadata edit that syncs).
		await page.locator('[data-testid=rename]').click();
		await page.fill('[data-testid=rename-input]', RENAMED);
		await page.keyboard.press('Enter');
		await page.locator('[data-testid=media-name]', { hasText: RENAMED }).waitFor();
		steps.push('rename media');

		// 5. Name a person.
		await page.goto(base + '/people');
		const card = page.locator('[data-testid=person-card]').first();
		if (await card.waitFor({ timeout: 120_000 }).then(() => true, () => false)) {
			await card.click();
			await page.fill('[data-testid=person-name-input]', PERSON_NAME);
			await page.keyboard.press('Enter');
			await page.getByText(`Named “${PERSON_NAME}”`).first().waitFor({ timeout: 30_000 });
			await page.goto(base + '/people');
			await page.locator('[data-testid=person-name]', { hasText: PERSON_NAME }).waitFor({ timeout: 30_000 });
			steps.push('name a person');
		}

		// 6. Cleared talent: add to the roster, record consent, enrol a reference photo (matching).
		await page.goto(base + '/talent');
		if (await page.locator('[data-testid=talent-name]').waitFor({ timeout: 30_000 }).then(() => true, () => false)) {
			await page.fill('[data-testid=talent-name]', TALENT_NAME);
			await page.locator('[data-testid=talent-add]').click();
			await page.locator('[data-testid=talent-item]', { hasText: TALENT_NAME }).click();
			await page.locator('[data-testid=consent-new]').click();
			await page.fill('[data-testid=consent-signature]', TALENT_NAME);
			await page.locator('[data-testid=consent-all-projects]').check().catch(() => {});
			await page.locator('[data-testid=consent-save]').click();
			await page.locator('[data-testid=consent-record]').first().waitFor({ timeout: 30_000 });
			steps.push('talent consent');
			await page.locator('[data-testid=reference-input]').setInputFiles([REFERENCE]);
			if (await page.locator('[data-testid=enroll-result]').first().waitFor({ timeout: 180_000 }).then(() => true, () => false)) steps.push('talent enrolment (matching)');
		}

		// 7. Sign in with an e-mail link (PKCE), which starts sync.
		await page.goto(base + '/settings');
		await page.fill('#email', 'producer@example.test');
		await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
		await page.locator('[data-testid=link-sent]').waitFor();
		expect(supa.otpRequests).toEqual(['producer@example.test']);
		await page.goto(base + '/settings?code=fake-auth-code');
		await page.locator('[data-testid=signed-in]').waitFor({ timeout: 30_000 });
		steps.push('sign in');

		// 8. Sync: the library's metadata really goes out (positive control), then "Sync now" is idle.
		await expect
			.poll(() => JSON.stringify(supa.rows.media_metadata ?? {}), { timeout: 60_000 })
			.toContain(RENAMED);
		await page.getByRole('button', { name: 'Sync now' }).click();
		await expect.poll(() => page.locator('[data-testid=sync-pending]').textContent(), { timeout: 30_000 }).toMatch(/^0 changes/);
		expect(Object.values(supa.rows.projects ?? {}).map((p) => p.title)).toContain(PROJECT);
		await page.locator('[data-testid=devices] li').first().waitFor();
		steps.push('sync');
		if (steps.includes('talent consent')) {
			// The talent audit log went out as hashed rows only: action, HMAC subject, time, chain.
			await expect.poll(() => supa.audit.length, { timeout: 30_000 }).toBeGreaterThan(0);
			for (const r of supa.audit) expect(Object.keys(r).sort()).toEqual(['action', 'at', 'device_id', 'hash', 'id', 'prev_hash', 'seq', 'subject_hash']);
			steps.push(`talent audit sync (${supa.audit.length} hashed rows)`);
		}

		// 9. Share the project with a commenter link, open it, comment.
		await page.selectOption('[data-testid=share-project]', { label: PROJECT });
		await page.selectOption('[data-testid=share-role]', 'commenter');
		await page.getByRole('button', { name: 'Create link' }).click();
		const shareUrl = await page.locator('[data-testid=share-url]').inputValue();
		expect(shareUrl).toMatch(/\/share\/[A-Za-z0-9_-]{40,}$/);
		await page.goto(shareUrl);
		await page.locator('[data-testid=share-title]', { hasText: PROJECT }).waitFor();
		expect(await page.locator('[data-testid=share-media] li').count()).toBe(2);
		await page.fill('textarea', 'Lovely light in the second one');
		await page.getByRole('button', { name: 'Post comment' }).click();
		await page.locator('[data-testid=share-comments]', { hasText: 'Lovely light' }).waitFor();
		steps.push('share + comment');

		// 9b. Explicitly share ONE file with collaborators (the only way media bytes may leave).
		await page.goto(`${base}/media/${id1}`);
		await page.locator('[data-testid=share-file]').click({ timeout: 30_000 });
		await expect.poll(() => page.locator('dialog[open]').textContent()).toMatch(/file itself.*every face in it is visible/s);
		await page.locator('[data-testid=share-file-confirm]').click();
		await page.locator('[data-testid=unshare-file]').waitFor({ timeout: 30_000 });
		expect([...supa.objects.keys()]).toEqual([expect.stringMatching(new RegExp(`^[0-9a-f-]{36}/${id1}/[A-Za-z0-9._-]+$`))]);
		const [sharedPath, uploaded] = [...supa.objects.entries()][0];
		expect(sha256(uploaded)).toBe(sha256(readFileSync(PHOTOS[0])));
		await expect.poll(() => supa.rows.media_metadata?.[id1]?.shared_path, { timeout: 30_000 }).toBe(sharedPath);
		await page.goto(shareUrl);
		await page.locator('[data-testid=share-title]', { hasText: PROJECT }).waitFor();
		expect(await page.locator('[data-testid=shared-file-link]').count()).toBe(1);
		expect(await page.locator('[data-testid=shared-file-link]').getAttribute('href')).toBe(`${supa.url}/storage/v1/object/public/shared-exports/${sharedPath}`);
		// Stop sharing: the object is deleted and the path cleared.
		await page.goto(`${base}/media/${id1}`);
		await page.locator('[data-testid=unshare-file]').click();
		await page.locator('[data-testid=share-file]').waitFor({ timeout: 30_000 });
		expect(supa.deletedObjects).toEqual([sharedPath]);
		await expect.poll(() => supa.rows.media_metadata?.[id1]?.shared_path, { timeout: 30_000 }).toBeNull();
		steps.push('share one file + stop sharing');

		// 10. Revoke: the link shows a clear page.
		await page.goto(base + '/settings');
		await page.locator('[data-testid=share-links] button', { hasText: 'Revoke' }).first().click();
		await page.goto(shareUrl);
		await expect.poll(() => page.locator('[data-testid=share-state]').getAttribute('data-state')).toBe('revoked');
		steps.push('revoke');
		// Expired and unknown links get their own clear pages too.
		await page.goto(base + '/settings');
		await page.selectOption('[data-testid=share-project]', { label: PROJECT });
		await page.getByRole('button', { name: 'Create link' }).click();
		const second = await page.locator('[data-testid=share-url]').inputValue();
		supa.links[supa.links.length - 1].expires_at = new Date(Date.now() - 60_000).toISOString();
		await page.goto(second);
		await expect.poll(() => page.locator('[data-testid=share-state]').getAttribute('data-state')).toBe('expired');
		await page.goto(base + '/share/' + 'Q'.repeat(43));
		await expect.poll(() => page.locator('[data-testid=share-state]').getAttribute('data-state')).toBe('unknown');
		await page.goto(base + '/share/not-a-token!');
		await expect.poll(() => page.locator('[data-testid=share-state]').getAttribute('data-state')).toBe('unknown');
		steps.push('expired/unknown link pages');

		// --- the verdict
		// Exactly one request carried media bytes: the upload of the item the user chose, with its
		// exact bytes. Everything else goes through the inspector as before.
		const isUpload = (r: Recorded) => r.via === 'supabase' && r.method === 'POST' && new URL(r.url).pathname.startsWith('/storage/');
		const uploads = supa.requests.filter(isUpload);
		expect(uploads.map((r) => [new URL(r.url).pathname, sha256(r.body)])).toEqual([[`/storage/v1/object/shared-exports/${sharedPath}`, sha256(readFileSync(PHOTOS[0]))]]);
		const all = [...appRequests, ...supa.requests.filter((r) => !isUpload(r)), ...elsewhere];
		expect(supa.requests.some((r) => r.url.includes('/rpc/sync_push'))).toBe(true);
		expect(appRequests.length).toBeGreaterThan(10);
		const findings = all.flatMap((r) => inspect(r, [PERSON_NAME, TALENT_NAME], slicesOf([...PHOTOS, REFERENCE])));
		expect(findings, JSON.stringify(findings.slice(0, 10), null, 1)).toEqual([]);
		expect(elsewhere.map((r) => `${r.via} ${r.method} ${r.url}`)).toEqual([]);
		// Only the sync/auth/share endpoints were called on Supabase.
		const paths = new Set(supa.requests.filter((r) => r.method !== 'OPTIONS').map((r) => new URL(r.url).pathname));
		for (const p of paths) expect(p).toMatch(/^\/(auth\/v1\/(otp|token|user|logout)|rest\/v1\/rpc\/(sync_push|sync_pull|register_device|list_devices|create_share_link|list_share_links|revoke_share_link|resolve_share|add_share_comment|accept_share|append_audit|account_deletion_status|request_account_deletion|cancel_account_deletion)|storage\/v1\/object\/shared-exports\/[0-9a-f-]{36}\/[0-9a-f-]{36}\/[A-Za-z0-9._-]+)$/);
		expect(errors).toEqual([]);
	});

	test('control: the recorders do capture a leak from the page and from a worker', async () => {
		const { page } = browser;
		const before = { app: appRequests.length, supa: supa.requests.length };
		// Bypass the app (and its boundary) on purpose: a page fetch to Supabase with an embedding,
		// and a module worker posting JPEG bytes to the app's origin.
		await page.evaluate(async (url) => {
			await fetch(url + '/rest/v1/rpc/sync_push', { method: 'POST', body: JSON.stringify({ embedding: Array.from({ length: 128 }, (_, i) => i / 3) }) }).catch(() => {});
		}, supa.url);
		const workerSaid = await page.evaluate(async (origin) => {
			const src = `fetch('${origin}/leak', { method: 'POST', body: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0]) }).then((r) => postMessage('sent ' + r.status), (e) => postMessage('failed ' + e));`;
			const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
			const said = await new Promise<string>((ok) => ((w.onmessage = (e) => ok(String(e.data))), (w.onerror = (e) => ok('error ' + e.message)), setTimeout(() => ok('timeout'), 10_000)));
			w.terminate();
			return said;
		}, proxy.url);
		expect(workerSaid).toMatch(/^sent/);
		await expect.poll(() => appRequests.some((r) => r.url === '/leak') && supa.requests.length > before.supa).toBe(true);
		const caught = [...appRequests.slice(before.app), ...supa.requests.slice(before.supa)].flatMap((r) => inspect(r, [], []));
		expect(caught.some((f) => /biometric key \(embedding\)/.test(f.problem))).toBe(true);
		expect(caught.some((f) => /JPEG media bytes/.test(f.problem))).toBe(true);
	});
});

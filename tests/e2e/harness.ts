// Shared end-to-end plumbing: the built app served by server.js on a free port, and Debian's
// Chromium driven by playwright-core with a fresh profile (never a downloaded browser).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EVAL_DIR = resolve(ROOT, '../shared/data/eval');
export const hasEvalData = existsSync(EVAL_DIR);
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

async function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const s = createServer();
		s.once('error', fail);
		s.listen(0, '127.0.0.1', () => {
			const addr = s.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			s.close(() => ok(port));
		});
	});
}

export interface AppServer {
	url: string;
	stop(): Promise<void>;
}

/** Serves the production build (run `npm run build` first; `npm run test:e2e` does). */
export async function startApp(env: Record<string, string> = {}): Promise<AppServer> {
	const buildDir = process.env.LOUPE_BUILD_DIR ?? 'build';
	if (!existsSync(join(ROOT, buildDir, 'handler.js'))) throw new Error('No build found: run `npm run build` first.');
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, ['server.js'], {
		cwd: ROOT,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout?.on('data', (d) => (log += d));
	child.stderr?.on('data', (d) => (log += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 20_000;
	for (;;) {
		try {
			const r = await fetch(url + '/');
			if (r.ok) break;
		} catch {
			/* not up yet */
		}
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
		await new Promise((r) => setTimeout(r, 150));
	}
	return {
		url,
		stop: () =>
			new Promise<void>((ok) => {
				if (child.exitCode !== null) return ok();
				child.once('exit', () => ok());
				child.kill('SIGTERM');
			})
	};
}

export interface Browser {
	context: BrowserContext;
	page: Page;
	profileDir: string;
	close(): Promise<void>;
}

/**
 * A fresh Chromium profile; pass `profileDir` to reopen the same profile (reload/relaunch tests).
 * First-use privacy gates (age gate, consent banner) are pre-answered like a returning adult user
 * unless `gates: true` (the privacy tests), so they never cover what other tests click.
 */
export async function launch(opts: { profileDir?: string; locale?: string; timezoneId?: string; gates?: boolean } = {}): Promise<Browser> {
	const profileDir = opts.profileDir ?? mkdtempSync(join(tmpdir(), 'loupe-chromium-'));
	const context = await chromium.launchPersistentContext(profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		locale: opts.locale ?? 'en-US',
		timezoneId: opts.timezoneId,
		viewport: { width: 1280, height: 800 }
	});
	if (!opts.gates)
		await context.addInitScript(() => {
			try {
				if (!localStorage.getItem('loupe.privacy.ageGate'))
					localStorage.setItem('loupe.privacy.ageGate', JSON.stringify({ at: Date.now(), ok: true, minAge: 16, region: 'eea' }));
				if (!localStorage.getItem('loupe.privacy.bannerAnsweredAt')) localStorage.setItem('loupe.privacy.bannerAnsweredAt', String(Date.now()));
			} catch {
				/* opaque origins (about:blank) have no storage */
			}
		});
	const page = context.pages()[0] ?? (await context.newPage());
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	return {
		context,
		page,
		profileDir,
		close: async () => {
			await context.close();
			if (!opts.profileDir) rmSync(profileDir, { recursive: true, force: true });
		}
	};
}

/** Waits until the service worker has finished precaching and controls the page (offline-ready). */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller)
			await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
	});
}

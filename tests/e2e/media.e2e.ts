// Media export end to end in Chromium: open a real clip in the editor, trim it, export it in two
// presets through the queue, download the results and check them with ffprobe (a real decoder).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EVAL_DIR, hasEvalData, launch, startApp, type AppServer, type Browser } from './harness';

const CLIP = join(EVAL_DIR, 'E_video/video_dev/short_hamilton_clip.mp4');
const haveClip = hasEvalData && existsSync(CLIP);
if (!haveClip) console.warn(`[media e2e] skipped: ${CLIP} not found (evaluation data absent)`);

interface Probe {
	streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
	format: { duration: string; size: string };
}
function ffprobe(file: string): Probe {
	return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' }));
}

describe.skipIf(!haveClip)('media editor export (real clip)', () => {
	let app: AppServer;
	let browser: Browser;
	let dir: string;
	beforeAll(async () => {
		app = await startApp();
		browser = await launch();
		dir = mkdtempSync(join(tmpdir(), 'loupe-media-e2e-'));
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	async function openClip(file: string) {
		const { page } = browser;
		await page.goto(app.url + '/media/local/edit');
		await page.getByTestId('open-file').setInputFiles(file);
	}

	async function exportPreset(preset: string, index: number): Promise<{ path: string; engine: string }> {
		const { page } = browser;
		await page.getByTestId('preset').selectOption(preset);
		await page.getByTestId('export').click();
		const entry = page.getByTestId('export-entry').nth(index);
		await entry.and(page.locator('[data-status=done], [data-status=failed]')).waitFor({ timeout: 120_000 });
		const status = await entry.getAttribute('data-status');
		if (status !== 'done') throw new Error('export failed: ' + (await entry.textContent()));
		const [download] = await Promise.all([page.waitForEvent('download'), entry.getByTestId('download').click()]);
		const path = join(dir, download.suggestedFilename());
		await download.saveAs(path);
		return { path, engine: (await entry.getAttribute('data-engine')) ?? '' };
	}

	test('trims 2–5 s and exports YouTube MP4 and vertical 9:16; outputs decode with the right shape', async () => {
		const { page } = browser;
		await openClip(CLIP);
		await page.getByTestId('preset').waitFor();
		await page.getByTestId('in-point').fill('0:02.0');
		await page.getByTestId('in-point').press('Enter');
		await page.getByTestId('out-point').fill('0:05.0');
		await page.getByTestId('out-point').press('Enter');
		await expect.poll(() => page.getByTestId('export').textContent()).toContain('0:03.0');

		const yt = await exportPreset('youtube-1080p', 0);
		expect(yt.engine).toBe('webcodecs');
		const p1 = ffprobe(yt.path);
		const v1 = p1.streams.find((s) => s.codec_type === 'video')!;
		expect(v1).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
		expect(p1.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
		expect(Number(p1.format.duration)).toBeGreaterThan(2.8);
		expect(Number(p1.format.duration)).toBeLessThan(3.3);
		expect(Number(p1.format.size)).toBeGreaterThan(20_000);

		const vert = await exportPreset('vertical-1080x1920', 1);
		const p2 = ffprobe(vert.path);
		expect(p2.streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 1080, height: 1920 });
		expect(p2.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
		expect(Number(p2.format.duration)).toBeGreaterThan(2.8);
		expect(Number(p2.format.duration)).toBeLessThan(3.3);

		// The details panel names the engine and why.
		await page.getByTestId('details').locator('summary').click();
		await expect.poll(() => page.getByTestId('engine-choice').textContent()).toContain('WebCodecs');
	});

	test('ffmpeg.wasm engine exports WebM (VP8/Vorbis fallback) with a decodable audio track', async () => {
		const { page } = browser;
		await openClip(CLIP);
		await page.getByTestId('preset').waitFor();
		await page.getByTestId('in-point').fill('0:01.0');
		await page.getByTestId('in-point').press('Enter');
		await page.getByTestId('out-point').fill('0:03.0');
		await page.getByTestId('out-point').press('Enter');
		await page.getByTestId('details').locator('summary').click();
		await page.getByTestId('engine-select').selectOption('ffmpeg');
		const before = await page.getByTestId('export-entry').count();
		const r = await exportPreset('webm-vp9', before);
		expect(r.engine).toBe('ffmpeg-mt');
		const p = ffprobe(r.path);
		expect(p.streams.find((s) => s.codec_type === 'video')?.codec_name).toBe('vp8');
		expect(p.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('vorbis');
		expect(Number(p.format.duration)).toBeGreaterThan(1.8);
		expect(Number(p.format.duration)).toBeLessThan(2.3);
	});

	test('a truncated file is reported clearly and nothing is exported', async () => {
		const { page } = browser;
		const broken = join(dir, 'truncated.mp4');
		// The clip keeps its index at the end: cutting the tail loses it, as an interrupted copy would.
		writeFileSync(broken, readFileSync(CLIP).subarray(0, 200_000));
		await openClip(broken);
		const err = page.getByTestId('load-error');
		await err.waitFor({ timeout: 30_000 });
		expect(await err.textContent()).toMatch(/corrupt|truncated|damaged|cannot/i);
		expect(await page.getByTestId('export').count()).toBe(0);
	});
});

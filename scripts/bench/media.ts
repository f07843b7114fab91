// npm run bench:media [-- --json out.json] [--runs N] [--seconds S]
// Makes a 1080p H.264/AAC reference clip with Debian's ffmpeg, then times the same export jobs
// with native ffmpeg, with Loupe's WebCodecs engine in Chromium and with its ffmpeg.wasm engine in
// Chromium (driven through the editor page), and prints medians and ratios to native.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, ROOT, startApp } from '../../tests/e2e/harness';
import { buildFfmpegArgs, buildThumbnailArgs } from '../../src/lib/media/ffmpegArgs';
import { buildJob, type PresetId } from '../../src/lib/media/presets';
import { keptRanges } from '../../src/lib/media/timeline';
import type { SourceInfo, TimeRange } from '../../src/lib/media/types';

const argv = process.argv.slice(2);
const opt = (name: string) => {
	const i = argv.indexOf(name);
	return i >= 0 ? argv[i + 1] : undefined;
};
const RUNS = Number(opt('--runs') ?? 3);
const SECONDS = Number(opt('--seconds') ?? 6);
const JSON_OUT = opt('--json');

interface Job {
	name: string;
	kind: 'export' | 'thumbnails';
	preset?: PresetId;
	range: TimeRange;
}
const JOBS: Job[] = [
	{ name: '1080p H.264 → 9:16 1080×1920 H.264/AAC', kind: 'export', preset: 'vertical-1080x1920', range: { start: 0, end: SECONDS } },
	{ name: '1080p H.264 → WebM', kind: 'export', preset: 'webm-vp9', range: { start: 0, end: SECONDS } },
	{ name: 'trim 2 s → H.264/AAC MP4', kind: 'export', preset: 'youtube-1080p', range: { start: 1, end: 3 } },
	{ name: '12 thumbnails (320 px)', kind: 'thumbnails', range: { start: 0, end: SECONDS } }
];

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function makeReference(dir: string): { file: string; info: SourceInfo } {
	const file = join(dir, 'reference-1080p.mp4');
	execFileSync('ffmpeg', [
		'-hide_banner', '-loglevel', 'error', '-y',
		'-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${SECONDS}`,
		'-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`,
		'-c:v', 'libx264', '-preset', 'medium', '-pix_fmt', 'yuv420p', '-b:v', '8M', '-g', '60',
		'-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-movflags', '+faststart', file
	]);
	const info: SourceInfo = {
		duration: SECONDS, size: 0, container: 'mp4', hasVideo: true, hasAudio: true, width: 1920, height: 1080, fps: 30,
		vfr: false, rotation: 0, videoCodec: 'avc', audioCodec: 'aac', audioChannels: 2, audioSampleRate: 48000, canDecodeVideo: true, canDecodeAudio: true
	};
	return { file, info };
}

function timeNative(job: Job, ref: { file: string; info: SourceInfo }, dir: string): number {
	let args: string[];
	if (job.kind === 'thumbnails') args = buildThumbnailArgs(ref.file, join(dir, 'n-%03d.jpg'), job.range.start, job.range.end, 12, 320);
	else {
		const j = buildJob(job.preset!, ref.info, { ranges: keptRanges(ref.info.duration, job.range.start, job.range.end, []), mute: false, replaceAudio: false, normalize: false, reframe: false, cropPath: null, captions: null });
		args = buildFfmpegArgs(j, { input: ref.file, output: join(dir, 'native-out.' + j.ext), x264Preset: 'veryfast' });
	}
	const t0 = performance.now();
	const r = spawnSync('ffmpeg', ['-loglevel', 'error', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
	const s = (performance.now() - t0) / 1000;
	if (r.status !== 0) throw new Error(`native ffmpeg failed for ${job.name}: ${r.stderr}`);
	return s;
}

async function main() {
	const buildDir = process.env.LOUPE_BUILD_DIR ?? 'build';
	if (!existsSync(join(ROOT, buildDir, 'handler.js'))) {
		console.log(`No build in ${buildDir}: building…`);
		execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	}
	const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-media-'));
	const ref = makeReference(dir);
	console.log(`Reference: ${SECONDS} s 1920×1080 30 fps H.264 8 Mb/s + AAC (made with Debian ffmpeg). ${RUNS} runs per job, medians.`);

	const results = JOBS.map((j) => ({ name: j.name, native_s: 0, webcodecs_s: 0, ffmpegwasm_s: 0 }));
	for (const [i, job] of JOBS.entries()) results[i].native_s = median(Array.from({ length: RUNS }, () => timeNative(job, ref, dir)));

	const app = await startApp();
	const browser = await launch();
	const { page } = browser;
	try {
		await page.goto(app.url + '/media/local/edit');
		await page.getByTestId('open-file').setInputFiles(ref.file);
		await page.getByTestId('preset').waitFor();
		await page.getByTestId('details').locator('summary').click();
		let exported = 0;

		const setRange = async (r: TimeRange) => {
			await page.getByTestId('in-point').fill(String(r.start));
			await page.getByTestId('in-point').press('Enter');
			await page.getByTestId('out-point').fill(String(r.end));
			await page.getByTestId('out-point').press('Enter');
		};
		const runOnce = async (job: Job, engine: 'webcodecs' | 'ffmpeg'): Promise<number> => {
			await page.getByTestId('engine-select').selectOption(engine);
			await setRange(job.range);
			if (job.kind === 'thumbnails') {
				const before = await page.getByTestId('thumbnail-seconds').getAttribute('data-seconds').catch(() => null);
				await page.getByTestId('thumbnail-set').click();
				await page.waitForFunction(
					(b) => {
						const el = document.querySelector('[data-testid=thumbnail-seconds]');
						const btn = document.querySelector('[data-testid=thumbnail-set]') as HTMLButtonElement | null;
						return el && !btn?.disabled && el.getAttribute('data-seconds') !== b;
					},
					before,
					{ timeout: 300_000 }
				);
				return Number(await page.getByTestId('thumbnail-seconds').getAttribute('data-seconds'));
			}
			await page.getByTestId('preset').selectOption(job.preset!);
			await page.getByTestId('export').click();
			const entry = page.getByTestId('export-entry').nth(exported++);
			await entry.and(page.locator('[data-status=done], [data-status=failed]')).waitFor({ timeout: 600_000 });
			if ((await entry.getAttribute('data-status')) !== 'done') throw new Error(`${engine} failed on ${job.name}: ${await entry.textContent()}`);
			return Number(await entry.getAttribute('data-seconds'));
		};

		for (const engine of ['webcodecs', 'ffmpeg'] as const) {
			// Warm-up: the first ffmpeg.wasm call compiles a 32 MB core; encoders initialise once.
			await runOnce(JOBS[2], engine);
			for (const [i, job] of JOBS.entries()) {
				const times: number[] = [];
				for (let r = 0; r < RUNS; r++) times.push(await runOnce(job, engine));
				results[i][engine === 'webcodecs' ? 'webcodecs_s' : 'ffmpegwasm_s'] = median(times);
				console.log(`  ${engine.padEnd(9)} ${job.name}: ${times.map((t) => t.toFixed(2)).join(', ')} s`);
			}
		}
		const engines = await page.getByTestId('export-entry').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-engine')))]);
		console.log(`  engines used in Chromium: ${engines.join(', ')} (crossOriginIsolated → multi-threaded ffmpeg core)`);
	} finally {
		await browser.close();
		await app.stop();
		rmSync(dir, { recursive: true, force: true });
	}

	const pad = (s: string, n: number) => s.padEnd(n);
	console.log('\n' + pad('job', 44) + pad('native', 10) + pad('WebCodecs', 20) + 'ffmpeg.wasm');
	for (const r of results) {
		console.log(
			pad(r.name, 44) +
				pad(r.native_s.toFixed(2) + ' s', 10) +
				pad(`${r.webcodecs_s.toFixed(2)} s (${(r.webcodecs_s / r.native_s).toFixed(2)}×)`, 20) +
				`${r.ffmpegwasm_s.toFixed(2)} s (${(r.ffmpegwasm_s / r.native_s).toFixed(2)}×)`
		);
	}
	console.log('Ratios are wall time relative to native ffmpeg (x264 veryfast / libvpx realtime) on this machine; ffmpeg.wasm writes VP8/Vorbis for WebM (VP9 and Opus crash in ffmpeg.wasm). Run on a quiet machine: other load skews the ratios.');
	if (JSON_OUT) {
		writeFileSync(JSON_OUT, JSON.stringify({ jobs: results }, null, 2) + '\n');
		console.log(`Wrote ${JSON_OUT}`);
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});

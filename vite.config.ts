import { sveltekit } from '@sveltejs/kit/vite';
import { existsSync, statSync } from 'node:fs';
import { generateSW } from 'workbox-build';
import { defineConfig, type Plugin } from 'vite';
import { setIsolationHeaders } from './src/lib/server-headers.js';

// Vite's server.headers do not reach pages rendered by SvelteKit; a middleware does.
function crossOriginIsolation(): Plugin {
	return {
		name: 'loupe-cross-origin-isolation',
		configureServer(server) {
			server.middlewares.use((_req, res, next) => {
				setIsolationHeaders(res);
				next();
			});
		},
		configurePreviewServer(server) {
			server.middlewares.use((_req, res, next) => {
				setIsolationHeaders(res);
				next();
			});
		}
	};
}

// Service worker (workbox generateSW), built from the adapter's final client output so the
// precache lists exactly the files that are served. @vite-pwa/sveltekit's closeBundle step runs
// before SvelteKit's client output is in place under Vite 8 (it produced an empty precache), and
// it ignores LOUPE_KIT_DIR; this runs after the adapter instead. The page registers it with
// workbox-window (src/lib/pwa/register.ts) and prompts before activating an update.
//
// Not precached (fetched on first use instead): onnxruntime-web's WebGPU build, which only machines
// with a real GPU adapter load, and ffmpeg's single-threaded core, which only a page served without
// cross-origin isolation needs — Loupe's own server always isolates. Together ~60 MB less to
// download before the app works offline.
const ORT_GPU_BUILD = /ort-wasm-simd-threaded\.(jsep|asyncify|jspi)\b/;
const FFMPEG_SINGLE_THREAD_WASM_BYTES = statSync('node_modules/@ffmpeg/core/dist/esm/ffmpeg-core.wasm').size;

function precacheServiceWorker(): Plugin {
	let ssr = false;
	return {
		name: 'loupe-precache-service-worker',
		apply: 'build',
		configResolved(c) {
			ssr = !!c.build.ssr;
		},
		closeBundle: {
			sequential: true,
			order: 'post',
			async handler() {
				const dir = `${process.env.LOUPE_BUILD_DIR ?? 'build'}/client`;
				if (!ssr || !existsSync(`${dir}/_app/version.json`)) return;
				const { count, size, warnings } = await generateSW({
					swDest: `${dir}/sw.js`,
					globDirectory: dir,
					// App shell, icons, manifest, models and the onnxruntime/ffmpeg WASM: everything needed
					// to use Loupe offline after the first visit.
					globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,wasm,mjs,onnx,json,woff2}'],
					globIgnores: ['sw.js', 'workbox-*.js'],
					dontCacheBustURLsMatching: /_app\/immutable\//,
					// Models and WASM are large (onnxruntime-web's is 14 MB, ffmpeg's 32 MB) but must still be precached.
					maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
					manifestTransforms: [
						async (entries) => ({
							manifest: entries.filter(
								(e) => !ORT_GPU_BUILD.test(e.url) && !(/ffmpeg-core[^/]*\.wasm$/.test(e.url) && e.size === FFMPEG_SINGLE_THREAD_WASM_BYTES)
							),
							warnings: []
						})
					],
					// Every page renders in the browser from the same HTML shell (ssr = false), so offline
					// navigations get the precached '/' and the client router shows the right page. The
					// shell is server-rendered, not a file, so it is listed by hand, revisioned per build.
					additionalManifestEntries: [{ url: '/', revision: `${Date.now()}` }],
					navigateFallback: '/',
					navigateFallbackDenylist: [/^\/api\//, /^\/share\//, /^\/auth\//],
					cleanupOutdatedCaches: true,
					clientsClaim: true,
					inlineWorkboxRuntime: true,
					sourcemap: false,
					mode: 'production'
				});
				for (const w of warnings) console.warn('service worker:', w);
				console.log(`service worker: precached ${count} files (${(size / 1024 / 1024).toFixed(1)} MB)`);
			}
		}
	};
}

export default defineConfig({
	cacheDir: process.env.LOUPE_VITE_CACHE ?? 'node_modules/.vite',
	plugins: [
		crossOriginIsolation(),
		sveltekit(),
		precacheServiceWorker()
	],
	optimizeDeps: { exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util', 'onnxruntime-web'] },
	worker: { format: 'es' },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'scripts/**/*.test.ts'],
					testTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.e2e.ts'],
					testTimeout: 300_000,
					hookTimeout: 300_000,
					// A poll waits for the UI to settle; vitest's 1 s default is shorter than a page reload
					// takes on a loaded 2-core CI machine. The expected values are unchanged.
					expect: { poll: { timeout: 10_000 } },
					fileParallelism: false
				}
			}
		]
	}
});

import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
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

export default defineConfig({
	cacheDir: process.env.LOUPE_VITE_CACHE ?? 'node_modules/.vite',
	plugins: [
		crossOriginIsolation(),
		sveltekit(),
		SvelteKitPWA({
			strategies: 'generateSW',
			injectRegister: false,
			registerType: 'prompt',
			manifest: false, // static/manifest.webmanifest is the source of truth
			workbox: {
				globPatterns: ['client/**/*.{js,css,html,svg,png,ico,webmanifest,wasm,mjs,onnx,json}', 'prerendered/**/*.html'],
				// Models and the onnxruntime/ffmpeg WASM are large; they must be precached for offline analysis.
				maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
				navigateFallback: '/',
				navigateFallbackDenylist: [/^\/api\//]
			},
			kit: { includeVersionFile: true }
		})
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
					fileParallelism: false
				}
			}
		]
	}
});

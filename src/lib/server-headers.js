// Cross-origin isolation: SharedArrayBuffer (WASM threads for onnxruntime-web and ffmpeg.wasm)
// only exists when every response carries these. Shared by the Vite dev/preview middleware and
// the production server so the three cannot drift apart.
export const ISOLATION_HEADERS = Object.freeze({
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin'
});

/** @param {{ setHeader(name: string, value: string): void }} res */
export function setIsolationHeaders(res) {
	for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
}

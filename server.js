// Production server: SvelteKit's node handler behind the cross-origin isolation headers.
// Runs the built app with no keys: Loupe is local-first and every cloud feature is optional.
import http from 'node:http';
import { setIsolationHeaders } from './src/lib/server-headers.js';

const buildDir = process.env.LOUPE_BUILD_DIR ?? 'build';
const { handler } = await import(new URL(`./${buildDir}/handler.js`, import.meta.url).href);

const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? '127.0.0.1';

http
	.createServer((req, res) => {
		setIsolationHeaders(res);
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	})
	.listen(port, host, () => {
		console.log(`Loupe is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`);
	});

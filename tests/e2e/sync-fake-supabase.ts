// A stand-in Supabase for browser tests: just enough GoTrue (e-mail link with PKCE) and PostgREST
// RPC (the sync/share functions, with in-memory state) for the app to really sign in, sync and
// share. It records every request it receives, byte for byte, so tests can inspect what left the
// page. The SQL behaviour of the real functions is proven separately in tests/db.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface Recorded {
	via: string;
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((ok, fail) => {
		const parts: Buffer[] = [];
		req.on('data', (c: Buffer) => parts.push(c));
		req.on('end', () => ok(Buffer.concat(parts)));
		req.on('error', fail);
	});
}

function listen(server: Server): Promise<string> {
	return new Promise((ok) => {
		server.listen(0, '127.0.0.1', () => {
			const a = server.address();
			ok(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`);
		});
	});
}

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export interface FakeSupabase {
	url: string;
	requests: Recorded[];
	/** Server-side state written through sync_push: table → row id → fields. */
	rows: Record<string, Record<string, Record<string, unknown>>>;
	links: { id: string; token: string; project_id: string; role: string; expires_at: string | null; created_at: string; revoked_at: string | null }[];
	otpRequests: string[];
	/** Audit rows received through append_audit. */
	audit: Record<string, unknown>[];
	/** Storage: objects uploaded to shared-exports (path → bytes) and paths deleted, in order. */
	objects: Map<string, Buffer>;
	deletedObjects: string[];
	stop(): Promise<void>;
}

export async function startFakeSupabase(): Promise<FakeSupabase> {
	const userId = randomUUID();
	let email = 'someone@example.test';
	const devices = new Map<string, { id: string; name: string; created_at: string; last_seen_at: string }>();
	const comments: Record<string, unknown>[] = [];
	const versions = new Map<string, number>();
	const state: FakeSupabase = { url: '', requests: [], rows: {}, links: [], otpRequests: [], audit: [], objects: new Map(), deletedObjects: [], stop: async () => {} };

	function session() {
		const exp = Math.floor(Date.now() / 1000) + 3600;
		const user = { id: userId, aud: 'authenticated', role: 'authenticated', email, app_metadata: { provider: 'email' }, user_metadata: {}, created_at: new Date().toISOString() };
		const access_token = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: userId, role: 'authenticated', aud: 'authenticated', exp, email })}.c2lnbmF0dXJl`;
		return { access_token, token_type: 'bearer', expires_in: 3600, expires_at: exp, refresh_token: 'fake-refresh-token', user };
	}

	function rpc(fn: string, a: Record<string, any>): unknown {
		switch (fn) {
			case 'register_device': {
				const now = new Date().toISOString();
				const d = { id: a.p_device_id, name: a.p_name, created_at: devices.get(a.p_device_id)?.created_at ?? now, last_seen_at: now };
				devices.set(d.id, d);
				return d;
			}
			case 'list_devices':
				return [...devices.values()];
			case 'sync_push':
				return (a.p_changes as any[]).map((c) => {
					const key = `${c.table}|${c.row_id}|${c.field}`;
					const v = (versions.get(key) ?? 0) + 1;
					versions.set(key, v);
					((state.rows[c.table] ??= {})[c.row_id] ??= { id: c.row_id })[c.field] = c.value;
					return { table: c.table, row_id: c.row_id, field: c.field, status: 'applied', version: v, value: c.value };
				});
			case 'sync_pull':
				return { cursor: a.p_since, more: false, rows: [] };
			case 'create_share_link': {
				const link = { id: randomUUID(), token: randomBytes(32).toString('base64url'), project_id: a.p_project_id, role: a.p_role, expires_at: a.p_expires_at, created_at: new Date().toISOString(), revoked_at: null };
				state.links.push(link);
				return { id: link.id, token: link.token, role: link.role, expires_at: link.expires_at };
			}
			case 'list_share_links':
				return state.links.filter((l) => l.project_id === a.p_project_id).map(({ token: _t, ...l }) => l);
			case 'revoke_share_link': {
				const l = state.links.find((x) => x.id === a.p_link_id);
				if (l) l.revoked_at = new Date().toISOString();
				return { id: a.p_link_id, revoked: true };
			}
			case 'resolve_share': {
				const l = state.links.find((x) => x.token === a.p_token);
				if (!l) return { status: 'unknown' };
				if (l.revoked_at) return { status: 'revoked' };
				if (l.expires_at && Date.parse(l.expires_at) <= Date.now()) return { status: 'expired' };
				const p = state.rows.projects?.[l.project_id] ?? {};
				const media = Object.values(state.rows.media_metadata ?? {})
					.filter((m) => Array.isArray(m.project_ids) && (m.project_ids as string[]).includes(l.project_id))
					.map((m) => ({ tags: [], scene_list: null, clearance_summary: null, duration: null, width: null, height: null, taken_at: null, ...m }));
				return { status: 'ok', role: l.role, expires_at: l.expires_at, project: { id: l.project_id, title: p.title ?? '', description: p.description ?? null, updated_at: new Date().toISOString() }, media, comments: comments.filter((c) => c.project_id === l.project_id) };
			}
			case 'add_share_comment': {
				const l = state.links.find((x) => x.token === a.p_token);
				const c = { id: randomUUID(), project_id: l?.project_id, media_id: a.p_media_id, body: a.p_body, author_name: a.p_author_name ?? 'Guest', at_seconds: null, created_at: new Date().toISOString() };
				comments.push(c);
				return c;
			}
			case 'append_audit':
				state.audit.push(...(a.p_records as Record<string, unknown>[]));
				return { appended: (a.p_records as unknown[]).length };
			case 'accept_share':
				return { status: 'ok', role: 'viewer' };
			default:
				throw new Error(`fake supabase: no function ${fn}`);
		}
	}

	const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
		const body = await readBody(req);
		state.requests.push({ via: 'supabase', method: req.method ?? 'GET', url: `${state.url}${req.url}`, headers: req.headers, body });
		res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
		res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '*');
		res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, PUT, DELETE, OPTIONS');
		res.setHeader('Access-Control-Expose-Headers', 'content-range, x-supabase-api-version');
		res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
		res.setHeader('Vary', 'Origin');
		if (req.method === 'OPTIONS') return void res.writeHead(204).end();
		const url = new URL(req.url ?? '/', state.url);
		const json = (status: number, data: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(data === undefined ? '' : JSON.stringify(data));
		};
		// Storage (explicit per-item sharing): raw bytes in, so handled before any JSON parsing.
		const obj = url.pathname.match(/^\/storage\/v1\/object\/shared-exports\/(.+)$/);
		if (obj) {
			const path = decodeURIComponent(obj[1]);
			if (req.method === 'POST' || req.method === 'PUT') {
				state.objects.set(path, body);
				return json(200, { Key: `shared-exports/${path}`, Id: randomUUID() });
			}
			if (req.method === 'DELETE') {
				state.deletedObjects.push(path);
				return json(state.objects.delete(path) ? 200 : 404, { message: 'ok' });
			}
		}
		let args: any = {};
		try {
			args = body.length ? JSON.parse(body.toString('utf8')) : {};
		} catch {
			return json(400, { message: 'body is not JSON' });
		}
		try {
			if (url.pathname === '/auth/v1/otp') {
				email = args.email ?? email;
				state.otpRequests.push(email);
				return json(200, {});
			}
			if (url.pathname === '/auth/v1/token') return json(200, session());
			if (url.pathname === '/auth/v1/user') return json(200, session().user);
			if (url.pathname === '/auth/v1/logout') return json(204, undefined);
			const m = url.pathname.match(/^\/rest\/v1\/rpc\/([a-z_]+)$/);
			if (m) return json(200, rpc(m[1], args));
			return json(404, { message: `fake supabase: ${url.pathname} not implemented` });
		} catch (e) {
			return json(400, { message: (e as Error).message, code: '22023' });
		}
	});
	state.url = await listen(server);
	state.stop = () =>
		new Promise((ok) => {
			server.close(() => ok());
			server.closeAllConnections();
		});
	return state;
}

/** A recording reverse proxy in front of the app: every request the page, its workers and the
 * service worker send to the app's origin passes through here and is kept. */
export async function startRecordingProxy(target: string, requests: Recorded[]): Promise<{ url: string; stop(): Promise<void> }> {
	const t = new URL(target);
	const server = createServer(async (req, res) => {
		const body = await readBody(req);
		requests.push({ via: 'app', method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
		const up = httpRequest(
			{ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } },
			(r) => {
				res.writeHead(r.statusCode ?? 502, r.headers);
				r.pipe(res);
			}
		);
		up.on('error', (e) => {
			res.writeHead(502).end(String(e));
		});
		up.end(body);
	});
	const url = await listen(server);
	return {
		url,
		stop: () =>
			new Promise((ok) => {
				server.close(() => ok());
				server.closeAllConnections();
			})
	};
}

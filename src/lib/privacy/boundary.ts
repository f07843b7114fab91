// The privacy boundary: the one place that decides what may leave this device.
//
// Every outbound request (the Supabase client, the AI proxy, anything else) is made through
// `guardedFetch`. A request passes only if its destination is known and every field of its body
// is on that destination's explicit allow-list with the declared shape. Anything else — unknown
// destinations, unknown fields, biometric data (embeddings, boxes, landmarks, crops, age/gender,
// person↔face links) or media bytes the user did not explicitly choose to upload — is refused
// with a `BoundaryViolation` before a single byte goes out.
//
// Pure logic (no DOM, no globals besides `fetch` passed in), so it is unit-tested in Node.

export class BoundaryViolation extends Error {
	readonly path: string;
	constructor(path: string, reason: string) {
		super(`Privacy boundary refused ${path || 'request'}: ${reason}`);
		this.name = 'BoundaryViolation';
		this.path = path;
	}
}

// ---------------------------------------------------------------------------------------------
// Field shapes. Each allowed field has one; values of any other shape are refused.

type Shape =
	| { t: 'uuid' }
	| { t: 'text'; max: number }
	| { t: 'token' } // opaque share token (base64url)
	| { t: 'hex64' } // SHA-256 hex digest
	| { t: 'enum'; of: readonly string[] }
	| { t: 'int'; min?: number; max?: number }
	| { t: 'num'; min?: number; max?: number }
	| { t: 'bool' }
	| { t: 'time' } // ISO-8601 timestamp
	| { t: 'tags' } // short strings
	| { t: 'empty' } // {} only
	| { t: 'nullable'; of: Shape }
	| { t: 'object'; fields: Record<string, Shape> }
	| { t: 'list'; of: Shape; max: number };

const uuid: Shape = { t: 'uuid' };
const time: Shape = { t: 'time' };
const text = (max: number): Shape => ({ t: 'text', max });
const int = (min = 0, max = Number.MAX_SAFE_INTEGER): Shape => ({ t: 'int', min, max });
const num = (min = 0, max = 1e12): Shape => ({ t: 'num', min, max });
const nullable = (of: Shape): Shape => ({ t: 'nullable', of });
const oneOf = (...of: string[]): Shape => ({ t: 'enum', of });

/** A scene list: time ranges with a short label — never frame pixels or face tracks. */
const sceneList: Shape = {
	t: 'list',
	max: 2000,
	of: { t: 'object', fields: { start: num(0, 1e7), end: num(0, 1e7), label: nullable(text(200)) } }
};

/** The clearance report summary: counts and a review state, no per-face data. */
const clearanceSummary: Shape = {
	t: 'object',
	fields: {
		cleared: int(0, 1e6),
		possible: int(0, 1e6),
		unknown: int(0, 1e6),
		reviewed: { t: 'bool' },
		reviewed_at: nullable(time)
	}
};

/**
 * What may sync, per table. This is the allow-list: a field not named here never leaves.
 * The SQL functions in supabase/migrations enforce the same list on the server.
 */
export const SYNC_TABLES = {
	profiles: { id: uuid, display_name: nullable(text(120)) },
	projects: {
		id: uuid,
		title: text(300),
		description: nullable(text(4000)),
		created_at: time,
		deleted_at: nullable(time)
	},
	media_metadata: {
		id: uuid,
		project_ids: { t: 'list', of: uuid, max: 100 },
		name: text(500),
		kind: oneOf('image', 'video'),
		mime: text(100),
		size: int(0, 1e13),
		duration: nullable(num(0, 1e7)),
		width: nullable(int(0, 1e6)),
		height: nullable(int(0, 1e6)),
		taken_at: nullable(time),
		tags: { t: 'tags' },
		scene_list: nullable(sceneList),
		clearance_summary: nullable(clearanceSummary),
		deleted_at: nullable(time),
		// Storage object path of a file the owner explicitly shared (src/lib/sync/share-media.ts).
		shared_path: nullable(text(400))
	},
	comments: {
		id: uuid,
		project_id: uuid,
		media_id: nullable(uuid),
		body: text(4000),
		at_seconds: nullable(num(0, 1e7)),
		created_at: time
	},
	talent_consents: {
		id: uuid,
		project_id: nullable(uuid),
		talent_ref: { t: 'hex64' }, // hash of the local talent id: no name, no face
		purpose: oneOf('appearance', 'likeness', 'voice', 'biometric_matching'),
		status: oneOf('granted', 'withdrawn', 'expired'),
		granted_at: nullable(time),
		expires_at: nullable(time),
		withdrawn_at: nullable(time)
	},
	audit_records: {
		id: uuid,
		device_id: uuid,
		seq: int(0),
		action: oneOf(
			'talent.added',
			'consent.granted',
			'consent.revoked',
			'reference.added',
			'references.deleted',
			'match',
			'review',
			'talent.erased',
			'retention.purged',
			'settings.changed'
		),
		subject_hash: nullable({ t: 'hex64' }), // HMAC of the on-device talent id, or none
		at: time,
		prev_hash: nullable({ t: 'hex64' }),
		hash: { t: 'hex64' }
	},
	devices: { id: uuid, name: text(120), last_seen_at: nullable(time) }
} as const satisfies Record<string, Record<string, Shape>>;

export type SyncTable = keyof typeof SYNC_TABLES;
export const SYNC_TABLE_NAMES = Object.keys(SYNC_TABLES) as SyncTable[];

/** Fields that sync per field with versions (the `sync_push` RPC); the others are append-only. */
export const VERSIONED_TABLES = ['projects', 'media_metadata', 'talent_consents', 'profiles'] as const;

/** One field change for `sync_push`, minus its value (checked against the named field's shape). */
const CHANGE_META: Record<string, Shape> = {
	table: oneOf(...VERSIONED_TABLES),
	row_id: uuid,
	project_id: nullable(uuid),
	field: { t: 'enum', of: [...new Set(VERSIONED_TABLES.flatMap((t) => Object.keys(SYNC_TABLES[t])))].filter((f) => f !== 'id') },
	base_version: int(0),
	client_ts: time,
	device_id: uuid
};

const shareToken: Shape = { t: 'token' };

/** RPC functions that may be called, with the exact shape of their arguments. */
const RPC_ARGS: Record<string, Record<string, Shape>> = {
	sync_push: {}, // checked by checkSyncPush
	sync_pull: { p_since: int(0) },
	create_share_link: {
		p_project_id: uuid,
		p_role: oneOf('viewer', 'commenter'),
		p_expires_at: nullable(time)
	},
	revoke_share_link: { p_link_id: uuid },
	list_share_links: { p_project_id: uuid },
	resolve_share: { p_token: shareToken },
	accept_share: { p_token: shareToken },
	add_share_comment: {
		p_token: shareToken,
		p_body: text(4000),
		p_media_id: nullable(uuid),
		p_author_name: nullable(text(120))
	},
	register_device: { p_device_id: uuid, p_name: text(120) },
	list_devices: {},
	append_audit: { p_records: { t: 'list', of: { t: 'object', fields: SYNC_TABLES.audit_records }, max: 500 } },
	// Account deletion (issue 8): no arguments; the purge is service-role only and never called by the app.
	request_account_deletion: {},
	cancel_account_deletion: {},
	account_deletion_status: {}
};

/** Auth (GoTrue) request bodies: sign-in by e-mail link, token refresh, PKCE exchange, sign-out. */
const AUTH_BODY: Record<string, Shape> = {
	email: text(320),
	create_user: { t: 'bool' },
	data: { t: 'empty' },
	gotrue_meta_security: { t: 'empty' },
	code_challenge: nullable(text(200)),
	code_challenge_method: nullable(text(10)),
	refresh_token: text(200),
	auth_code: text(200),
	code_verifier: text(200),
	redirect_to: text(2000)
};

/** The AI proxy: text prompts only; images only as explicit uploads (faces blurred by the caller). */
const AI_BODY: Record<string, Shape> = {
	task: oneOf('transcribe', 'describe', 'summarize', 'chat'),
	text: text(20000),
	language: nullable(text(16))
};

// ---------------------------------------------------------------------------------------------
// Value checks.

/** Key tokens that name biometric data or raw media; used to give a precise refusal message. */
const BIOMETRIC_WORDS = new Set([
	'embedding', 'embeddings', 'embed', 'descriptor', 'descriptors', 'vector', 'vectors', 'box', 'boxes',
	'bbox', 'bboxes', 'rect', 'landmark', 'landmarks', 'keypoint', 'keypoints', 'crop', 'crops', 'age',
	'gender', 'sex', 'face', 'faces', 'person', 'persons', 'people', 'cluster', 'pixels', 'bytes', 'blob',
	'thumbnail', 'thumb', 'image', 'jpeg', 'png', 'base64', 'dataurl', 'biometric', 'template'
]);

function keyWords(key: string): string[] {
	return key
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
}

function describeForbidden(key: string): string {
	const hit = keyWords(key).find((w) => BIOMETRIC_WORDS.has(w));
	return hit
		? `field "${key}" looks like biometric data or media (${hit}); it never leaves this device`
		: `field "${key}" is not on the allow-list`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX64_RE = /^[0-9a-f]{64}$/;
const TOKEN_RE = /^[A-Za-z0-9_-]{16,128}$/;
const TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
const BASE64_RUN = /[A-Za-z0-9+/_-]{200,}={0,2}/;
const NUMBER_RUN = /(?:[-+]?\d*\.?\d+(?:e[-+]?\d+)?[\s,;]+){8,}[-+]?\d*\.?\d+/i;

/** Free text must not be a vehicle for pixels or vectors (base64, data URLs, lists of numbers, JSON). */
function checkFreeText(path: string, s: string): void {
	if (/data:[a-z]+\/[a-z0-9.+-]+[;,]/i.test(s)) throw new BoundaryViolation(path, 'a data: URL (media bytes) in text');
	if (BASE64_RUN.test(s)) throw new BoundaryViolation(path, 'a long base64-like run (encoded bytes) in text');
	if (NUMBER_RUN.test(s)) throw new BoundaryViolation(path, 'a list of numbers (an embedding, box or landmarks?) in text');
	const trimmed = s.trim();
	if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
		try {
			JSON.parse(trimmed);
			throw new BoundaryViolation(path, 'structured JSON hidden in a text field');
		} catch (e) {
			if (e instanceof BoundaryViolation) throw e;
		}
	}
}

function typeName(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return v.length && v.every((x) => typeof x === 'number') ? 'an array of numbers' : 'an array';
	if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return 'binary data';
	return typeof v;
}

function checkShape(path: string, v: unknown, s: Shape): void {
	const bad = (want: string) => new BoundaryViolation(path, `expected ${want}, got ${typeName(v)}`);
	switch (s.t) {
		case 'nullable':
			if (v === null) return;
			return checkShape(path, v, s.of);
		case 'uuid':
			if (typeof v !== 'string' || !UUID_RE.test(v)) throw bad('a UUID');
			return;
		case 'hex64':
			if (typeof v !== 'string' || !HEX64_RE.test(v)) throw bad('a SHA-256 hex digest');
			return;
		case 'token':
			if (typeof v !== 'string' || !TOKEN_RE.test(v)) throw bad('a share token');
			return;
		case 'time':
			if (typeof v !== 'string' || !TIME_RE.test(v) || Number.isNaN(Date.parse(v))) throw bad('an ISO timestamp');
			return;
		case 'enum':
			if (typeof v !== 'string' || !s.of.includes(v)) throw bad(`one of ${s.of.join(', ')}`);
			return;
		case 'bool':
			if (typeof v !== 'boolean') throw bad('true or false');
			return;
		case 'int':
		case 'num':
			if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('a number');
			if (s.t === 'int' && !Number.isInteger(v)) throw bad('a whole number');
			if ((s.min !== undefined && v < s.min) || (s.max !== undefined && v > s.max)) throw bad(`a number in [${s.min}, ${s.max}]`);
			return;
		case 'text':
			if (typeof v !== 'string') throw bad('text');
			if (v.length > s.max) throw new BoundaryViolation(path, `text longer than ${s.max} characters`);
			checkFreeText(path, v);
			return;
		case 'tags':
			if (!Array.isArray(v)) throw bad('a list of tags');
			if (v.length > 100) throw new BoundaryViolation(path, 'more than 100 tags');
			v.forEach((t, i) => {
				if (typeof t !== 'string' || t.length > 64) throw new BoundaryViolation(`${path}[${i}]`, 'a tag must be text of at most 64 characters');
				checkFreeText(`${path}[${i}]`, t);
			});
			return;
		case 'empty':
			if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length) throw bad('an empty object');
			return;
		case 'list':
			if (!Array.isArray(v)) throw bad('a list');
			if (v.length > s.max) throw new BoundaryViolation(path, `more than ${s.max} entries`);
			v.forEach((x, i) => checkShape(`${path}[${i}]`, x, s.of));
			return;
		case 'object':
			checkObject(path, v, s.fields);
			return;
	}
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
	const proto = Object.getPrototypeOf(v);
	return proto === Object.prototype || proto === null;
}

function checkObject(path: string, v: unknown, fields: Record<string, Shape>, partial = true): void {
	if (!isPlainObject(v)) throw new BoundaryViolation(path, `expected an object, got ${typeName(v)}`);
	for (const [k, val] of Object.entries(v)) {
		const p = path ? `${path}.${k}` : k;
		if (!Object.prototype.hasOwnProperty.call(fields, k)) throw new BoundaryViolation(p, describeForbidden(k));
		if (val === undefined) continue;
		checkShape(p, val, fields[k]);
	}
	if (!partial) for (const k of Object.keys(fields)) if (!(k in v)) throw new BoundaryViolation(`${path}.${k}`, 'is required');
}

/** Throws unless `record` only has allow-listed fields of `table`, each of the allowed shape. */
export function checkRecord(table: string, record: unknown, path: string = table): void {
	const fields = (SYNC_TABLES as Record<string, Record<string, Shape>>)[table];
	if (!fields) throw new BoundaryViolation(path, `table "${table}" does not sync`);
	checkObject(path, record, fields);
}

/** Throws unless one field value of a table may sync. */
export function checkField(table: string, field: string, value: unknown, path = `${table}.${field}`): void {
	const fields = (SYNC_TABLES as Record<string, Record<string, Shape>>)[table];
	if (!fields) throw new BoundaryViolation(path, `table "${table}" does not sync`);
	if (!Object.prototype.hasOwnProperty.call(fields, field)) throw new BoundaryViolation(path, describeForbidden(field));
	checkShape(path, value, fields[field]);
}

/** Throws unless the RPC function is allow-listed and its arguments have exactly the allowed shape. */
export function checkRpc(fn: string, args: unknown): void {
	const spec = RPC_ARGS[fn];
	if (!spec) throw new BoundaryViolation(`rpc ${fn}`, 'this function is not on the allow-list');
	const path = `rpc ${fn}`;
	if (fn === 'sync_push') {
		// Each change's value is checked against the allow-list of the field it names.
		if (!isPlainObject(args)) throw new BoundaryViolation(path, 'expected an object');
		const { p_changes, ...rest } = args;
		checkObject(path, rest, {});
		if (!Array.isArray(p_changes)) throw new BoundaryViolation(`${path}.p_changes`, 'expected a list');
		if (p_changes.length > 500) throw new BoundaryViolation(`${path}.p_changes`, 'more than 500 changes');
		p_changes.forEach((c, i) => {
			const p = `${path}.p_changes[${i}]`;
			if (!isPlainObject(c)) throw new BoundaryViolation(p, 'expected an object');
			const { value, ...meta } = c;
			checkObject(p, meta, CHANGE_META, false);
			if (!('value' in c)) throw new BoundaryViolation(`${p}.value`, 'is required');
			const table = meta.table as string;
			const field = meta.field as string;
			if (field === 'id') throw new BoundaryViolation(`${p}.field`, 'the id is not an editable field');
			checkField(table, field, value, `${p}.${table}.${field}`);
		});
		return;
	}
	checkObject(path, args, spec);
}

// ---------------------------------------------------------------------------------------------
// Explicit uploads: the only way media bytes leave. The user picks an item and presses "upload for
// sharing"; the UI calls `grantUpload(blob)` with exactly those bytes, and only that Blob object may
// then be sent, once, to Supabase Storage.

const granted = new WeakSet<object>();

/**
 * Marks these exact bytes as chosen by the user for upload (single use). With supabase-js Storage,
 * pass the granted Uint8Array/ArrayBuffer itself as the file body: a Blob would be copied into a
 * FormData File on the way and, being a different object, refused.
 */
export function grantUpload<T extends Blob | ArrayBuffer | Uint8Array>(bytes: T): T {
	granted.add(bytes);
	return bytes;
}

function consumeGrant(body: unknown): boolean {
	if (typeof body !== 'object' || body === null) return false;
	if (typeof FormData !== 'undefined' && body instanceof FormData) {
		// supabase-js storage wraps a Blob in FormData: every part must be granted or a short text.
		let any = false;
		for (const [, v] of body.entries()) {
			if (typeof v === 'string') {
				if (v.length > 200) return false;
				continue;
			}
			if (!granted.has(v)) return false;
			any = true;
		}
		if (any) for (const [, v] of body.entries()) if (typeof v !== 'string') granted.delete(v);
		return any;
	}
	if (!granted.has(body)) return false;
	granted.delete(body);
	return true;
}

// ---------------------------------------------------------------------------------------------
// Outbound requests.

export interface BoundaryConfig {
	/** Base URL of the Supabase project, if sync is configured. */
	supabaseUrl?: string | null;
	/** Origin of the app itself, for the AI proxy under /api/ai/ (defaults to location.origin). */
	appOrigin?: string | null;
}

export interface OutboundRequest {
	url: string;
	method: string;
	headers: Record<string, string>;
	/** The body as given to fetch (string, Blob, FormData, ArrayBuffer, …) or undefined. */
	body?: unknown;
}

const SUPABASE_HEADERS = new Set([
	'apikey', 'authorization', 'content-type', 'accept', 'accept-profile', 'content-profile', 'prefer',
	'x-client-info', 'x-supabase-api-version', 'range', 'range-unit', 'x-upsert', 'cache-control'
]);
const REST_QUERY_KEYS = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns']);

function checkHeaders(path: string, headers: Record<string, string>): void {
	for (const [k, v] of Object.entries(headers)) {
		if (!SUPABASE_HEADERS.has(k.toLowerCase())) throw new BoundaryViolation(`${path} header ${k}`, 'header not on the allow-list');
		if (v.length > 8192) throw new BoundaryViolation(`${path} header ${k}`, 'header value too long');
	}
}

function parseJsonBody(path: string, body: unknown): unknown {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body !== 'string') throw new BoundaryViolation(path, `binary body (${typeName(body)}) that the user did not choose to upload`);
	try {
		return JSON.parse(body);
	} catch {
		throw new BoundaryViolation(path, 'body is not JSON');
	}
}

function checkQuery(path: string, url: URL, table: string | null): void {
	const fields = table ? (SYNC_TABLES as Record<string, Record<string, Shape>>)[table] : null;
	if (url.search.length > 4000) throw new BoundaryViolation(path, 'query string too long');
	// URLSearchParams turns '+' into a space, which would break up a base64 run: check the raw form too.
	let raw = url.search;
	try {
		raw = decodeURIComponent(url.search);
	} catch {
		throw new BoundaryViolation(path, 'malformed query string');
	}
	if (BASE64_RUN.test(raw) || /data:[a-z]+\//i.test(raw)) throw new BoundaryViolation(path, 'encoded bytes in the URL');
	for (const [k, v] of url.searchParams) {
		if (v.length > 500) throw new BoundaryViolation(`${path}?${k}`, 'query value too long');
		checkFreeText(`${path}?${k}`, v);
		if (REST_QUERY_KEYS.has(k)) continue;
		if (fields && Object.prototype.hasOwnProperty.call(fields, k)) continue;
		if (!table && (k === 'grant_type' || k === 'redirect_to' || k === 'provider' || k === 'scopes')) continue;
		throw new BoundaryViolation(`${path}?${k}`, describeForbidden(k));
	}
}

/** Decides whether one outbound request may go. Throws a BoundaryViolation if not. */
export function checkOutbound(req: OutboundRequest, cfg: BoundaryConfig): void {
	let url: URL;
	try {
		url = new URL(req.url);
	} catch {
		throw new BoundaryViolation(req.url, 'not an absolute URL');
	}
	const method = req.method.toUpperCase();
	const supa = cfg.supabaseUrl ? new URL(cfg.supabaseUrl) : null;
	if (supa && url.origin === supa.origin) {
		const path = url.pathname;
		checkHeaders(path, req.headers);
		let m: RegExpMatchArray | null;
		if ((m = path.match(/^\/rest\/v1\/rpc\/([a-z_]+)$/))) {
			checkQuery(path, url, null);
			checkRpc(m[1], parseJsonBody(path, req.body) ?? {});
			return;
		}
		if ((m = path.match(/^\/rest\/v1\/([a-z_]+)$/))) {
			const table = m[1];
			if (!(table in SYNC_TABLES)) throw new BoundaryViolation(path, `table "${table}" does not sync`);
			checkQuery(path, url, table);
			const body = parseJsonBody(path, req.body);
			if (body === undefined) return;
			if (method === 'GET' || method === 'HEAD') throw new BoundaryViolation(path, 'a read must not carry a body');
			const rows = Array.isArray(body) ? body : [body];
			rows.forEach((r, i) => checkRecord(table, r, `${table}[${i}]`));
			return;
		}
		if (path.startsWith('/auth/v1/')) {
			if (!/^\/auth\/v1\/(otp|magiclink|token|user|logout|authorize|settings|session)$/.test(path))
				throw new BoundaryViolation(path, 'auth endpoint not on the allow-list');
			checkQuery(path, url, null);
			const body = parseJsonBody(path, req.body);
			if (body !== undefined) checkObject(path, body, AUTH_BODY);
			return;
		}
		if ((m = path.match(/^\/storage\/v1\/object\/(shared-exports)\/[A-Za-z0-9/_.-]+$/))) {
			if (method === 'GET' || method === 'HEAD' || method === 'DELETE') {
				if (req.body !== undefined && req.body !== null) throw new BoundaryViolation(path, 'unexpected body');
				return;
			}
			if (!consumeGrant(req.body))
				throw new BoundaryViolation(path, 'media bytes may only be uploaded when the user explicitly chose this item for upload');
			return;
		}
		throw new BoundaryViolation(path, 'Supabase endpoint not on the allow-list');
	}
	const app = cfg.appOrigin ?? (typeof location !== 'undefined' ? location.origin : null);
	if (app && url.origin === app && url.pathname.startsWith('/api/ai/')) {
		if (req.body !== undefined && typeof req.body !== 'string') {
			if (!consumeGrant(req.body)) throw new BoundaryViolation(url.pathname, 'an image may only be sent when the user explicitly chose it');
			return;
		}
		const body = parseJsonBody(url.pathname, req.body);
		checkQuery(url.pathname, url, null);
		if (body !== undefined) checkObject(url.pathname, body, AI_BODY);
		return;
	}
	throw new BoundaryViolation(`${url.origin}${url.pathname}`, 'destination is not on the allow-list');
}

function headersToRecord(h: HeadersInit | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	if (!h) return out;
	if (typeof Headers !== 'undefined' && h instanceof Headers) h.forEach((v, k) => (out[k] = v));
	else if (Array.isArray(h)) for (const [k, v] of h) out[k] = v;
	else Object.assign(out, h);
	return out;
}

/**
 * A fetch that only sends what the boundary allows. Pass it to createClient({ global: { fetch } })
 * and use it for every other outbound call. Refusals reject with BoundaryViolation (no request made).
 */
export function createGuardedFetch(cfg: BoundaryConfig, baseFetch: typeof fetch = (...a) => fetch(...a)): typeof fetch {
	return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		let url: string;
		let method = init?.method ?? 'GET';
		let headers = headersToRecord(init?.headers);
		let body: unknown = init?.body;
		if (typeof Request !== 'undefined' && input instanceof Request) {
			url = input.url;
			method = init?.method ?? input.method;
			headers = { ...headersToRecord(input.headers), ...headers };
			if (body === undefined && input.body) body = await input.clone().text();
		} else url = String(input);
		checkOutbound({ url, method, headers, body }, cfg);
		return baseFetch(input, init);
	};
}

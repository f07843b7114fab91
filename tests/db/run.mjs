#!/usr/bin/env node
// `npm run test:db`: starts a throwaway PostgreSQL 15 cluster (own data dir, Unix socket in /tmp,
// no TCP: listen_addresses=''), runs the database tests against it (they apply the Supabase auth
// scaffold + supabase/migrations themselves), and always stops and deletes the cluster, also on
// failure or Ctrl-C. Skips, with a message, only when PostgreSQL's binaries are not installed.
import { spawnSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function findBinDir() {
	const candidates = [process.env.PG_BINDIR, '/usr/lib/postgresql/15/bin'];
	const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
	if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
	for (const c of candidates) if (c && existsSync(join(c, 'initdb')) && existsSync(join(c, 'pg_ctl'))) return c;
	return null;
}

const bin = findBinDir();
if (!bin) {
	console.log('SKIP test:db — PostgreSQL 15 binaries (initdb, pg_ctl) not found. Install them with `apt-get install -y postgresql-15` (.ci/run does).');
	process.exit(0);
}

const isRoot = process.getuid?.() === 0;
let pgUid = null;
let pgGid = null;
if (isRoot) {
	// initdb refuses to run as root: run the server as the `postgres` user Debian's package creates.
	const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (id.status !== 0) {
		console.error('test:db: running as root but there is no `postgres` user to run the server as (install postgresql-15, or run as a normal user).');
		process.exit(1);
	}
	pgUid = Number(id.stdout.trim());
	pgGid = Number(gid.stdout.trim());
}

// As root the server runs as `postgres`, which must be able to reach the directory: use /tmp
// rather than a TMPDIR that may sit under /root.
const base = mkdtempSync(join(isRoot ? '/tmp' : tmpdir(), 'loupe-pg-'));
const dataDir = join(base, 'data');
const sockDir = base; // short path: Unix socket paths are limited to ~107 bytes
if (isRoot) chownSync(base, pgUid, pgGid);
chmodSync(base, 0o755);
let port = 0;

function pgRun(cmd, args, opts = {}) {
	const full = join(bin, cmd);
	const r = isRoot
		? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8', ...opts })
		: spawnSync(full, args, { encoding: 'utf8', ...opts });
	return r;
}

let started = false;
function stop() {
	if (started) {
		pgRun('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
		started = false;
	}
	rmSync(base, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(sig, () => {
		stop();
		process.exit(130);
	});
}

let code = 1;
try {
	const init = pgRun('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
	if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
	// No TCP at all; the "port" only names the Unix socket. Retry with another number if a
	// leftover socket of the same name exists.
	for (let attempt = 1; !started; attempt++) {
		port = 20000 + Math.floor(Math.random() * 20000);
		const opts = `-c listen_addresses='' -k ${sockDir} -p ${port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
		const start = pgRun('pg_ctl', ['-D', dataDir, '-o', opts, '-l', join(base, 'server.log'), '-w', '-t', '120', 'start']);
		if (start.status === 0) started = true;
		else if (attempt >= 3) {
			const log = spawnSync('cat', [join(base, 'server.log')], { encoding: 'utf8' }).stdout;
			throw new Error(`pg_ctl start failed:\n${start.stdout}\n${start.stderr}\n${log}`);
		}
	}
	console.log(`test:db — PostgreSQL ${bin} on socket ${sockDir} port ${port}`);

	const vitest = spawn(
		process.execPath,
		[join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(ROOT, 'tests/db/vitest.config.ts'), ...process.argv.slice(2)],
		{
			cwd: ROOT,
			stdio: 'inherit',
			env: { ...process.env, PGHOST: sockDir, PGPORT: String(port), PGUSER: 'postgres', PGDATABASE: 'postgres', LOUPE_TEST_DB: '1' }
		}
	);
	code = await new Promise((ok) => vitest.on('exit', (c, s) => ok(c ?? (s ? 1 : 0))));
} catch (e) {
	console.error(String(e?.message ?? e));
	code = 1;
} finally {
	stop();
}
process.exit(code);

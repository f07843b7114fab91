// Database test plumbing: a fresh database per test file with the Supabase auth scaffold and every
// migration applied, plus helpers that run SQL *as* a user the way PostgREST does (SET ROLE
// anon/authenticated + request.jwt.claims), so Row Level Security is exercised for real.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { randomUUID } from 'node:crypto';

export const ROOT = resolve(import.meta.dirname, '../..');
export const hasDb = !!process.env.LOUPE_TEST_DB;

export interface TestDb {
	pool: pg.Pool;
	name: string;
	/** Runs one statement as a signed-in user (uid) or as anon (null), in its own transaction. */
	as<T = any>(uid: string | null, sql: string, params?: unknown[]): Promise<T[]>;
	/** Calls an RPC function with named jsonb-able args as that user; returns its result. */
	rpc<T = any>(uid: string | null, fn: string, args?: Record<string, unknown>): Promise<T>;
	/** Creates a user in auth.users (as the service). */
	user(email?: string): Promise<string>;
	/** Runs SQL as the database owner (test setup only). */
	admin<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
	close(): Promise<void>;
}

export function migrationFiles(): string[] {
	const dir = join(ROOT, 'supabase/migrations');
	return readdirSync(dir)
		.filter((f) => f.endsWith('.sql'))
		.sort()
		.map((f) => join(dir, f));
}

export async function createTestDb(): Promise<TestDb> {
	const name = `loupe_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
	const root = new pg.Client({ database: 'postgres' });
	await root.connect();
	await root.query(`create database ${name}`);
	await root.end();

	const pool = new pg.Pool({ database: name, max: 4 });
	// Idle clients get "terminating connection due to administrator command" when the test database
	// is dropped at the end; that is expected, not a test failure.
	pool.on('error', (e: Error & { code?: string }) => {
		if (e.code !== '57P01') console.error('pg pool error', e);
	});
	const setup = await pool.connect();
	try {
		await setup.query(readFileSync(join(ROOT, 'tests/db/supabase-scaffold.sql'), 'utf8'));
		for (const f of migrationFiles()) {
			try {
				await setup.query(readFileSync(f, 'utf8'));
			} catch (e) {
				throw new Error(`migration ${f} failed: ${(e as Error).message}`);
			}
		}
	} finally {
		setup.release();
	}

	async function as<T>(uid: string | null, sql: string, params: unknown[] = []): Promise<T[]> {
		const c = await pool.connect();
		try {
			await c.query('begin');
			await c.query(uid ? 'set local role authenticated' : 'set local role anon');
			await c.query(`select set_config('request.jwt.claims', $1, true)`, [
				JSON.stringify(uid ? { sub: uid, role: 'authenticated' } : { role: 'anon' })
			]);
			const r = await c.query(sql, params);
			await c.query('commit');
			return r.rows as T[];
		} catch (e) {
			await c.query('rollback').catch(() => {});
			throw e;
		} finally {
			c.release();
		}
	}

	return {
		pool,
		name,
		as,
		async rpc<T>(uid: string | null, fn: string, args: Record<string, unknown> = {}): Promise<T> {
			const keys = Object.keys(args);
			const sql = `select public.${fn}(${keys.map((k, i) => `${k} => $${i + 1}`).join(', ')}) as r`;
			const vals = keys.map((k) => {
				const v = args[k];
				return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
			});
			const rows = await as<{ r: T }>(uid, sql, vals);
			return rows[0].r;
		},
		async user(email?: string) {
			const r = await pool.query('insert into auth.users (email) values ($1) returning id', [email ?? `${randomUUID()}@example.test`]);
			return r.rows[0].id as string;
		},
		async admin(sql: string, params: unknown[] = []) {
			return (await pool.query(sql, params)).rows;
		},
		async close() {
			await pool.end();
			const root2 = new pg.Client({ database: 'postgres' });
			await root2.connect();
			await root2.query(`drop database if exists ${name} with (force)`);
			await root2.end();
		}
	};
}

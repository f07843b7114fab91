// Database tests run only through tests/db/run.mjs, which provides a throwaway PostgreSQL cluster
// (PGHOST/PGPORT). Kept out of the unit project on purpose.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		name: 'db',
		root: new URL('../..', import.meta.url).pathname,
		include: ['tests/db/**/*.db.test.ts'],
		environment: 'node',
		testTimeout: 60_000,
		hookTimeout: 120_000,
		fileParallelism: false
	}
});

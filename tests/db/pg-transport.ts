// The sync transport the tests use: the very SQL functions the browser calls over supabase-js,
// run through `pg` as the signed-in user (RLS applies). `online = false` simulates no network.
import { TransportError, type FieldChange, type PullPage, type PushResult, type SyncTransport } from '../../src/lib/sync/types';
import { checkRpc } from '../../src/lib/privacy/boundary';
import type { TestDb } from './db';

export interface TestTransport extends SyncTransport {
	online: boolean;
	/** Number of the next push calls that fail with a 503-like server error. */
	failNext: number;
	calls: { push: number; pull: number };
}

export function pgTransport(db: TestDb, uid: string): TestTransport {
	const t: TestTransport = {
		online: true,
		failNext: 0,
		calls: { push: 0, pull: 0 },
		async push(changes: FieldChange[]): Promise<PushResult[]> {
			t.calls.push++;
			if (!t.online) throw new TransportError('offline', 'Cannot reach the sync server (offline).');
			if (t.failNext > 0) {
				t.failNext--;
				throw new TransportError('server', 'The sync server is unavailable (503).');
			}
			// The same boundary check guardedFetch applies to the browser's request body.
			checkRpc('sync_push', { p_changes: changes });
			return db.rpc(uid, 'sync_push', { p_changes: changes });
		},
		async pull(since: number): Promise<PullPage> {
			t.calls.pull++;
			if (!t.online) throw new TransportError('offline', 'Cannot reach the sync server (offline).');
			return db.rpc(uid, 'sync_pull', { p_since: since });
		}
	};
	return t;
}

// The sync engine: local edits go into the outbox at once (works offline), `flush` pushes the
// ones that are due, `pull` brings other devices' changes. Conflicts are resolved on the server,
// per field, by the `sync_push` SQL function (last writer wins by client time, then device id);
// whichever side loses is kept — on the server in sync_conflicts, here in the conflict log — so a
// change is never silently lost. Nothing enters the outbox unless the privacy boundary allows it.
import { checkField, BoundaryViolation } from '../privacy/boundary';
import { backoffDelay, type BackoffOptions } from './backoff';
import { fieldKey, type ConflictRecord, type OutboxEntry, type SyncStore } from './store';
import { TransportError, type FieldChange, type PulledRow, type PushResult, type SyncTransport, type VersionedTable } from './types';

export interface SyncEngineOptions {
	store: SyncStore;
	/** Null when sync is not configured or nobody is signed in: edits still queue locally. */
	transport: SyncTransport | null;
	deviceId: string;
	now?: () => number;
	backoff?: BackoffOptions;
	/** Applies another device's (or the server's winning) values to the local library. */
	onRemote?: (rows: PulledRow[]) => void | Promise<void>;
	batchSize?: number;
}

export interface FlushReport {
	sent: number;
	applied: number;
	superseded: number;
	refused: number;
	/** Set when the round trip failed and the batch waits for a retry (ms epoch). */
	retryAt?: number;
	error?: string;
}

export class SyncEngine {
	private readonly o: Required<Omit<SyncEngineOptions, 'transport' | 'onRemote' | 'backoff'>> &
		Pick<SyncEngineOptions, 'onRemote' | 'backoff'>;
	transport: SyncTransport | null;
	private flushing: Promise<FlushReport> | null = null;

	constructor(opts: SyncEngineOptions) {
		this.o = { now: () => Date.now(), batchSize: 200, ...opts };
		this.transport = opts.transport;
	}

	/**
	 * Queues edits of one row. Throws BoundaryViolation (and queues nothing) if any field may not
	 * leave the device, so forbidden data never even reaches the outbox.
	 */
	async enqueue(table: VersionedTable, rowId: string, projectId: string | null, fields: Record<string, unknown>): Promise<void> {
		for (const [field, value] of Object.entries(fields)) {
			if (field === 'id') throw new BoundaryViolation(`${table}.id`, 'the id is not an editable field');
			checkField(table, field, value);
		}
		const ts = new Date(this.o.now()).toISOString();
		for (const [field, value] of Object.entries(fields)) {
			const key = fieldKey(table, rowId, field);
			const prev = await this.o.store.getEntry(key);
			const known = await this.o.store.getVersion(key);
			const entry: OutboxEntry = {
				key,
				table,
				row_id: rowId,
				project_id: projectId,
				field,
				value,
				base_version: known?.version ?? 0,
				client_ts: ts,
				rev: (prev?.rev ?? 0) + 1,
				// A fresh edit is due now, even if an older one for this field was backing off.
				attempts: 0,
				next_attempt_at: 0
			};
			await this.o.store.putEntry(entry);
		}
	}

	/** The value the server will have for a field once the outbox drains (pending edit, else last seen). */
	async known(table: string, rowId: string, field: string): Promise<unknown | undefined> {
		const key = fieldKey(table, rowId, field);
		const e = await this.o.store.getEntry(key);
		if (e) return e.value;
		return (await this.o.store.getVersion(key))?.value;
	}

	/** `known` for every field at once (one read of each store), for reconciling a whole library. */
	async knownAll(): Promise<Map<string, unknown>> {
		const out = new Map<string, unknown>();
		for (const v of await this.o.store.listVersions()) out.set(v.key, v.value);
		for (const e of await this.o.store.listEntries()) out.set(e.key, e.value);
		return out;
	}

	async pending(): Promise<OutboxEntry[]> {
		return (await this.o.store.listEntries()).sort((a, b) => a.client_ts.localeCompare(b.client_ts));
	}

	conflicts(): Promise<ConflictRecord[]> {
		return this.o.store.listConflicts();
	}

	/** Pushes every due edit. Concurrent calls share one round trip. */
	flush(): Promise<FlushReport> {
		if (!this.flushing) this.flushing = this.doFlush().finally(() => (this.flushing = null));
		return this.flushing;
	}

	private async doFlush(): Promise<FlushReport> {
		const report: FlushReport = { sent: 0, applied: 0, superseded: 0, refused: 0 };
		if (!this.transport) return report;
		const now = this.o.now();
		const due = (await this.pending()).filter((e) => e.next_attempt_at <= now).slice(0, this.o.batchSize);
		if (!due.length) return report;
		const changes: FieldChange[] = due.map((e) => ({
			table: e.table,
			row_id: e.row_id,
			project_id: e.project_id,
			field: e.field,
			value: e.value,
			base_version: e.base_version,
			client_ts: e.client_ts,
			device_id: this.o.deviceId
		}));
		let results: PushResult[];
		try {
			results = await this.transport.push(changes);
		} catch (err) {
			const te = err instanceof TransportError ? err : null;
			if (te && !te.retryable) {
				// Refused before sending (privacy boundary) or malformed: retrying cannot help.
				for (const e of due) await this.refuse(e, te.kind === 'refused' ? 'rejected' : 'rejected', te.message);
				report.refused = due.length;
				report.error = te.message;
				return report;
			}
			const message = err instanceof Error ? err.message : String(err);
			let retryAt = Infinity;
			for (const e of due) {
				const attempts = e.attempts + 1;
				const next = now + backoffDelay(attempts, this.o.backoff);
				retryAt = Math.min(retryAt, next);
				const cur = await this.o.store.getEntry(e.key);
				if (cur && cur.rev === e.rev) await this.o.store.putEntry({ ...cur, attempts, next_attempt_at: next, last_error: message });
			}
			report.retryAt = retryAt;
			report.error = message;
			return report;
		}
		report.sent = due.length;
		const remote: PulledRow[] = [];
		for (let i = 0; i < due.length; i++) {
			const e = due[i];
			const r = results[i];
			if (!r || r.row_id !== e.row_id || r.field !== e.field) throw new Error('sync_push returned results out of order');
			if (r.status === 'applied' || r.status === 'won_conflict') {
				report.applied++;
				await this.o.store.putVersion({ key: e.key, version: r.version ?? 0, value: r.value });
				await this.o.store.settleEntry(e.key, e.rev, r.version ?? null);
			} else if (r.status === 'superseded') {
				report.superseded++;
				await this.o.store.putVersion({ key: e.key, version: r.version ?? 0, value: r.value });
				await this.o.store.addConflict({ key: e.key, table: e.table, row_id: e.row_id, field: e.field, kind: 'superseded', ours: e.value, theirs: r.value, at: this.o.now() });
				const newer = await this.o.store.settleEntry(e.key, e.rev, r.version ?? null);
				// Unless the user already edited again, show the winning value locally.
				if (!newer) remote.push({ table: e.table, row: { id: e.row_id, [e.field]: r.value } });
			} else {
				report.refused++;
				await this.refuse(e, r.status, r.error ?? r.status);
			}
		}
		if (remote.length && this.o.onRemote) await this.o.onRemote(remote);
		return report;
	}

	private async refuse(e: OutboxEntry, kind: 'denied' | 'rejected', message: string): Promise<void> {
		await this.o.store.addConflict({ key: e.key, table: e.table, row_id: e.row_id, field: e.field, kind, ours: e.value, message, at: this.o.now() });
		await this.o.store.settleEntry(e.key, e.rev, null);
	}

	/**
	 * Pulls changes since the last cursor. Fields with a pending local edit are left alone (the push
	 * resolves them); everything else is handed to onRemote and its version remembered.
	 */
	async pull(): Promise<number> {
		if (!this.transport) return 0;
		let cursor = (await this.o.store.getMeta<number>('cursor')) ?? 0;
		let applied = 0;
		for (;;) {
			const page = await this.transport.pull(cursor);
			const out: PulledRow[] = [];
			for (const pr of page.rows) {
				const versions = pr.row.field_versions ?? {};
				const row: PulledRow['row'] = { id: pr.row.id };
				for (const [k, v] of Object.entries(pr.row)) {
					if (k === 'field_versions') continue;
					const key = fieldKey(pr.table, pr.row.id, k);
					if (versions[k]) {
						if (await this.o.store.getEntry(key)) continue; // our pending edit decides
						await this.o.store.putVersion({ key, version: versions[k].v, value: v });
					}
					row[k] = v;
				}
				out.push({ table: pr.table, row });
			}
			if (out.length && this.o.onRemote) await this.o.onRemote(out);
			applied += out.length;
			cursor = page.cursor;
			await this.o.store.setMeta('cursor', cursor);
			if (!page.more) break;
		}
		return applied;
	}

	/** Push, then pull. */
	async sync(): Promise<{ push: FlushReport; pulled: number }> {
		const push = await this.flush();
		const pulled = push.retryAt ? 0 : await this.pull();
		return { push, pulled };
	}

	/** When the next queued edit is due (ms epoch), or null if the outbox is empty. */
	async nextDue(): Promise<number | null> {
		const all = await this.o.store.listEntries();
		return all.length ? Math.min(...all.map((e) => e.next_attempt_at)) : null;
	}
}

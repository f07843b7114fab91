// The sync layer's vocabulary, shared by the outbox, the engine and the transports.
import type { SyncTable } from '../privacy/boundary';

export type VersionedTable = 'projects' | 'media_metadata' | 'talent_consents' | 'profiles';

/** One field edit, as sent to the `sync_push` RPC. */
export interface FieldChange {
	table: VersionedTable;
	row_id: string;
	project_id: string | null;
	field: string;
	value: unknown;
	/** The server version of this field the edit was made on top of (0 = never synced). */
	base_version: number;
	client_ts: string;
	device_id: string;
}

export type PushStatus = 'applied' | 'won_conflict' | 'superseded' | 'denied' | 'rejected';

export interface PushResult {
	table: string;
	row_id: string;
	field: string;
	status: PushStatus;
	version?: number;
	value?: unknown;
	error?: string;
}

export interface PulledRow {
	table: SyncTable | 'comments';
	row: Record<string, unknown> & { id: string; field_versions?: Record<string, { v: number; at: string; d: string }> };
}

export interface PullPage {
	cursor: number;
	more: boolean;
	rows: PulledRow[];
}

/** How changes reach the server. The browser uses supabase-js RPC; tests use the same SQL via pg. */
export interface SyncTransport {
	push(changes: FieldChange[]): Promise<PushResult[]>;
	pull(since: number): Promise<PullPage>;
}

export type TransportErrorKind = 'offline' | 'server' | 'auth' | 'refused' | 'bad_request';

/** A failed round trip. `retryable` failures stay in the outbox and are retried with backoff. */
export class TransportError extends Error {
	readonly kind: TransportErrorKind;
	constructor(kind: TransportErrorKind, message: string) {
		super(message);
		this.name = 'TransportError';
		this.kind = kind;
	}
	get retryable(): boolean {
		return this.kind === 'offline' || this.kind === 'server' || this.kind === 'auth';
	}
}

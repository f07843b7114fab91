// The published retention schedule, as pure date arithmetic so it can be tested with a fake
// clock: audit entries 12 months (adjustable within legal limits), inactive accounts after
// 2 years with notice first, deleted accounts 30 days after the request; face data by the rule in
// face-retention.ts.
import { clampFaceMonths, FACE_RETENTION } from './face-retention';
import { monthsAfter, monthsBefore } from './retention-calendar';

export const AUDIT_RETENTION = {
	defaultMonths: 12,
	/** Kept at least this long so matches and reviews can be accounted for (GDPR Art. 5(2), 30). */
	minMonths: 6,
	/** BIPA requires biometric-related records to go within 3 years of the last interaction. */
	maxMonths: 36
} as const;

export const INACTIVE_ACCOUNT_MONTHS = 24;
/** Notice is shown this many days before an inactive account is removed. */
export const INACTIVE_NOTICE_DAYS = 30;
export const DELETED_ACCOUNT_GRACE_DAYS = 30;
const DAY = 86_400_000;

export { monthsAfter, monthsBefore } from './retention-calendar';

/** Clamps a requested audit retention to the legal limits; returns the value used and a note if changed. */
export function clampAuditMonths(requested: number): { months: number; note: string | null } {
	const { minMonths, maxMonths, defaultMonths } = AUDIT_RETENTION;
	if (!Number.isFinite(requested)) return { months: defaultMonths, note: `Not a number; using ${defaultMonths} months.` };
	const m = Math.round(requested);
	if (m < minMonths) return { months: minMonths, note: `At least ${minMonths} months is required; using ${minMonths}.` };
	if (m > maxMonths) return { months: maxMonths, note: `At most ${maxMonths} months is allowed; using ${maxMonths}.` };
	return { months: m, note: null };
}

/** Audit entries strictly older than this instant are purged. */
export function auditCutoff(now: number, months: number = AUDIT_RETENTION.defaultMonths): number {
	return monthsBefore(now, clampAuditMonths(months).months);
}

export type AccountRetention =
	| { action: 'keep' }
	| { action: 'notify-inactive'; deleteAt: number }
	| { action: 'delete-inactive' }
	| { action: 'pending-deletion'; deleteAt: number }
	| { action: 'delete-requested' };

export interface AccountActivity {
	lastActiveAt: number;
	/** When the user asked for their account to be deleted (the grace period starts then). */
	deletionRequestedAt?: number | null;
	/** When the inactivity notice was shown; removal never happens without one. */
	inactiveNoticeAt?: number | null;
}

/** What the retention job should do with an account now. */
export function accountRetention(a: AccountActivity, now: number): AccountRetention {
	if (a.deletionRequestedAt != null) {
		const deleteAt = a.deletionRequestedAt + DELETED_ACCOUNT_GRACE_DAYS * DAY;
		return now >= deleteAt ? { action: 'delete-requested' } : { action: 'pending-deletion', deleteAt };
	}
	const inactiveAt = monthsAfter(a.lastActiveAt, INACTIVE_ACCOUNT_MONTHS);
	if (now < inactiveAt - INACTIVE_NOTICE_DAYS * DAY) return { action: 'keep' };
	if (a.inactiveNoticeAt == null || a.inactiveNoticeAt < a.lastActiveAt) {
		// Notice first, and the removal date is never earlier than a full notice period after it.
		return { action: 'notify-inactive', deleteAt: Math.max(inactiveAt, now + INACTIVE_NOTICE_DAYS * DAY) };
	}
	const deleteAt = Math.max(inactiveAt, a.inactiveNoticeAt + INACTIVE_NOTICE_DAYS * DAY);
	return now >= deleteAt ? { action: 'delete-inactive' } : { action: 'notify-inactive', deleteAt };
}

/** The schedule as shown to people in the privacy centre. */
export function retentionSchedule(auditMonths: number = AUDIT_RETENTION.defaultMonths, faceMonths: number = FACE_RETENTION.defaultMonths) {
	const fm = clampFaceMonths(faceMonths).months;
	return [
		{ what: 'Audit log (talent matches, reviews, consent changes)', keep: `${clampAuditMonths(auditMonths).months} months`, limits: `${AUDIT_RETENTION.minMonths}–${AUDIT_RETENTION.maxMonths} months` },
		{ what: 'Inactive account', keep: `${INACTIVE_ACCOUNT_MONTHS / 12} years after last use, with ${INACTIVE_NOTICE_DAYS} days’ notice`, limits: null },
		{ what: 'Deleted account (server copy)', keep: `${DELETED_ACCOUNT_GRACE_DAYS} days, cancellable`, limits: null },
		{
			what: 'Face data on this device (faces, face signatures, analysis results, face groups)',
			keep: `${fm} month${fm === 1 ? '' : 's'} after face features were last used, then deleted automatically`,
			limits: `${FACE_RETENTION.minMonths}–${FACE_RETENTION.maxMonths} months`
		},
		{ what: 'Other data on this device (media, projects, names, preferences)', keep: 'until you delete it', limits: null }
	];
}

export interface Clock {
	now(): number;
	setInterval(fn: () => void, ms: number): unknown;
	clearInterval(handle: unknown): void;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	setInterval: (fn, ms) => setInterval(fn, ms),
	clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>)
};

/** Runs `job` now and then daily while open; returns a stop function. */
export function scheduleDaily(job: (now: number) => unknown, clock: Clock = systemClock): () => void {
	const run = () => {
		void Promise.resolve()
			.then(() => job(clock.now()))
			.catch((e) => console.error('retention job failed', e));
	};
	run();
	const h = clock.setInterval(run, DAY);
	return () => clock.clearInterval(h);
}

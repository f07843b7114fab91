import { describe, expect, test } from 'vitest';
import { accountRetention, auditCutoff, clampAuditMonths, monthsBefore, retentionSchedule, DELETED_ACCOUNT_GRACE_DAYS } from './retention';

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 23, 12);

describe('calendar months', () => {
	test('subtracting months keeps the day, clamping to short months', () => {
		expect(new Date(monthsBefore(T, 12)).toISOString()).toBe('2025-11-23T12:00:00.000Z');
		expect(new Date(monthsBefore(Date.UTC(2026, 2, 31), 1)).toISOString().slice(0, 10)).toBe('2026-02-28');
		expect(new Date(monthsBefore(Date.UTC(2024, 2, 31), 1)).toISOString().slice(0, 10)).toBe('2024-02-29');
		expect(new Date(monthsBefore(Date.UTC(2026, 0, 15), 1)).toISOString().slice(0, 10)).toBe('2025-12-15');
	});
	test('audit cutoff defaults to 12 months and respects legal limits', () => {
		expect(auditCutoff(T)).toBe(Date.UTC(2025, 10, 23, 12));
		expect(auditCutoff(T, 1)).toBe(Date.UTC(2026, 4, 23, 12)); // clamped to 6
		expect(clampAuditMonths(48)).toEqual({ months: 36, note: 'At most 36 months is allowed; using 36.' });
		expect(clampAuditMonths(18)).toEqual({ months: 18, note: null });
		expect(retentionSchedule(18)[0].keep).toBe('18 months');
	});
});

describe('account retention (fake clock)', () => {
	const lastActiveAt = Date.UTC(2024, 0, 10);
	test('active accounts are kept', () => {
		expect(accountRetention({ lastActiveAt }, Date.UTC(2025, 5, 1))).toEqual({ action: 'keep' });
	});
	test('inactive for 2 years: notice first, removal only after the notice period', () => {
		const nearly = Date.UTC(2025, 11, 20); // 30 days before the 2-year mark: time to notify
		const r = accountRetention({ lastActiveAt }, nearly);
		expect(r).toEqual({ action: 'notify-inactive', deleteAt: Date.UTC(2026, 0, 19) });
		// Past 2 years but never notified: still only a notice, removal 30 days later.
		const late = Date.UTC(2026, 5, 1);
		expect(accountRetention({ lastActiveAt }, late)).toEqual({ action: 'notify-inactive', deleteAt: late + 30 * DAY });
		expect(accountRetention({ lastActiveAt, inactiveNoticeAt: late }, late + 29 * DAY).action).toBe('notify-inactive');
		expect(accountRetention({ lastActiveAt, inactiveNoticeAt: late }, late + 30 * DAY).action).toBe('delete-inactive');
		// A notice from before the user came back does not count.
		expect(accountRetention({ lastActiveAt: late, inactiveNoticeAt: late - DAY }, late + 800 * DAY).action).toBe('notify-inactive');
	});
	test('deleted accounts: pending for 30 days (cancellable), then removed', () => {
		const req = Date.UTC(2026, 0, 1);
		expect(accountRetention({ lastActiveAt, deletionRequestedAt: req }, req + 29 * DAY)).toEqual({ action: 'pending-deletion', deleteAt: req + DELETED_ACCOUNT_GRACE_DAYS * DAY });
		expect(accountRetention({ lastActiveAt, deletionRequestedAt: req }, req + 30 * DAY)).toEqual({ action: 'delete-requested' });
		expect(accountRetention({ lastActiveAt: Date.now(), deletionRequestedAt: null }, Date.now()).action).toBe('keep');
	});
});

import { describe, expect, test } from 'vitest';
import { clampFaceMonths, faceDeleteAt, faceRetentionState, FACE_RETENTION, purgeNoticeText, retentionStateText, shouldRecordUse } from './face-retention';
import { retentionSchedule } from './retention';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 23, 12); // last use: 23 Nov 2026, 12:00 UTC
const iso = (t: number) => new Date(t).toISOString();

describe('face-data retention period', () => {
	test('defaults to the BIPA ceiling of 36 months and is clamped to 1–36', () => {
		expect(FACE_RETENTION.defaultMonths).toBe(36);
		expect(clampFaceMonths(36)).toEqual({ months: 36, note: null });
		expect(clampFaceMonths(6)).toEqual({ months: 6, note: null });
		expect(clampFaceMonths('12')).toEqual({ months: 12, note: null });
		expect(clampFaceMonths(48).months).toBe(36);
		expect(clampFaceMonths(48).note).toMatch(/never kept longer than 36 months/);
		expect(clampFaceMonths(0).months).toBe(1);
		expect(clampFaceMonths(-5).months).toBe(1);
		expect(clampFaceMonths(2.6).months).toBe(3);
		expect(clampFaceMonths(Number.NaN)).toEqual({ months: 36, note: 'Not a number of months; using 36.' });
		expect(clampFaceMonths('').months).toBe(36);
		expect(clampFaceMonths(undefined).months).toBe(36);
		// Every offered option is valid as is.
		for (const m of FACE_RETENTION.options) expect(clampFaceMonths(m)).toEqual({ months: m, note: null });
	});

	test('deadline is calendar months after the last use (short months clamp)', () => {
		expect(iso(faceDeleteAt(T, 36))).toBe('2029-11-23T12:00:00.000Z');
		expect(iso(faceDeleteAt(T, 1))).toBe('2026-12-23T12:00:00.000Z');
		expect(iso(faceDeleteAt(Date.UTC(2027, 0, 31), 1)).slice(0, 10)).toBe('2027-02-28');
		// A requested period over the ceiling never yields a later deadline.
		expect(faceDeleteAt(T, 120)).toBe(faceDeleteAt(T, 36));
	});
});

describe('retention state with a fake clock', () => {
	const deadline = Date.UTC(2029, 10, 23, 12);
	test('exactly at the deadline it is due; one millisecond before it is not', () => {
		expect(faceRetentionState(T, 36, deadline)).toEqual({ state: 'due', deleteAt: deadline });
		expect(faceRetentionState(T, 36, deadline - 1).state).toBe('warning');
		expect(faceRetentionState(T, 36, deadline + 400 * DAY).state).toBe('due');
	});
	test('ok until 30 days before the deadline, then a warning with days left', () => {
		expect(faceRetentionState(T, 36, T)).toEqual({ state: 'ok', deleteAt: deadline });
		expect(faceRetentionState(T, 36, deadline - 30 * DAY - 1).state).toBe('ok');
		expect(faceRetentionState(T, 36, deadline - 30 * DAY)).toEqual({ state: 'warning', deleteAt: deadline, daysLeft: 30 });
		expect(faceRetentionState(T, 36, deadline - 1.5 * DAY)).toMatchObject({ state: 'warning', daysLeft: 2 });
	});
	test('a 1-month period warns only in its last quarter, not from day one', () => {
		const d = faceDeleteAt(T, 1); // 30 days
		expect(faceRetentionState(T, 1, T + DAY).state).toBe('ok');
		expect(faceRetentionState(T, 1, d - 8 * DAY).state).toBe('ok');
		expect(faceRetentionState(T, 1, d - 7 * DAY).state).toBe('warning');
		expect(faceRetentionState(T, 1, d).state).toBe('due');
	});
	test('changing the period moves the deadline at once (shorter can make it due)', () => {
		const now = T + 100 * DAY;
		expect(faceRetentionState(T, 36, now).state).toBe('ok');
		expect(faceRetentionState(T, 6, now)).toEqual({ state: 'ok', deleteAt: Date.UTC(2027, 4, 23, 12) });
		expect(faceRetentionState(T, 3, now).state).toBe('due');
		expect(faceRetentionState(T, 48, now)).toEqual(faceRetentionState(T, 36, now));
	});
	test('never used: nothing to count from', () => {
		expect(faceRetentionState(null, 36, T)).toEqual({ state: 'idle' });
	});
	test('a use resets the clock', () => {
		const use2 = T + 35 * 30 * DAY; // shortly before the 36-month mark
		expect(faceRetentionState(T, 36, deadline).state).toBe('due');
		expect(faceRetentionState(use2, 36, deadline)).toEqual({ state: 'ok', deleteAt: faceDeleteAt(use2, 36) });
	});
});

describe('recording uses (throttled)', () => {
	test('first use, then at most once an hour', () => {
		expect(shouldRecordUse(null, T)).toBe(true);
		expect(shouldRecordUse(T, T)).toBe(false);
		expect(shouldRecordUse(T, T + HOUR - 1)).toBe(false);
		expect(shouldRecordUse(T, T + HOUR)).toBe(true);
	});
	test('a stored time in the future (wrong clock) is corrected', () => {
		expect(shouldRecordUse(T + 10 * DAY, T)).toBe(true);
	});
	test('past the deadline a use is not recorded: the data is deleted first', () => {
		expect(shouldRecordUse(T, faceDeleteAt(T, 36) - 1, 36)).toBe(true);
		expect(shouldRecordUse(T, faceDeleteAt(T, 36), 36)).toBe(false);
		expect(shouldRecordUse(T, faceDeleteAt(T, 1), 1)).toBe(false);
	});
});

describe('what people read', () => {
	const fmt = (t: number) => iso(t).slice(0, 10);
	test('the purge notice names the date, the period and the count, and nothing else', () => {
		const text = purgeNoticeText({ at: Date.UTC(2029, 10, 24), faces: 12, months: 36, lastUseAt: T }, fmt);
		expect(text).toBe(
			'Face data on this device (12 faces) was deleted on 2029-11-24 because face features had not been used for 36 months (last used 2026-11-23). Your photos and videos are kept; analyse them again to find faces.'
		);
		expect(purgeNoticeText({ at: T, faces: 1, months: 1, lastUseAt: T }, fmt)).toContain('(1 face) was deleted on 2026-11-23 because face features had not been used for 1 month ');
	});
	test('state texts give the deletion date', () => {
		expect(retentionStateText({ state: 'ok', deleteAt: Date.UTC(2029, 10, 23) }, fmt)).toBe('If face features are not used again, face data will be deleted on 2029-11-23.');
		expect(retentionStateText({ state: 'warning', deleteAt: Date.UTC(2029, 10, 23), daysLeft: 1 }, fmt)).toMatch(/on 2029-11-23 \(in 1 day\) unless/);
	});
	test('the published schedule states the face-data rule with the chosen period', () => {
		const rows = retentionSchedule(12, 6);
		const face = (r: ReturnType<typeof retentionSchedule>) => r.find((x) => x.what.startsWith('Face data'))!;
		expect(face(rows)).toEqual({
			what: 'Face data on this device (faces, face signatures, analysis results, face groups)',
			keep: '6 months after face features were last used, then deleted automatically',
			limits: '1–36 months'
		});
		expect(face(retentionSchedule()).keep).toMatch(/^36 months/);
		expect(face(retentionSchedule(12, 99)).keep).toMatch(/^36 months/);
		expect(rows.some((r) => r.keep === 'until you delete it' && /face/i.test(r.what))).toBe(false);
	});
});

// The retention rule for on-device face data, as pure date arithmetic (tested with a fake clock).
// BIPA 740 ILCS 14/15(a): biometric identifiers are destroyed when the purpose is satisfied or
// within 3 years of the last interaction, whichever comes first; GDPR Art. 5(1)(e): kept no
// longer than necessary. Loupe measures "last interaction" as the last time face features were
// used on this device, and deletes all face data when the chosen period has passed since then.
import { monthsAfter } from './retention-calendar';

const DAY = 86_400_000;

export const FACE_RETENTION = {
	/** The BIPA ceiling, and the default. */
	defaultMonths: 36,
	maxMonths: 36,
	minMonths: 1,
	/** What the Privacy centre offers; any whole number in [min, max] is accepted by clamp. */
	options: [1, 3, 6, 12, 24, 36] as readonly number[],
	/** Warn this many days before the deadline (less for short periods, see warnWindowMs). */
	warnDays: 30,
	/** A use is written at most this often, so a render loop never turns into a write loop. */
	recordEveryMs: 60 * 60 * 1000
} as const;

/** Clamps a requested period to 1–36 months; returns the value used and a note if changed. */
export function clampFaceMonths(requested: unknown): { months: number; note: string | null } {
	const { minMonths, maxMonths, defaultMonths } = FACE_RETENTION;
	const n = typeof requested === 'string' && requested.trim() !== '' ? Number(requested) : requested;
	if (typeof n !== 'number' || !Number.isFinite(n)) return { months: defaultMonths, note: `Not a number of months; using ${defaultMonths}.` };
	const m = Math.round(n);
	if (m < minMonths) return { months: minMonths, note: `At least ${minMonths} month is needed; using ${minMonths}.` };
	if (m > maxMonths) return { months: maxMonths, note: `Face data is never kept longer than ${maxMonths} months without use; using ${maxMonths}.` };
	return { months: m, note: null };
}

/** The instant face data is deleted if face features are not used again. */
export function faceDeleteAt(lastUseAt: number, months: number): number {
	return monthsAfter(lastUseAt, clampFaceMonths(months).months);
}

/**
 * How long before the deadline the warning shows: 30 days, but at most a quarter of the period,
 * so a 1-month period does not warn from the first day.
 */
export function warnWindowMs(lastUseAt: number, months: number): number {
	return Math.min(FACE_RETENTION.warnDays * DAY, Math.floor((faceDeleteAt(lastUseAt, months) - lastUseAt) / 4));
}

export type FaceRetentionState =
	/** Face features were never used here (nothing to count from). */
	| { state: 'idle' }
	| { state: 'ok'; deleteAt: number }
	| { state: 'warning'; deleteAt: number; daysLeft: number }
	/** now ≥ deadline: delete everything now. */
	| { state: 'due'; deleteAt: number };

export function faceRetentionState(lastUseAt: number | null, months: number, now: number): FaceRetentionState {
	if (lastUseAt == null || !Number.isFinite(lastUseAt)) return { state: 'idle' };
	const deleteAt = faceDeleteAt(lastUseAt, months);
	if (now >= deleteAt) return { state: 'due', deleteAt };
	if (now >= deleteAt - warnWindowMs(lastUseAt, months)) return { state: 'warning', deleteAt, daysLeft: Math.ceil((deleteAt - now) / DAY) };
	return { state: 'ok', deleteAt };
}

/**
 * Whether a use at `now` should be written: the first one, at most once per `recordEveryMs`, and
 * always when the stored time is in the future (a clock that was wrong must not stretch the period).
 * Never once the period has run out: data past its deadline is deleted by the retention job before
 * it can be used again (opening the app on a face page must not rescue it).
 */
export function shouldRecordUse(lastUseAt: number | null, now: number, months: number = FACE_RETENTION.defaultMonths): boolean {
	if (lastUseAt == null || !Number.isFinite(lastUseAt)) return true;
	if (lastUseAt > now) return true;
	if (now >= faceDeleteAt(lastUseAt, months)) return false;
	return now - lastUseAt >= FACE_RETENTION.recordEveryMs;
}

/** Shown the next time the app is opened after a retention purge (no face content, only counts). */
export interface FacePurgeNotice {
	at: number;
	faces: number;
	months: number;
	lastUseAt: number;
}

const fmtDay = (t: number) => new Date(t).toLocaleDateString(undefined, { dateStyle: 'long' });

export const monthsLabel = (m: number) => `${m} month${m === 1 ? '' : 's'}`;

export function purgeNoticeText(n: FacePurgeNotice, fmt: (t: number) => string = fmtDay): string {
	const count = n.faces ? ` (${n.faces} face${n.faces === 1 ? '' : 's'})` : '';
	return `Face data on this device${count} was deleted on ${fmt(n.at)} because face features had not been used for ${monthsLabel(n.months)} (last used ${fmt(n.lastUseAt)}). Your photos and videos are kept; analyse them again to find faces.`;
}

export function retentionStateText(s: FaceRetentionState, fmt: (t: number) => string = fmtDay): string {
	switch (s.state) {
		case 'idle':
			return 'No face data is waiting for deletion: face features are off or have not been used on this device.';
		case 'ok':
			return `If face features are not used again, face data will be deleted on ${fmt(s.deleteAt)}.`;
		case 'warning':
			return `Face data will be deleted on ${fmt(s.deleteAt)} (in ${s.daysLeft} day${s.daysLeft === 1 ? '' : 's'}) unless face features are used before then.`;
		case 'due':
			return 'Face data is due for deletion and will be deleted now.';
	}
}

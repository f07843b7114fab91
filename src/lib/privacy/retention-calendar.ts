// Calendar-month arithmetic for retention periods (UTC; a day past the end of a shorter month
// clamps to its last day). Its own module so the schedule and the face-data rule share it
// without importing each other.

/** The instant `months` calendar months before `t` (UTC; clamps to the month's last day). */
export function monthsBefore(t: number, months: number): number {
	const d = new Date(t);
	const y = d.getUTCFullYear();
	const m = d.getUTCMonth() - months;
	const target = new Date(Date.UTC(y, m, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
	target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
	return target.getTime();
}

export function monthsAfter(t: number, months: number): number {
	return monthsBefore(t, -months);
}

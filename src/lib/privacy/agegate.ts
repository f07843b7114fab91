// The first-use age gate. It asks for a birth month and year without saying what the minimum
// is (a neutral age screen), and decides against the region's digital age of consent.
import { minAgeFor, type Region } from './region';

export type AgeDecision = { ok: true; age: number; minAge: number } | { ok: false; age: number; minAge: number; reason: string } | { ok: null; reason: string };

/** Whole years between a birth month (1–12) / year and `now` (the birth day taken as the 1st). */
export function ageAt(birthYear: number, birthMonth: number, now: number): number {
	const d = new Date(now);
	let age = d.getUTCFullYear() - birthYear;
	if (d.getUTCMonth() + 1 < birthMonth) age--;
	return age;
}

export function decideAge(input: { birthYear: number; birthMonth: number }, region: Region, now: number): AgeDecision {
	const { birthYear, birthMonth } = input;
	const thisYear = new Date(now).getUTCFullYear();
	if (!Number.isInteger(birthYear) || birthYear < thisYear - 120 || birthYear > thisYear) return { ok: null, reason: 'Enter the year you were born, e.g. 1990.' };
	if (!Number.isInteger(birthMonth) || birthMonth < 1 || birthMonth > 12) return { ok: null, reason: 'Choose the month you were born.' };
	const age = ageAt(birthYear, birthMonth, now);
	if (age < 0) return { ok: null, reason: 'That date is in the future.' };
	const minAge = minAgeFor(region);
	if (age < minAge) return { ok: false, age, minAge, reason: `You must be at least ${minAge} to use Loupe where you are.` };
	return { ok: true, age, minAge };
}

/**
 * Whether media shows someone who may be a child, from face-age estimates (estimates only, so a
 * margin is added): then a parent or guardian must affirm they may process it.
 */
export function mayShowChild(estimatedAges: readonly number[], region: Region, margin = 3): boolean {
	const limit = minAgeFor(region) + margin;
	return estimatedAges.some((a) => Number.isFinite(a) && a < limit);
}

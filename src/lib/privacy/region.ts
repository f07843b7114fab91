// Which privacy regime applies, guessed from the browser's locale and time zone (no network
// look-up), with a manual override. EU/EEA and UK: opt-in for anything non-essential; elsewhere
// opt-out. Any EU/EEA/UK signal wins, because wrongly asking is harmless and wrongly not asking is not.

export type Region = 'eea' | 'uk' | 'other';
export type RegionSource = 'override' | 'timezone' | 'locale' | 'default';

export const EEA_COUNTRIES = new Set([
	// EU 27
	'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
	// EEA outside the EU
	'IS', 'LI', 'NO',
	// French overseas regions are EU territory
	'GF', 'GP', 'MQ', 'RE', 'YT'
]);
export const UK_COUNTRIES = new Set(['GB', 'UK', 'GG', 'JE', 'IM']);

// IANA zones in EEA/UK territory. Europe/* alone is not enough (Moscow, Istanbul, Kyiv, Belgrade...).
const EEA_ZONES = new Set([
	'Europe/Vienna', 'Europe/Brussels', 'Europe/Sofia', 'Europe/Zagreb', 'Asia/Nicosia', 'Asia/Famagusta', 'Europe/Nicosia', 'Europe/Prague',
	'Europe/Copenhagen', 'Europe/Tallinn', 'Europe/Helsinki', 'Europe/Mariehamn', 'Europe/Paris', 'Europe/Berlin', 'Europe/Busingen',
	'Europe/Athens', 'Europe/Budapest', 'Europe/Dublin', 'Europe/Rome', 'Europe/Riga', 'Europe/Vilnius', 'Europe/Luxembourg', 'Europe/Malta',
	'Europe/Amsterdam', 'Europe/Warsaw', 'Europe/Lisbon', 'Atlantic/Madeira', 'Atlantic/Azores', 'Europe/Bucharest', 'Europe/Bratislava',
	'Europe/Ljubljana', 'Europe/Madrid', 'Africa/Ceuta', 'Atlantic/Canary', 'Europe/Stockholm', 'Atlantic/Reykjavik', 'Europe/Vaduz',
	'Europe/Oslo', 'Arctic/Longyearbyen', 'America/Cayenne', 'America/Guadeloupe', 'America/Martinique', 'Indian/Reunion', 'Indian/Mayotte'
]);
const UK_ZONES = new Set(['Europe/London', 'Europe/Belfast', 'Europe/Guernsey', 'Europe/Jersey', 'Europe/Isle_of_Man']);

export function regionOfCountry(cc: string | null | undefined): Region | null {
	if (!cc) return null;
	const c = cc.toUpperCase();
	if (EEA_COUNTRIES.has(c)) return 'eea';
	if (UK_COUNTRIES.has(c)) return 'uk';
	return 'other';
}

export function regionOfTimeZone(tz: string | null | undefined): Region | null {
	if (!tz) return null;
	if (EEA_ZONES.has(tz)) return 'eea';
	if (UK_ZONES.has(tz)) return 'uk';
	return 'other';
}

/** Country from a BCP 47 tag: 'de-DE' → 'DE', 'pt-BR' → 'BR', 'de' → null. */
export function countryOfLocale(locale: string | null | undefined): string | null {
	if (!locale) return null;
	try {
		const r = new Intl.Locale(locale).region;
		if (r) return r;
	} catch {
		/* fall through to a plain parse */
	}
	const m = /^[a-z]{2,3}(?:[-_][A-Za-z]{4})?[-_]([A-Za-z]{2})\b/.exec(locale);
	return m ? m[1].toUpperCase() : null;
}

export interface RegionInfo {
	region: Region;
	source: RegionSource;
	/** Non-essential purposes need an explicit yes first. */
	optIn: boolean;
	/** Minimum age to use Loupe without a parent (digital age of consent). */
	minAge: number;
}

export function describeRegion(region: Region, source: RegionSource): RegionInfo {
	return { region, source, optIn: region !== 'other', minAge: minAgeFor(region) };
}

/** GDPR Art. 8 lets member states choose 13–16; 16 is the default and the safe choice. UK: 13. US (COPPA): 13. */
export function minAgeFor(region: Region): number {
	return region === 'eea' ? 16 : 13;
}

export function detectRegion(env: { locales: readonly string[]; timeZone: string | null }, override: Region | null = null): RegionInfo {
	if (override) return describeRegion(override, 'override');
	const tz = regionOfTimeZone(env.timeZone);
	if (tz && tz !== 'other') return describeRegion(tz, 'timezone');
	for (const l of env.locales) {
		const r = regionOfCountry(countryOfLocale(l));
		if (r && r !== 'other') return describeRegion(r, 'locale');
	}
	if (tz || env.locales.some((l) => countryOfLocale(l))) return describeRegion('other', tz ? 'timezone' : 'locale');
	return describeRegion('other', 'default');
}

/** The browser's own signals. */
export function browserEnv(): { locales: readonly string[]; timeZone: string | null } {
	const locales = typeof navigator !== 'undefined' ? (navigator.languages?.length ? navigator.languages : [navigator.language]) : [];
	let timeZone: string | null = null;
	try {
		timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
	} catch {
		/* no Intl time zone support */
	}
	return { locales, timeZone };
}

export const REGION_LABEL: Record<Region, string> = { eea: 'EU / EEA', uk: 'United Kingdom', other: 'Elsewhere' };

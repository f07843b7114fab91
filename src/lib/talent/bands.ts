// Similarity bands for advisory talent labels. The face engine measures, on the evaluation
// verification sets, the cosine similarity at which the false-match rate falls to 1e-4; that
// value is the floor for "cleared". An admin may make matching stricter, never laxer than that.

export interface MeasuredThresholds {
	/** Similarity at which the measured false-match rate is at most 1e-4 (floor for "cleared"). */
	fmr1e4: number;
	/** A looser operating point (e.g. FMR 1e-2) used as the default lower edge of "possible". */
	possible: number;
	/** Where the figures came from (shown to admins). */
	source: string;
}

export interface Bands {
	/** Similarity at or above which a match may be labelled cleared. */
	cleared: number;
	/** Similarity at or above which a match is at least "possible". */
	possible: number;
}

export interface AdminBands {
	cleared?: number;
	possible?: number;
}

/** The most an admin can raise the cleared threshold to; above this almost nothing would ever match. */
export const MAX_CLEARED = 0.99;
/**
 * "possible" is advisory only, but far below the measured FMR-1e-2 point it would flag nearly
 * everyone as a look-alike: it may go at most this far under that point.
 */
export const MAX_POSSIBLE_LOOSENING = 0.05;

export interface ResolvedBands extends Bands {
	limits: { cleared: [number, number]; possible: [number, number] };
	/** Messages explaining any admin value that was clamped. */
	notes: string[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Combines the measured thresholds with an admin's adjustment, clamped to safe limits:
 * cleared ∈ [measured FMR-1e-4 threshold, MAX_CLEARED]; possible ∈ [measured possible − MAX_POSSIBLE_LOOSENING, cleared].
 */
export function resolveBands(measured: MeasuredThresholds, admin: AdminBands = {}): ResolvedBands {
	const notes: string[] = [];
	const clearedLimits: [number, number] = [round(measured.fmr1e4), Math.max(MAX_CLEARED, round(measured.fmr1e4))];
	let cleared = admin.cleared ?? measured.fmr1e4;
	if (!Number.isFinite(cleared)) cleared = measured.fmr1e4;
	if (cleared < clearedLimits[0]) {
		notes.push(
			`Cleared threshold ${round(cleared)} is below the measured false-match-rate 1e-4 point ${clearedLimits[0]}; using ${clearedLimits[0]}.`
		);
		cleared = clearedLimits[0];
	} else if (cleared > clearedLimits[1]) {
		notes.push(`Cleared threshold ${round(cleared)} is above the maximum ${clearedLimits[1]}; using ${clearedLimits[1]}.`);
		cleared = clearedLimits[1];
	}
	const possibleLimits: [number, number] = [round(Math.min(cleared, Math.max(0, measured.possible - MAX_POSSIBLE_LOOSENING))), round(cleared)];
	let possible = admin.possible ?? Math.min(measured.possible, cleared);
	if (!Number.isFinite(possible)) possible = measured.possible;
	if (possible < possibleLimits[0]) {
		notes.push(`Possible threshold ${round(possible)} is below the minimum ${possibleLimits[0]}; using ${possibleLimits[0]}.`);
		possible = possibleLimits[0];
	} else if (possible > possibleLimits[1]) {
		notes.push(`Possible threshold ${round(possible)} is above the cleared threshold; using ${possibleLimits[1]}.`);
		possible = possibleLimits[1];
	}
	return { cleared: round(cleared), possible: round(possible), limits: { cleared: clearedLimits, possible: possibleLimits }, notes };
}

export type ScoreBand = 'strong' | 'weak' | 'none';

export function scoreBand(similarity: number, bands: Bands): ScoreBand {
	if (similarity >= bands.cleared) return 'strong';
	if (similarity >= bands.possible) return 'weak';
	return 'none';
}

export function describeBand(band: ScoreBand, bands: Bands): string {
	if (band === 'strong') return `strong match (≥ ${bands.cleared.toFixed(2)})`;
	if (band === 'weak') return `weak match (${bands.possible.toFixed(2)}–${bands.cleared.toFixed(2)})`;
	return `no match (< ${bands.possible.toFixed(2)})`;
}

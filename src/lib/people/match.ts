// How to describe a similarity score to a user. Raw cosine values of this model are compressed
// (different people often score 0.8), so percentages mislead; words tied to the measured grouping
// threshold do not.
import { DEFAULT_GROUPING } from './cluster';

export type MatchStrength = 'strong' | 'possible' | 'weak';

export function matchStrength(score: number, linkSim = DEFAULT_GROUPING.linkSim): MatchStrength {
	if (score >= linkSim - 0.02) return 'strong';
	if (score >= linkSim - 0.06) return 'possible';
	return 'weak';
}

export const MATCH_LABEL: Record<MatchStrength, string> = {
	strong: 'very likely the same',
	possible: 'possibly the same',
	weak: 'probably someone else'
};

// Advisory talent labels. A label is a suggestion for a human reviewer, never a decision:
// cleared = confident match to a talent whose consent covers this media's project now;
// possible = weaker match, or a confident one whose consent does not cover it;
// unknown = no enrolled talent resembles the face.
import { describeBand, scoreBand, type Bands, type ScoreBand } from './bands';
import { consentStatus, type ConsentState, type TalentConsent } from './consent';

export type Label = 'cleared' | 'possible' | 'unknown';

export interface Candidate {
	talentId: string;
	similarity: number;
	consents: readonly TalentConsent[];
}

export interface FaceLabelResult {
	label: Label;
	talentId: string | null;
	similarity: number | null;
	band: ScoreBand;
	bandText: string;
	consent: ConsentState | null;
	reason: string;
}

/** Labels one face from its best candidate matches (any order; talent whose consent was revoked never match). */
export function labelFace(candidates: readonly Candidate[], projectIds: readonly string[], bands: Bands, now: number): FaceLabelResult {
	const live = candidates
		.map((c) => ({ c, status: consentStatus(c.consents, projectIds, now) }))
		.filter(({ status }) => status.state !== 'revoked')
		.sort((a, b) => b.c.similarity - a.c.similarity);
	const top = live[0];
	if (!top || scoreBand(top.c.similarity, bands) === 'none') {
		const best = top ? top.c.similarity : null;
		return {
			label: 'unknown',
			talentId: null,
			similarity: best,
			band: 'none',
			bandText: describeBand('none', bands),
			consent: null,
			reason: best === null ? 'no enrolled talent to compare with' : `no enrolled talent resembles this face (best ${best.toFixed(2)})`
		};
	}
	const band = scoreBand(top.c.similarity, bands);
	const base = { talentId: top.c.talentId, similarity: top.c.similarity, band, bandText: describeBand(band, bands), consent: top.status.state };
	if (band === 'weak') return { ...base, label: 'possible', reason: `weak match (${top.c.similarity.toFixed(2)}); ${top.status.reason}` };
	if (top.status.state !== 'valid') return { ...base, label: 'possible', reason: `strong match, but ${top.status.reason}` };
	// Two enrolled people both matching strongly is a look-alike case a person must settle.
	const runnerUp = live[1];
	if (runnerUp && runnerUp.c.talentId !== top.c.talentId && scoreBand(runnerUp.c.similarity, bands) === 'strong')
		return { ...base, label: 'possible', reason: 'strong match to more than one enrolled person' };
	return { ...base, label: 'cleared', reason: `strong match (${top.c.similarity.toFixed(2)}); ${top.status.reason}` };
}

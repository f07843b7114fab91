// Consent given by a person on the talent roster (a third party, not the account holder): what
// they agreed to, how it was captured, and which projects it covers until when.

export type TalentPurpose = 'biometric' | 'likeness';

export type ConsentMethod =
	| { kind: 'typed'; signature: string }
	| { kind: 'file'; fileName: string; mime: string; size: number; sha256: string };

export interface TalentConsent {
	id: string;
	talentId: string;
	policyVersion: string;
	/** When the person signed (ms since epoch). */
	signedAt: number;
	recordedAt: number;
	method: ConsentMethod;
	purposes: TalentPurpose[];
	scope: { projects: 'all' | string[]; until: number | null };
	revokedAt?: number;
}

export type ConsentState = 'valid' | 'none' | 'revoked' | 'expired' | 'out-of-scope' | 'incomplete';

export interface ConsentStatus {
	state: ConsentState;
	consent?: TalentConsent;
	reason: string;
}

export const REQUIRED_PURPOSES: readonly TalentPurpose[] = ['biometric', 'likeness'];

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

function statusOf(c: TalentConsent, projectId: string | null, now: number): ConsentStatus {
	if (c.revokedAt !== undefined && c.revokedAt <= now) return { state: 'revoked', consent: c, reason: `consent revoked on ${day(c.revokedAt)}` };
	if (c.signedAt > now) return { state: 'none', consent: c, reason: `consent starts on ${day(c.signedAt)}` };
	if (c.scope.until !== null && c.scope.until < now) return { state: 'expired', consent: c, reason: `consent expired on ${day(c.scope.until)}` };
	const missing = REQUIRED_PURPOSES.filter((p) => !c.purposes.includes(p));
	if (missing.length) return { state: 'incomplete', consent: c, reason: `consent does not cover ${missing.join(' and ')}` };
	if (c.scope.projects !== 'all') {
		if (projectId === null) return { state: 'out-of-scope', consent: c, reason: 'media is not in a project this consent covers' };
		if (!c.scope.projects.includes(projectId)) return { state: 'out-of-scope', consent: c, reason: 'consent does not cover this project' };
	}
	const until = c.scope.until === null ? 'no end date' : `until ${day(c.scope.until)}`;
	return { state: 'valid', consent: c, reason: `consent v${c.policyVersion} signed ${day(c.signedAt)}, ${until}` };
}

// When several records exist, the one most favourable to the talent being cleared is reported,
// but a revocation newer than every grant wins: revoking means "stop", whatever was signed before.
const RANK: Record<ConsentState, number> = { valid: 5, 'out-of-scope': 4, expired: 3, incomplete: 2, none: 1, revoked: 0 };

/** Consent status of one talent for media in `projectIds` (any covered project is enough). */
export function consentStatus(consents: readonly TalentConsent[], projectIds: readonly string[], now: number): ConsentStatus {
	if (!consents.length) return { state: 'none', reason: 'no consent recorded' };
	const latest = consents.reduce((a, b) => (b.signedAt > a.signedAt ? b : a));
	if (latest.revokedAt !== undefined && latest.revokedAt <= now) return statusOf(latest, null, now);
	let best: ConsentStatus | null = null;
	for (const c of consents) {
		const candidates = projectIds.length ? projectIds.map((p) => statusOf(c, p, now)) : [statusOf(c, null, now)];
		for (const s of candidates) if (!best || RANK[s.state] > RANK[best.state]) best = s;
	}
	return best!;
}

/** Checks a new consent record before it is stored; returns the problems, empty if fine. */
export function validateConsent(c: Omit<TalentConsent, 'id' | 'recordedAt'>, now: number): string[] {
	const errs: string[] = [];
	if (!c.policyVersion.trim()) errs.push('Enter the policy version the person signed.');
	if (!Number.isFinite(c.signedAt)) errs.push('Enter the date the person signed.');
	else if (c.signedAt > now + 86_400_000) errs.push('The signing date is in the future.');
	if (c.method.kind === 'typed' && c.method.signature.trim().length < 2) errs.push('Type the signer’s full name as their signature.');
	if (c.method.kind === 'file' && !c.method.size) errs.push('The signed release file is empty.');
	for (const p of REQUIRED_PURPOSES) if (!c.purposes.includes(p)) errs.push(`Consent must cover ${p === 'biometric' ? 'biometric processing' : 'face usage'}.`);
	if (c.scope.projects !== 'all' && c.scope.projects.length === 0) errs.push('Choose at least one project, or all projects.');
	if (c.scope.until !== null && c.scope.until <= c.signedAt) errs.push('The end date must be after the signing date.');
	return errs;
}

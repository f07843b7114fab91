import { describe, expect, test } from 'vitest';
import { resolveBands, MAX_CLEARED } from './bands';
import { consentStatus, validateConsent, type TalentConsent } from './consent';
import { labelFace } from './labels';
import { bestPerTalent, cosine } from './similarity';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const measured = { fmr1e4: 0.6, possible: 0.45, source: 'test' };
const bands = resolveBands(measured);

function consent(over: Partial<TalentConsent> = {}): TalentConsent {
	return {
		id: 'c1',
		talentId: 't1',
		policyVersion: '2',
		signedAt: NOW - 10 * DAY,
		recordedAt: NOW - 10 * DAY,
		method: { kind: 'typed', signature: 'Ada Lovelace' },
		purposes: ['biometric', 'likeness'],
		scope: { projects: ['p1'], until: NOW + 30 * DAY },
		...over
	};
}

describe('bands', () => {
	test('default bands are the measured ones', () => {
		expect(bands).toMatchObject({ cleared: 0.6, possible: 0.45, notes: [] });
	});
	test('an admin can be stricter but never below the measured FMR-1e-4 point', () => {
		expect(resolveBands(measured, { cleared: 0.7 }).cleared).toBe(0.7);
		const lax = resolveBands(measured, { cleared: 0.3 });
		expect(lax.cleared).toBe(0.6);
		expect(lax.notes[0]).toMatch(/below the measured/);
		expect(resolveBands(measured, { cleared: 2 }).cleared).toBe(MAX_CLEARED);
		expect(resolveBands(measured, { cleared: Number.NaN }).cleared).toBe(0.6);
	});
	test('possible stays below cleared and within the gap', () => {
		expect(resolveBands(measured, { possible: 0.9 }).possible).toBe(0.6);
		expect(resolveBands(measured, { possible: 0.1 }).possible).toBe(0.4);
		expect(resolveBands(measured, { cleared: 0.8, possible: 0.5 }).possible).toBe(0.5);
		expect(resolveBands(measured, { cleared: 0.8 }).possible).toBe(0.45);
	});
});

describe('consent status', () => {
	test('valid within scope and before expiry', () => {
		expect(consentStatus([consent()], ['p1'], NOW).state).toBe('valid');
		expect(consentStatus([consent({ scope: { projects: 'all', until: null } })], [], NOW).state).toBe('valid');
	});
	test('project outside scope', () => {
		const s = consentStatus([consent()], ['p2'], NOW);
		expect(s.state).toBe('out-of-scope');
		expect(s.reason).toMatch(/does not cover this project/);
		expect(consentStatus([consent()], [], NOW).state).toBe('out-of-scope');
	});
	test('any of the media’s projects being covered is enough', () => {
		expect(consentStatus([consent()], ['p2', 'p1'], NOW).state).toBe('valid');
	});
	test('expiry', () => {
		const s = consentStatus([consent()], ['p1'], NOW + 31 * DAY);
		expect(s.state).toBe('expired');
		expect(s.reason).toMatch(/expired on 2026-07-01/);
	});
	test('revocation wins over an older grant', () => {
		const older = consent({ id: 'old', signedAt: NOW - 100 * DAY, scope: { projects: 'all', until: null } });
		const revoked = consent({ id: 'new', revokedAt: NOW - DAY });
		expect(consentStatus([older, revoked], ['p1'], NOW).state).toBe('revoked');
		// ...but a revocation dated in the future has not happened yet.
		expect(consentStatus([consent({ revokedAt: NOW + DAY })], ['p1'], NOW).state).toBe('valid');
	});
	test('a consent missing a purpose is incomplete; none recorded is none', () => {
		expect(consentStatus([consent({ purposes: ['likeness'] })], ['p1'], NOW).state).toBe('incomplete');
		expect(consentStatus([], ['p1'], NOW).state).toBe('none');
	});
	test('validation explains what is wrong', () => {
		const errs = validateConsent(
			{ talentId: 't', policyVersion: ' ', signedAt: NOW, method: { kind: 'typed', signature: '' }, purposes: ['biometric'], scope: { projects: [], until: NOW - DAY } },
			NOW
		);
		expect(errs).toHaveLength(5);
		expect(validateConsent({ ...consent(), signedAt: NOW }, NOW)).toEqual([]);
	});
});

describe('labels', () => {
	const t1 = (similarity: number, consents = [consent()]) => ({ talentId: 't1', similarity, consents });
	test('strong match + valid consent for the project → cleared', () => {
		const l = labelFace([t1(0.72)], ['p1'], bands, NOW);
		expect(l).toMatchObject({ label: 'cleared', talentId: 't1', band: 'strong', consent: 'valid' });
		expect(l.reason).toMatch(/strong match \(0\.72\)/);
	});
	test('strong match but other project → possible, saying why', () => {
		const l = labelFace([t1(0.72)], ['p2'], bands, NOW);
		expect(l).toMatchObject({ label: 'possible', band: 'strong', consent: 'out-of-scope' });
		expect(l.reason).toMatch(/does not cover this project/);
	});
	test('strong match but expired consent → possible', () => {
		expect(labelFace([t1(0.9)], ['p1'], bands, NOW + 60 * DAY)).toMatchObject({ label: 'possible', consent: 'expired' });
	});
	test('weak match → possible even with valid consent', () => {
		expect(labelFace([t1(0.5)], ['p1'], bands, NOW)).toMatchObject({ label: 'possible', band: 'weak' });
	});
	test('no match, or nobody enrolled → unknown', () => {
		expect(labelFace([t1(0.3)], ['p1'], bands, NOW)).toMatchObject({ label: 'unknown', talentId: null, band: 'none' });
		expect(labelFace([], ['p1'], bands, NOW).reason).toMatch(/no enrolled talent/);
	});
	test('revoked consent → unknown: matching against them stops', () => {
		const l = labelFace([t1(0.95, [consent({ revokedAt: NOW - DAY })])], ['p1'], bands, NOW);
		expect(l).toMatchObject({ label: 'unknown', talentId: null });
	});
	test('thresholds matter exactly at the edges', () => {
		expect(labelFace([t1(0.6)], ['p1'], bands, NOW).label).toBe('cleared');
		expect(labelFace([t1(0.5999)], ['p1'], bands, NOW).label).toBe('possible');
		expect(labelFace([t1(0.45)], ['p1'], bands, NOW).label).toBe('possible');
		expect(labelFace([t1(0.4499)], ['p1'], bands, NOW).label).toBe('unknown');
	});
	test('two strong matches to different people → possible (look-alikes need a human)', () => {
		const l = labelFace([t1(0.8), { talentId: 't2', similarity: 0.75, consents: [consent({ talentId: 't2' })] }], ['p1'], bands, NOW);
		expect(l).toMatchObject({ label: 'possible', talentId: 't1' });
	});
	test('a stricter admin threshold turns a cleared label into possible', () => {
		const strict = resolveBands(measured, { cleared: 0.8 });
		expect(labelFace([t1(0.72)], ['p1'], strict, NOW).label).toBe('possible');
	});
});

describe('similarity', () => {
	test('cosine and best-per-talent', () => {
		expect(cosine([1, 0], [1, 0])).toBeCloseTo(1);
		expect(cosine([1, 0], [0, 1])).toBeCloseTo(0);
		const best = bestPerTalent([1, 0], [
			{ talentId: 'a', embedding: [0, 1] },
			{ talentId: 'a', embedding: [0.8, 0.6] },
			{ talentId: 'b', embedding: [-1, 0] }
		]);
		expect(best.get('a')).toBeCloseTo(0.8);
		expect(best.get('b')).toBeCloseTo(-1);
		expect(() => cosine([1], [1, 2])).toThrow(/sizes differ/);
	});
});

import 'fake-indexeddb/auto';
import { beforeEach, expect, test } from 'vitest';
import { closeStore } from '../store/db';
import {
	CONSENT_DB,
	compareVersions,
	consentHistory,
	consentSummary,
	eraseConsentHistory,
	getConsent,
	grantConsent,
	hasConsent,
	onConsentChange,
	withdrawConsent,
	type ConsentRecord
} from './consent';

beforeEach(async () => {
	await eraseConsentHistory();
});

test('nothing is granted before the user is asked', async () => {
	expect(await getConsent('biometric')).toBeNull();
	expect(await hasConsent('biometric')).toBe(false);
});

test('grant then withdraw keeps both records, latest decides', async () => {
	const g = await grantConsent('biometric', { policyVersion: '1.0', method: 'dialog', details: { scope: 'faces' } });
	expect(g).toMatchObject({ purpose: 'biometric', granted: true, policyVersion: '1.0', method: 'dialog', details: { scope: 'faces' } });
	expect(typeof g.at).toBe('number');
	expect(await hasConsent('biometric')).toBe(true);
	expect(await hasConsent('cloud_ai')).toBe(false);

	const w = await withdrawConsent('biometric');
	expect(w).toMatchObject({ purpose: 'biometric', granted: false, policyVersion: '1.0', method: 'settings' });
	expect(w.seq).toBeGreaterThan(g.seq);
	expect(await hasConsent('biometric')).toBe(false);

	const h = await consentHistory('biometric');
	expect(h.map((r) => r.granted)).toEqual([true, false]);
});

test('history survives reopening the database and is ordered across purposes', async () => {
	await grantConsent('analytics', { policyVersion: '2', method: 'banner' });
	await grantConsent('marketing', { policyVersion: '2', method: 'banner' });
	await withdrawConsent('analytics', { method: 'privacy-centre' });
	await closeStore(CONSENT_DB);
	const h = await consentHistory();
	expect(h.map((r) => [r.purpose, r.granted])).toEqual([
		['analytics', true],
		['marketing', true],
		['analytics', false]
	]);
	const s = await consentSummary();
	expect(s.analytics?.granted).toBe(false);
	expect(s.marketing?.granted).toBe(true);
	expect(s.biometric).toBeNull();
});

test('a grant under an older policy does not satisfy a newer minimum', async () => {
	await grantConsent('biometric', { policyVersion: '1.2', method: 'dialog' });
	expect(await hasConsent('biometric', { minPolicyVersion: '1.2' })).toBe(true);
	expect(await hasConsent('biometric', { minPolicyVersion: '1.10' })).toBe(false);
	expect(compareVersions('2', '1.9.9')).toBe(1);
});

test('bad input is refused and nothing is recorded', async () => {
	await expect(grantConsent('telepathy' as never, { policyVersion: '1', method: 'dialog' })).rejects.toThrow(/purpose/);
	await expect(grantConsent('biometric', { policyVersion: '', method: 'dialog' })).rejects.toThrow(/policyVersion/);
	expect(await consentHistory()).toEqual([]);
});

test('listeners hear every change and can unsubscribe', async () => {
	const seen: (ConsentRecord | null)[] = [];
	const off = onConsentChange((r) => seen.push(r));
	await grantConsent('cloud_ai', { policyVersion: '1', method: 'dialog' });
	await withdrawConsent('cloud_ai');
	off();
	await grantConsent('cloud_ai', { policyVersion: '1', method: 'dialog' });
	expect(seen.map((r) => r?.granted)).toEqual([true, false]);
});

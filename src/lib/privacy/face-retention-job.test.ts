// The face-data retention job against the real faces store, queue, key store and consent log
// (fake-indexeddb), with a fake clock: only Date is faked, so no test waits on real time.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

const people = vi.hoisted(() => ({ removed: [] as string[][] }));
vi.mock('../people/service', () => ({
	onFacesAdded: async () => {},
	onFacesRemoved: async (ids: string[]) => void people.removed.push(ids)
}));

import { hasKey } from '../crypto/keystore';
import { FACES_KEY } from '../crypto/aes';
import { FACES_DB, saveAnalysis, type NewFace } from '../faces/repo';
import { enqueue, listJobs, QUEUE_DB } from '../faces/queue/store';
import { grantBiometricConsent, hasBiometricConsent } from '../faces/service';
import { dropStore } from '../store/db';
import { consentHistory } from './consent';
import { countRows, listDatabases } from './device';
import { faceDeleteAt } from './face-retention';
import { deviceFaceRetentionDeps, runFaceRetention, startFaceRetention, type FaceRetentionDeps } from './face-retention-job';
import {
	FACE_RETENTION_DUE,
	getFacePurgeNotice,
	getFaceRetentionMonths,
	getLastFaceUseAt,
	onPrefsChange,
	recordFaceUse,
	setFaceRetentionMonths,
	setLastFaceUseAt,
	setProcessingRestricted,
	usePrefsStorage
} from './prefs';
import type { Clock } from './retention';

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 23, 12);

function face(x: number): NewFace {
	return {
		box: { x, y: 10, w: 50, h: 60 },
		landmarks: [{ x: x + 15, y: 30 }],
		score: 0.9,
		quality: 0.8,
		age: 31,
		gender: 'female',
		genderConfidence: 0.9,
		embedding: new Float32Array(8).map((_, i) => Math.sin(x + i))
	};
}

/** Consent at T and three analysed items (3 faces, one item with none) and a queued job. */
async function useFacesAt(t: number) {
	vi.setSystemTime(t);
	await grantBiometricConsent();
	await saveAnalysis('m1', [face(1), face(60)]);
	await saveAnalysis('m2', [face(5)]);
	await saveAnalysis('m3', []);
	await enqueue([{ mediaId: 'm4', name: 'm4.jpg', kind: 'image', units: 1 }]);
}

const faceRows = async () => ((await listDatabases()).includes(FACES_DB) ? countRows(FACES_DB) : 0);

beforeEach(async () => {
	vi.useFakeTimers({ toFake: ['Date'] });
	vi.setSystemTime(T);
	usePrefsStorage(null);
	people.removed = [];
	for (const name of await listDatabases()) await dropStore(name);
});
afterEach(() => {
	vi.useRealTimers();
});

describe('face-data retention job (fake clock, real stores)', () => {
	test('consent starts the clock; at exactly the deadline every face row, the queue and the key are deleted, with a notice', async () => {
		await useFacesAt(T);
		expect(getLastFaceUseAt()).toBe(T);
		expect(await faceRows()).toBe(3 + 3); // 3 faces + 3 analysis records
		const deps = deviceFaceRetentionDeps();
		const deadline = faceDeleteAt(T, 36);

		// One millisecond before: warned, nothing deleted.
		vi.setSystemTime(deadline - 1);
		const before = await runFaceRetention(deadline - 1, deps);
		expect(before).toMatchObject({ action: 'none', state: { state: 'warning', deleteAt: deadline } });
		expect(await faceRows()).toBe(6);

		vi.setSystemTime(deadline);
		const out = await runFaceRetention(deadline, deps);
		expect(out).toEqual({ action: 'purged', notice: { at: deadline, faces: 3, months: 36, lastUseAt: T } });
		// Every row of the faces store is gone, the queue too, and the embedding key is destroyed.
		expect(await faceRows()).toBe(0);
		expect(await listJobs()).toEqual([]);
		expect(await hasKey(FACES_KEY)).toBe(false);
		// People were told every face went (they wipe their groups then).
		expect(people.removed.flat().length).toBe(3);
		// Consent withdrawn like "Turn off", with a content-free record of why.
		const last = (await consentHistory('biometric')).at(-1)!;
		expect(last).toMatchObject({ granted: false, method: 'retention', at: deadline, details: { reason: 'retention', months: 36, lastUseAt: T, faces: 3, items: 3 } });
		expect(JSON.stringify(last.details)).not.toMatch(/m1|m2|box|embedding/);
		expect(await hasBiometricConsent()).toBe(false);
		// The clock is cleared and the notice waits for the next time the app is opened.
		expect(getLastFaceUseAt()).toBeNull();
		expect(getFacePurgeNotice()).toEqual({ at: deadline, faces: 3, months: 36, lastUseAt: T });

		// The next daily run finds nothing to do and leaves the notice alone.
		const next = await runFaceRetention(deadline + DAY, deps);
		expect(next).toEqual({ action: 'none', state: { state: 'idle' } });
		expect(getFacePurgeNotice()?.at).toBe(deadline);
	});

	test('any use restarts the period', async () => {
		await useFacesAt(T);
		const deps = deviceFaceRetentionDeps();
		const use = faceDeleteAt(T, 36) - 10 * DAY;
		expect(recordFaceUse(use)).toBe(true);
		expect(getLastFaceUseAt()).toBe(use);
		expect(recordFaceUse(use + 1000)).toBe(false); // throttled: no write on every render
		const out = await runFaceRetention(faceDeleteAt(T, 36), deps);
		expect(out).toMatchObject({ action: 'none', state: { state: 'ok', deleteAt: faceDeleteAt(use, 36) } });
		expect(await faceRows()).toBe(6);
		expect((await runFaceRetention(faceDeleteAt(use, 36), deps)).action).toBe('purged');
	});

	test('a use past the deadline is not counted and asks the job to run now', async () => {
		await useFacesAt(T);
		const seen: string[] = [];
		const off = onPrefsChange((k) => seen.push(k));
		const late = faceDeleteAt(T, 36) + DAY;
		expect(recordFaceUse(late)).toBe(false);
		off();
		expect(getLastFaceUseAt()).toBe(T);
		expect(seen).toEqual([FACE_RETENTION_DUE]);
		expect((await runFaceRetention(late, deviceFaceRetentionDeps())).action).toBe('purged');
	});

	test('a shorter period applies at once; a longer one than 36 months is clamped', async () => {
		await useFacesAt(T);
		expect(setFaceRetentionMonths(6)).toEqual({ months: 6, note: null });
		const deps = deviceFaceRetentionDeps();
		expect((await runFaceRetention(faceDeleteAt(T, 6) - 1, deps)).action).toBe('none');
		const out = await runFaceRetention(faceDeleteAt(T, 6), deps);
		expect(out).toMatchObject({ action: 'purged', notice: { months: 6, faces: 3 } });
		expect(setFaceRetentionMonths(48).months).toBe(36);
		expect(getFaceRetentionMonths()).toBe(36);
	});

	test('face data stored before the rule existed: the clock starts from the last analysis', async () => {
		await useFacesAt(T);
		vi.setSystemTime(T + 5 * DAY);
		await saveAnalysis('m5', [face(9)]);
		setLastFaceUseAt(null); // as on a device upgraded from a version without the clock
		const now = T + 40 * DAY;
		const out = await runFaceRetention(now, deviceFaceRetentionDeps());
		expect(out).toMatchObject({ action: 'started', lastUseAt: T + 5 * DAY, state: { state: 'ok' } });
		expect(getLastFaceUseAt()).toBe(T + 5 * DAY);
		expect(await faceRows()).toBe(8);
	});

	test('a device that never used faces is left untouched (the faces store is not created)', async () => {
		const out = await runFaceRetention(T + 5000 * DAY, deviceFaceRetentionDeps());
		expect(out).toEqual({ action: 'none', state: { state: 'idle' } });
		expect(await listDatabases()).not.toContain(FACES_DB);
		expect(getLastFaceUseAt()).toBeNull();
		expect(getFacePurgeNotice()).toBeNull();
	});

	test('while processing is restricted (Art. 18) the deletion is held, not done', async () => {
		await useFacesAt(T);
		setProcessingRestricted(true, T);
		const deadline = faceDeleteAt(T, 36);
		expect((await runFaceRetention(deadline, deviceFaceRetentionDeps())).action).toBe('held');
		expect(await faceRows()).toBe(6);
		setProcessingRestricted(false);
		expect((await runFaceRetention(deadline, deviceFaceRetentionDeps())).action).toBe('purged');
	});

	test('due with nothing stored: the clock is cleared, no notice', async () => {
		setLastFaceUseAt(T);
		const out = await runFaceRetention(faceDeleteAt(T, 36), deviceFaceRetentionDeps());
		expect(out).toEqual({ action: 'reset' });
		expect(getLastFaceUseAt()).toBeNull();
		expect(getFacePurgeNotice()).toBeNull();
		expect(await listDatabases()).not.toContain(FACES_DB);
	});
});

describe('schedule (fake clock)', () => {
	function fakeClock(start: number) {
		const c = { t: start, ticks: [] as (() => void)[], cleared: 0 };
		const clock: Clock = {
			now: () => c.t,
			setInterval: (fn, ms) => {
				expect(ms).toBe(DAY);
				c.ticks.push(fn);
				return c.ticks.length;
			},
			clearInterval: () => void c.cleared++
		};
		return { c, clock };
	}
	const settle = async () => {
		for (let i = 0; i < 5; i++) await Promise.resolve();
	};

	test('runs at start-up, then daily; deletes on the first run at or after the deadline', async () => {
		const lastUse = Date.UTC(2026, 0, 10);
		const store = { last: lastUse as number | null, purged: [] as number[], notice: null as unknown };
		const deps: FaceRetentionDeps = {
			months: () => 1,
			lastUseAt: () => store.last,
			setLastUseAt: (t) => void (store.last = t),
			setNotice: (n) => void (store.notice = n),
			isRestricted: () => false,
			faceData: async () => ({ faces: 4, analyses: 2, latestAt: lastUse }),
			purge: async () => (store.purged.push(c.t), { faces: 4 })
		};
		const { c, clock } = fakeClock(lastUse + DAY);
		const stop = startFaceRetention(clock, deps);
		await settle();
		expect(store.purged).toEqual([]);
		const deadline = Date.UTC(2026, 1, 10);
		// Daily ticks up to the day before the deadline: nothing.
		while (c.t + DAY < deadline) {
			c.t += DAY;
			c.ticks[0]();
			await settle();
		}
		expect(store.purged).toEqual([]);
		c.t = deadline;
		c.ticks[0]();
		await settle();
		expect(store.purged).toEqual([deadline]);
		expect(store.notice).toEqual({ at: deadline, faces: 4, months: 1, lastUseAt: lastUse });
		expect(store.last).toBeNull();
		stop();
		expect(c.cleared).toBe(1);
	});
});

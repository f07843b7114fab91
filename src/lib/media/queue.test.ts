import { describe, expect, test } from 'vitest';
import { ExportQueue } from './queue';
import { EtaEstimator, formatEta } from './eta';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('export queue', () => {
	test('runs jobs one after another, in order, reporting progress', async () => {
		const q = new ExportQueue<string>();
		const order: string[] = [];
		let running = 0;
		let maxRunning = 0;
		const job = (name: string) => async (ctx: { progress(p: number): void }) => {
			running++;
			maxRunning = Math.max(maxRunning, running);
			order.push(name + ':start');
			ctx.progress(0.5);
			await tick();
			order.push(name + ':end');
			running--;
			return name;
		};
		q.add('a', job('a'));
		q.add('b', job('b'));
		q.add('c', job('c'));
		await q.idle();
		expect(maxRunning).toBe(1);
		expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
		expect(q.entries.map((e) => [e.status, e.result, e.progress])).toEqual([
			['done', 'a', 1],
			['done', 'b', 1],
			['done', 'c', 1]
		]);
	});

	test('cancel a running job aborts it; a queued one never starts; others go on', async () => {
		const q = new ExportQueue<string>();
		const started: string[] = [];
		const idA = q.add('a', (ctx) => {
			started.push('a');
			return new Promise((_, fail) => ctx.signal.addEventListener('abort', () => fail(new Error('aborted by signal'))));
		});
		const idB = q.add('b', async () => {
			started.push('b');
			return 'b';
		});
		q.add('c', async () => {
			started.push('c');
			return 'c';
		});
		await tick();
		q.cancel(idB);
		q.cancel(idA);
		await q.idle();
		expect(started).toEqual(['a', 'c']);
		expect(q.entries.map((e) => e.status)).toEqual(['canceled', 'canceled', 'done']);
	});

	test('a failure is explained and does not stop the queue', async () => {
		const q = new ExportQueue<string>(Date.now, (e) => 'explained: ' + (e as Error).message);
		q.add('bad', async () => {
			throw new Error('moov atom not found');
		});
		q.add('good', async () => 'ok');
		await q.idle();
		expect(q.entries[0]).toMatchObject({ status: 'failed', error: 'explained: moov atom not found' });
		expect(q.entries[1].status).toBe('done');
		q.clearFinished();
		expect(q.entries).toEqual([]);
	});
});

describe('time left', () => {
	test('steady progress gives a steady estimate', () => {
		const e = new EtaEstimator(0);
		expect(e.update(0.01, 100)).toBeNull();
		let last = 0;
		for (let t = 1000; t <= 5000; t += 1000) last = e.update(t / 10000, t)!;
		expect(last).toBeCloseTo(5, 0);
		expect(e.update(1, 9000)).toBe(0);
	});
	test('formatting', () => {
		expect(formatEta(null)).toBe('estimating…');
		expect(formatEta(12.2)).toBe('13 s left');
		expect(formatEta(125)).toBe('2 min 5 s left');
	});
});

import { describe, expect, test } from 'vitest';
import { CaptionError, cueAt, parseCaptions, retimeCaptions, toSrt, toVtt, wrapText } from './captions';

const SRT = `1\r\n00:00:01,000 --> 00:00:02,500\r\nHello <i>there</i>\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nSecond\r\nline\r\n`;
const VTT = `WEBVTT\n\nNOTE a comment\n\nintro\n00:01.000 --> 00:02.500 align:start\nHello there\n\n01:00:03.250 --> 01:00:04.000\nLate\n`;

describe('captions', () => {
	test('parses SRT with CRLF and tags', () => {
		expect(parseCaptions(SRT)).toEqual([
			{ start: 1, end: 2.5, text: 'Hello there' },
			{ start: 3, end: 4, text: 'Second\nline' }
		]);
	});
	test('parses WebVTT with ids, settings and short stamps', () => {
		expect(parseCaptions(VTT)).toEqual([
			{ start: 1, end: 2.5, text: 'Hello there' },
			{ start: 3603.25, end: 3604, text: 'Late' }
		]);
	});
	test('rejects a file with no cues', () => {
		expect(() => parseCaptions('just some text')).toThrow(CaptionError);
	});
	test('round-trips through VTT and SRT', () => {
		const cues = parseCaptions(SRT);
		expect(parseCaptions(toVtt(cues))).toEqual(cues);
		expect(parseCaptions(toSrt(cues))).toEqual(cues);
		expect(toVtt(cues).startsWith('WEBVTT')).toBe(true);
	});
	test('cueAt and retiming onto an edited timeline', () => {
		const cues = parseCaptions(SRT);
		expect(cueAt(cues, 1.2)?.text).toBe('Hello there');
		expect(cueAt(cues, 2.7)).toBeNull();
		// Keep 0–2 and 3–5: the second cue moves to 2–3 s.
		expect(retimeCaptions(cues, [{ start: 0, end: 2 }, { start: 3, end: 5 }])).toEqual([
			{ start: 1, end: 2, text: 'Hello there' },
			{ start: 2, end: 3, text: 'Second\nline' }
		]);
	});
	test('wrapText breaks at the width', () => {
		expect(wrapText('aa bb cc dd', 5, (s) => s.length)).toEqual(['aa bb', 'cc dd']);
	});
});

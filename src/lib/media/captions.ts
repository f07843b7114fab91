// Captions: SRT and WebVTT parsing, WebVTT output (soft track), and what to draw at a time
// (burn-in).
import type { Caption } from './types';

export class CaptionError extends Error {}

function parseStamp(s: string): number | null {
	const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})$/.exec(s.trim());
	if (!m) return null;
	return (m[1] ? Number(m[1]) * 3600 : 0) + Number(m[2]) * 60 + Number(m[3]) + Number(m[4].padEnd(3, '0')) / 1000;
}

/** Parses SRT or WebVTT text (detected from content). Tags like <i> are stripped. */
export function parseCaptions(text: string): Caption[] {
	const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	const blocks = src.split(/\n{2,}/);
	const cues: Caption[] = [];
	for (const block of blocks) {
		const lines = block.split('\n').filter((l) => l.length > 0);
		const i = lines.findIndex((l) => l.includes('-->'));
		if (i < 0) continue;
		const [a, rest] = lines[i].split('-->');
		const b = rest.trim().split(/\s+/)[0];
		const start = parseStamp(a);
		const end = parseStamp(b);
		if (start === null || end === null || end <= start) continue;
		const body = lines
			.slice(i + 1)
			.join('\n')
			.replace(/<[^>]+>/g, '')
			.replace(/\{\\[^}]*\}/g, '')
			.trim();
		if (body) cues.push({ start, end, text: body });
	}
	if (cues.length === 0) throw new CaptionError('No captions found: expected an SRT or WebVTT file with "00:00:01,000 --> 00:00:02,000" lines.');
	return cues.sort((x, y) => x.start - y.start);
}

function stamp(t: number): string {
	const ms = Math.round(t * 1000);
	const h = Math.floor(ms / 3_600_000);
	const m = Math.floor((ms % 3_600_000) / 60_000);
	const s = Math.floor((ms % 60_000) / 1000);
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

export function toVtt(cues: Caption[]): string {
	return 'WEBVTT\n\n' + cues.map((c) => `${stamp(c.start)} --> ${stamp(c.end)}\n${c.text}`).join('\n\n') + '\n';
}

/** SRT output (for ffmpeg's mov_text/webvtt muxing). */
export function toSrt(cues: Caption[]): string {
	return cues.map((c, i) => `${i + 1}\n${stamp(c.start).replace('.', ',')} --> ${stamp(c.end).replace('.', ',')}\n${c.text}`).join('\n\n') + '\n';
}

export function cueAt(cues: Caption[], t: number): Caption | null {
	for (const c of cues) if (t >= c.start && t < c.end) return c;
	return null;
}

/**
 * Moves cues onto the edited timeline: kept source ranges are concatenated, cues in cut parts
 * are dropped or clipped.
 */
export function retimeCaptions(cues: Caption[], ranges: { start: number; end: number }[]): Caption[] {
	const out: Caption[] = [];
	let acc = 0;
	for (const r of ranges) {
		for (const c of cues) {
			const s = Math.max(c.start, r.start);
			const e = Math.min(c.end, r.end);
			if (e - s > 0.05) out.push({ start: acc + s - r.start, end: acc + e - r.start, text: c.text });
		}
		acc += r.end - r.start;
	}
	return out;
}

/** Greedy word wrap by a measuring function (canvas measureText in the browser). */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
	const lines: string[] = [];
	for (const para of text.split('\n')) {
		let line = '';
		for (const word of para.split(/\s+/).filter(Boolean)) {
			const next = line ? `${line} ${word}` : word;
			if (line && measure(next) > maxWidth) {
				lines.push(line);
				line = word;
			} else line = next;
		}
		if (line) lines.push(line);
	}
	return lines;
}

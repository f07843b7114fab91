// A project's clearance report: each person on screen, their label, consent status and the
// reviewer's decision; exportable as CSV.
import type { Label } from './labels';
import type { ConsentState } from './consent';

export interface LabelledFace {
	faceId: string;
	mediaId: string;
	mediaName: string;
	/** Seconds into a video, when the face was found on a frame. */
	frameTime?: number;
	label: Label;
	talentId: string | null;
	similarity: number | null;
	consent: ConsentState | null;
	reason: string;
	decision: 'confirmed' | 'rejected' | null;
}

export interface ReportRow {
	person: string;
	talentId: string | null;
	label: Label;
	consent: string;
	decision: 'confirmed' | 'rejected' | 'mixed' | 'pending';
	faces: number;
	media: string[];
	reason: string;
}

const RANK: Record<Label, number> = { cleared: 2, possible: 1, unknown: 0 };
const CONSENT_TEXT: Record<ConsentState, string> = {
	valid: 'valid for this project',
	none: 'no consent recorded',
	revoked: 'revoked',
	expired: 'expired',
	'out-of-scope': 'does not cover this project',
	incomplete: 'incomplete'
};

/** One row per matched talent (all their faces), one per unknown face; sorted by what needs attention. */
export function clearanceReport(faces: readonly LabelledFace[], talentName: (id: string) => string): ReportRow[] {
	const byTalent = new Map<string, LabelledFace[]>();
	const rows: ReportRow[] = [];
	for (const f of faces) {
		if (f.talentId && f.label !== 'unknown') {
			const list = byTalent.get(f.talentId) ?? [];
			list.push(f);
			byTalent.set(f.talentId, list);
		} else {
			rows.push({
				person: 'Unknown person',
				talentId: null,
				label: 'unknown',
				consent: 'no match on the roster',
				decision: 'pending',
				faces: 1,
				media: [f.frameTime !== undefined ? `${f.mediaName} @ ${f.frameTime.toFixed(1)} s` : f.mediaName],
				reason: f.reason
			});
		}
	}
	for (const [id, list] of byTalent) {
		const best = list.reduce((a, b) => (RANK[b.label] > RANK[a.label] || (RANK[b.label] === RANK[a.label] && (b.similarity ?? 0) > (a.similarity ?? 0)) ? b : a));
		const decisions = new Set(list.map((f) => f.decision));
		const decision = decisions.size > 1 ? (decisions.has(null) ? 'pending' : 'mixed') : (list[0].decision ?? 'pending');
		rows.push({
			person: talentName(id),
			talentId: id,
			label: best.label,
			consent: best.consent ? CONSENT_TEXT[best.consent] : '—',
			decision,
			faces: list.length,
			media: [...new Set(list.map((f) => f.mediaName))],
			reason: best.reason
		});
	}
	const order = (r: ReportRow) => (r.decision === 'rejected' || r.decision === 'mixed' ? 0 : r.label === 'possible' ? 1 : r.label === 'unknown' ? 2 : 3);
	return rows.sort((a, b) => order(a) - order(b) || a.person.localeCompare(b.person));
}

/** RFC 4180 field, with spreadsheet formula injection neutralised. */
export function csvField(v: string | number): string {
	let s = String(v);
	if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportCsv(rows: readonly ReportRow[], meta: { project: string; generatedAt: number }): string {
	const lines = [
		['Project', meta.project].map(csvField).join(','),
		['Generated', new Date(meta.generatedAt).toISOString()].map(csvField).join(','),
		['Labels are advisory; the decision column is the reviewer’s'].map(csvField).join(','),
		'',
		['Person', 'Label', 'Consent', 'Reviewer decision', 'Faces', 'Appears in', 'Why'].join(',')
	];
	for (const r of rows) lines.push([r.person, r.label, r.consent, r.decision, r.faces, r.media.join('; '), r.reason].map(csvField).join(','));
	return lines.join('\r\n') + '\r\n';
}

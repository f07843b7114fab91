// The page-side talent service: enrollment through the face engine, labels for stored faces,
// review decisions and a project's clearance report. Biometric vectors stay in memory only
// while matching; at rest they are sealed with the app's non-extractable key.
import { encryptBytes, decryptBytes } from '../crypto';
import { decodeImage } from '../faces/decode';
import { analyzePixels } from '../faces/engine';
import { getEmbeddings, getFace, listFacesForMedia } from '../faces/repo';
import type { Face } from '../faces/types';
import { getMedia, listMedia, listMediaInProject, getProject } from '../library/repo';
import type { MediaItem } from '../library/types';
import { isProcessingRestricted } from '../privacy/prefs';
import { appendAudit, subjectOf } from './audit';
import { resolveBands, type AdminBands, type ResolvedBands } from './bands';
import { useCipher, type EmbeddingCipher } from './cipher';
import { consentStatus } from './consent';
import { checkReference, type DetectedFace, type ReferenceCheck } from './enroll';
import { labelFace, type FaceLabelResult } from './labels';
import { MEASURED } from './measured';
import { clearanceReport, type LabelledFace, type ReportRow } from './report';
import { addReference, allConsents, getSetting, listReviews, listTalent, onTalentChange, openReferences, putSetting, setReview, clearReview } from './repo';
import { bestPerTalent } from './similarity';

export const TALENT_KEY = 'talent';

const appCipher: EmbeddingCipher = {
	seal: (plain) => encryptBytes(plain, { keyName: TALENT_KEY }),
	open: async (s) => new Uint8Array(await decryptBytes(s, { keyName: TALENT_KEY }))
};
useCipher(appCipher);

export const RESTRICTED_MESSAGE = 'Processing is restricted (Privacy centre), so talent matching is paused. Nothing was deleted.';

// ---- bands

export async function currentBands(): Promise<ResolvedBands> {
	return resolveBands(MEASURED, (await getSetting<AdminBands>('bands')) ?? {});
}

export async function setAdminBands(admin: AdminBands): Promise<ResolvedBands> {
	const r = resolveBands(MEASURED, admin);
	await putSetting('bands', { cleared: r.cleared, possible: r.possible });
	await appendAudit({ action: 'settings.changed', subject: null, note: `bands cleared ${r.cleared} possible ${r.possible}` });
	return r;
}

// ---- references cache (decrypted in memory, dropped on any roster change)

let refs: Promise<{ talentId: string; embedding: Float32Array }[]> | null = null;
onTalentChange(() => (refs = null));
const references = () => (refs ??= openReferences().catch((e) => ((refs = null), Promise.reject(e))));

// ---- enrollment

export interface EnrollResult {
	file: string;
	check: ReferenceCheck;
}

/** Runs the face engine on one reference photo and stores its embedding if it passes the checks. */
export async function enrollPhoto(talentId: string, file: File): Promise<EnrollResult> {
	if (isProcessingRestricted()) throw new Error(RESTRICTED_MESSAGE);
	const status = consentStatus(await allConsents().then((cs) => cs.filter((c) => c.talentId === talentId)), [], Date.now());
	if (status.state === 'none' || status.state === 'revoked' || status.state === 'expired' || status.state === 'incomplete')
		throw new Error(`Record this person’s consent to biometric processing before enrolling them (${status.reason}).`);
	const { image, scale } = await decodeImage(file);
	const results = await analyzePixels(image);
	const k = 1 / scale;
	const faces: DetectedFace[] = results.map((r) => ({
		box: { x: r.box.x * k, y: r.box.y * k, w: r.box.w * k, h: r.box.h * k },
		score: r.score,
		quality: r.quality,
		embedding: r.embedding
	}));
	const existing = (await references()).filter((r) => r.talentId === talentId).map((r) => r.embedding);
	const bands = await currentBands();
	const check = checkReference(faces, existing, bands.possible);
	if (check.ok)
		await addReference(talentId, check.face.embedding, {
			source: file.name,
			quality: { faceSize: Math.round(Math.min(check.face.box.w, check.face.box.h)), sharpness: check.face.quality.blur, score: check.face.quality.overall }
		});
	return { file: file.name, check };
}

// ---- labels

export interface FaceLabelView extends FaceLabelResult {
	faceId: string;
	mediaId: string;
	talentName: string | null;
	decision: 'confirmed' | 'rejected' | null;
}

const logged = new Set<string>();

/** Labels for the given faces (restricted processing → throws RESTRICTED_MESSAGE). */
export async function labelFaces(faceIds: readonly string[], known: Map<string, Face> = new Map()): Promise<Map<string, FaceLabelView>> {
	if (isProcessingRestricted()) throw new Error(RESTRICTED_MESSAGE);
	const out = new Map<string, FaceLabelView>();
	if (!faceIds.length) return out;
	const [refList, consents, talent, reviews, bands, embeddings] = await Promise.all([
		references(),
		allConsents(),
		listTalent(),
		listReviews(),
		currentBands(),
		getEmbeddings(faceIds)
	]);
	const names = new Map(talent.map((t) => [t.id, t.name]));
	const consentsBy = new Map<string, typeof consents>();
	for (const c of consents) consentsBy.set(c.talentId, [...(consentsBy.get(c.talentId) ?? []), c]);
	const mediaCache = new Map<string, MediaItem | undefined>();
	const now = Date.now();
	for (const faceId of faceIds) {
		const face = known.get(faceId) ?? (await getFace(faceId));
		const emb = embeddings.get(faceId);
		if (!face || !emb) continue;
		if (!mediaCache.has(face.mediaId)) mediaCache.set(face.mediaId, await getMedia(face.mediaId));
		const projectIds = mediaCache.get(face.mediaId)?.projectIds ?? [];
		const best = bestPerTalent(emb, refList);
		const candidates = [...best].filter(([id]) => names.has(id)).map(([talentId, similarity]) => ({ talentId, similarity, consents: consentsBy.get(talentId) ?? [] }));
		const l = labelFace(candidates, projectIds, bands, now);
		const review = l.talentId ? reviews.find((r) => r.faceId === faceId && r.talentId === l.talentId) : undefined;
		out.set(faceId, { ...l, faceId, mediaId: face.mediaId, talentName: l.talentId ? (names.get(l.talentId) ?? null) : null, decision: review?.decision ?? null });
		const key = `${faceId}|${l.talentId}|${l.label}`;
		if (l.talentId && !logged.has(key)) {
			logged.add(key);
			void appendAudit({ action: 'match', subject: await subjectOf(l.talentId), label: l.label, band: l.band, projectId: projectIds[0] });
		}
	}
	return out;
}

// Many FaceLabel components ask at once: batch them into one matching pass.
let pending: { ids: Set<string>; promise: Promise<Map<string, FaceLabelView>> } | null = null;
export function labelFace1(faceId: string): Promise<FaceLabelView | undefined> {
	if (!pending) {
		const ids = new Set<string>();
		const promise = new Promise<Map<string, FaceLabelView>>((ok, fail) =>
			setTimeout(() => {
				pending = null;
				labelFaces([...ids]).then(ok, fail);
			}, 0)
		);
		pending = { ids, promise };
	}
	pending.ids.add(faceId);
	return pending.promise.then((m) => m.get(faceId));
}

export async function review(view: FaceLabelView, decision: 'confirmed' | 'rejected' | null): Promise<void> {
	if (!view.talentId) return;
	if (decision === null) return clearReview(view.faceId, view.talentId);
	const media = await getMedia(view.mediaId);
	await setReview({ faceId: view.faceId, mediaId: view.mediaId, talentId: view.talentId, label: view.label, decision }, media?.projectIds[0]);
}

// ---- clearance report

export interface ProjectReport {
	project: string;
	generatedAt: number;
	rows: ReportRow[];
	faces: (LabelledFace & { talentName: string | null })[];
	media: number;
	analysed: number;
}

/** `projectId` null = the whole library. */
export async function projectReport(projectId: string | null): Promise<ProjectReport> {
	const items = (projectId ? await listMediaInProject(projectId) : await listMedia()).filter((m) => m.deletedAt == null);
	const project = projectId ? ((await getProject(projectId))?.name ?? 'Deleted project') : 'Whole library';
	const faces: Face[] = [];
	let analysed = 0;
	for (const m of items) {
		const f = await listFacesForMedia(m.id);
		if (f.length) analysed++;
		faces.push(...f);
	}
	const byId = new Map(faces.map((f) => [f.id, f]));
	const labels = await labelFaces(faces.map((f) => f.id), byId);
	const names = new Map(items.map((m) => [m.id, m.name]));
	const labelled = faces
		.filter((f) => labels.has(f.id))
		.map((f) => {
			const l = labels.get(f.id)!;
			return {
				faceId: f.id,
				mediaId: f.mediaId,
				mediaName: names.get(f.mediaId) ?? f.mediaId,
				frameTime: f.frameTime,
				label: l.label,
				talentId: l.talentId,
				talentName: l.talentName,
				similarity: l.similarity,
				consent: l.consent,
				reason: l.reason,
				decision: l.decision
			};
		});
	const talentNames = new Map(labelled.filter((f) => f.talentId).map((f) => [f.talentId!, f.talentName ?? 'Unknown']));
	return { project, generatedAt: Date.now(), rows: clearanceReport(labelled, (id) => talentNames.get(id) ?? 'Unknown'), faces: labelled, media: items.length, analysed };
}

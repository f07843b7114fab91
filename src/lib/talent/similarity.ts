// Comparing a face embedding with a talent's reference embeddings.

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
	if (a.length !== b.length) throw new Error(`embedding sizes differ (${a.length} vs ${b.length})`);
	let dot = 0, na = 0, nb = 0;
	for (let i = 0; i < a.length; i++) {
		dot += a[i] * b[i];
		na += a[i] * a[i];
		nb += b[i] * b[i];
	}
	return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Best similarity of a face to each talent: the maximum over that talent's references
 * (several reference photos cover pose and lighting; one good reference is enough).
 */
export function bestPerTalent(face: ArrayLike<number>, refs: readonly { talentId: string; embedding: ArrayLike<number> }[]): Map<string, number> {
	const best = new Map<string, number>();
	for (const r of refs) {
		if (r.embedding.length !== face.length) continue;
		const s = cosine(face, r.embedding);
		if (s > (best.get(r.talentId) ?? -Infinity)) best.set(r.talentId, s);
	}
	return best;
}

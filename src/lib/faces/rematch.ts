// Re-analysing an item must not cost the user their work on it: names, People decisions and talent
// labels hang off face ids. A face the new analysis finds again (same frame, overlapping box) keeps
// its old id; only faces that really appeared or disappeared get new ids or are removed.
import { iou } from './pipeline/blazeface';
import type { FaceBox } from './types';

export const REMATCH_MIN_IOU = 0.5;

interface Placed {
	box: FaceBox;
	frameTime?: number;
}

/**
 * For each new face, the id of the previous face it is (or null for a new face). Greedy by
 * overlap, each previous face used at most once, only within the same video frame.
 */
export function matchPreviousFaces(previous: (Placed & { id: string })[], next: Placed[], minIou = REMATCH_MIN_IOU): (string | null)[] {
	const pairs: { i: number; j: number; o: number }[] = [];
	next.forEach((n, i) =>
		previous.forEach((p, j) => {
			if ((n.frameTime ?? null) !== (p.frameTime ?? null)) return;
			const o = iou(n.box, p.box);
			if (o >= minIou) pairs.push({ i, j, o });
		})
	);
	pairs.sort((a, b) => b.o - a.o);
	const out: (string | null)[] = next.map(() => null);
	const used = new Set<number>();
	for (const { i, j } of pairs) {
		if (out[i] !== null || used.has(j)) continue;
		out[i] = previous[j].id;
		used.add(j);
	}
	return out;
}

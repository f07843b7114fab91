// BCubed clustering quality (Amigó et al. 2009): per item, how much of its predicted cluster shares
// its true label (precision) and how much of its true class landed in its cluster (recall),
// averaged over items. Pure; imported by Node eval scripts, so relative imports only.

export interface BCubed {
	precision: number;
	recall: number;
	f1: number;
	predictedClusters: number;
	trueClusters: number;
}

/**
 * `predicted`: item ids per predicted cluster (every item once). `truth`: item id → true label.
 * Items missing from `truth` are ignored (e.g. unlabeled faces in group shots).
 */
export function bcubed(predicted: string[][], truth: Map<string, string> | Record<string, string>): BCubed {
	const label = truth instanceof Map ? truth : new Map(Object.entries(truth));
	const classSize = new Map<string, number>();
	for (const l of label.values()) classSize.set(l, (classSize.get(l) ?? 0) + 1);
	let p = 0, r = 0, n = 0, clusters = 0;
	const seen = new Set<string>();
	for (const cluster of predicted) {
		const counts = new Map<string, number>();
		let size = 0;
		for (const id of cluster) {
			if (seen.has(id)) throw new Error(`item ${id} is in two clusters`);
			seen.add(id);
			const l = label.get(id);
			if (l === undefined) continue;
			counts.set(l, (counts.get(l) ?? 0) + 1);
			size++;
		}
		if (size === 0) continue;
		clusters++;
		for (const [l, c] of counts) {
			// Each of the c items with label l sees c/size precision and c/|class| recall.
			p += (c * c) / size;
			r += (c * c) / classSize.get(l)!;
			n += c;
		}
	}
	if (n !== label.size) throw new Error(`${label.size - n} labeled items are in no cluster`);
	const precision = n ? p / n : 1;
	const recall = n ? r / n : 1;
	const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
	return { precision, recall, f1, predictedClusters: clusters, trueClusters: classSize.size };
}

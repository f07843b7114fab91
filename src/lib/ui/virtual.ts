// Window arithmetic for a virtualised grid of equal cells: which rows to render for a scroll
// position. Pure, so the "bounded DOM" property is unit-tested.
export interface GridLayout {
	cols: number;
	cell: number; // cell width = height (square), px
	gap: number;
	rowHeight: number; // cell + gap
	rows: number;
	totalHeight: number;
}

export function layoutGrid(count: number, width: number, minCell: number, gap: number): GridLayout {
	const cols = Math.max(1, Math.floor((width + gap) / (minCell + gap)));
	const cell = Math.max(1, Math.floor((width - gap * (cols - 1)) / cols));
	const rowHeight = cell + gap;
	const rows = Math.ceil(count / cols);
	return { cols, cell, gap, rowHeight, rows, totalHeight: Math.max(0, rows * rowHeight - gap) };
}

/** First and last (exclusive) item index to render, with `overscan` extra rows each side. */
export function visibleRange(l: GridLayout, count: number, scrollTop: number, viewport: number, overscan = 2): [number, number] {
	const firstRow = Math.max(0, Math.floor(scrollTop / l.rowHeight) - overscan);
	const lastRow = Math.min(l.rows, Math.ceil((scrollTop + viewport) / l.rowHeight) + overscan);
	return [Math.min(count, firstRow * l.cols), Math.min(count, lastRow * l.cols)];
}

/** scrollTop that brings item `index` fully into view (unchanged if it already is). */
export function scrollToReveal(l: GridLayout, index: number, scrollTop: number, viewport: number): number {
	const top = Math.floor(index / l.cols) * l.rowHeight;
	if (top < scrollTop) return top;
	if (top + l.cell > scrollTop + viewport) return top + l.cell - viewport;
	return scrollTop;
}

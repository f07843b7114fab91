import { expect, test } from 'vitest';
import { layoutGrid, scrollToReveal, visibleRange } from './virtual';

test('10,000 items render only the rows near the viewport, wherever it is scrolled', () => {
	const l = layoutGrid(10_000, 1000, 160, 8);
	expect(l.cols).toBe(6);
	expect(l.rows).toBe(Math.ceil(10_000 / 6));
	for (const top of [0, 5_000, l.totalHeight / 2, l.totalHeight - 600]) {
		const [a, b] = visibleRange(l, 10_000, top, 600);
		expect(b - a).toBeLessThanOrEqual(6 * (Math.ceil(600 / l.rowHeight) + 5));
		expect(a).toBeLessThanOrEqual(Math.floor(top / l.rowHeight) * 6);
	}
	const [a, b] = visibleRange(l, 10_000, l.totalHeight - 600, 600);
	expect(b).toBe(10_000);
	expect(a).toBeGreaterThan(9_800);
});

test('revealing an item scrolls just enough', () => {
	const l = layoutGrid(100, 500, 100, 0); // 5 cols, rows of 100 px
	expect(scrollToReveal(l, 0, 300, 200)).toBe(0);
	expect(scrollToReveal(l, 25, 0, 200)).toBe(400); // row 5: top 500, bottom 600 → scrollTop 400
	expect(scrollToReveal(l, 12, 100, 300)).toBe(100);
});

// Grid selection model, pure: click / shift-click (range from the anchor) / ctrl|cmd-click
// (toggle), arrow keys (with shift to extend), select all. `order` is the grid's current order.
export interface Selection {
	selected: ReadonlySet<string>;
	/** Where a shift-range starts. */
	anchor: string | null;
	/** The keyboard cursor. */
	focus: string | null;
}

export const emptySelection: Selection = { selected: new Set(), anchor: null, focus: null };

function range(order: readonly string[], a: string, b: string): string[] {
	const i = order.indexOf(a);
	const j = order.indexOf(b);
	if (i < 0 || j < 0) return [b];
	return order.slice(Math.min(i, j), Math.max(i, j) + 1);
}

export function click(s: Selection, order: readonly string[], id: string, mods: { shift?: boolean; toggle?: boolean } = {}): Selection {
	if (mods.shift && s.anchor) {
		const r = range(order, s.anchor, id);
		const selected = mods.toggle ? new Set([...s.selected, ...r]) : new Set(r);
		return { selected, anchor: s.anchor, focus: id };
	}
	if (mods.toggle) {
		const selected = new Set(s.selected);
		if (selected.has(id)) selected.delete(id);
		else selected.add(id);
		return { selected, anchor: id, focus: id };
	}
	return { selected: new Set([id]), anchor: id, focus: id };
}

/** Space on the focused item: toggles it. */
export function toggleFocused(s: Selection): Selection {
	return s.focus ? click(s, [], s.focus, { toggle: true }) : s;
}

export type Direction = 'left' | 'right' | 'up' | 'down' | 'home' | 'end' | 'pageup' | 'pagedown';

/** Moves the cursor in a grid of `cols` columns; with shift, selects from the anchor to it. */
export function move(s: Selection, order: readonly string[], dir: Direction, cols: number, mods: { shift?: boolean; rowsPerPage?: number } = {}): Selection {
	if (!order.length) return s;
	const cur = s.focus ? order.indexOf(s.focus) : -1;
	if (cur < 0) return { selected: new Set([order[0]]), anchor: order[0], focus: order[0] };
	const page = cols * Math.max(1, mods.rowsPerPage ?? 3);
	const step: Record<Direction, number> = { left: -1, right: 1, up: -cols, down: cols, home: -Infinity, end: Infinity, pageup: -page, pagedown: page };
	const next = Math.max(0, Math.min(order.length - 1, cur + step[dir]));
	const id = order[next];
	if (mods.shift) return { selected: new Set(range(order, s.anchor ?? s.focus!, id)), anchor: s.anchor ?? s.focus, focus: id };
	return { selected: new Set([id]), anchor: id, focus: id };
}

export function selectAll(order: readonly string[], s: Selection): Selection {
	return { selected: new Set(order), anchor: s.anchor ?? order[0] ?? null, focus: s.focus ?? order[0] ?? null };
}

/** Drops ids that are no longer shown (after a delete or a filter change). */
export function prune(s: Selection, order: readonly string[]): Selection {
	const shown = new Set(order);
	const selected = new Set([...s.selected].filter((id) => shown.has(id)));
	if (selected.size === s.selected.size && (!s.focus || shown.has(s.focus))) return s;
	return { selected, anchor: s.anchor && shown.has(s.anchor) ? s.anchor : null, focus: s.focus && shown.has(s.focus) ? s.focus : null };
}

import { expect, test } from 'vitest';
import { click, emptySelection, move, prune, selectAll, toggleFocused } from './selection';

const order = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const ids = (s: { selected: ReadonlySet<string> }) => [...s.selected].sort();

test('click selects one, ctrl toggles, shift selects a range from the anchor', () => {
	let s = click(emptySelection, order, 'b');
	expect(ids(s)).toEqual(['b']);
	s = click(s, order, 'e', { shift: true });
	expect(ids(s)).toEqual(['b', 'c', 'd', 'e']);
	s = click(s, order, 'a', { shift: true }); // range re-anchored at b, not extended
	expect(ids(s)).toEqual(['a', 'b']);
	s = click(s, order, 'g', { toggle: true });
	expect(ids(s)).toEqual(['a', 'b', 'g']);
	s = click(s, order, 'a', { toggle: true });
	expect(ids(s)).toEqual(['b', 'g']);
	s = click(s, order, 'd');
	expect(ids(s)).toEqual(['d']);
});

test('arrows move by one or by a row, clamp at the ends, and extend with shift', () => {
	let s = move(emptySelection, order, 'right', 3);
	expect(s.focus).toBe('a');
	s = move(s, order, 'down', 3);
	expect(s.focus).toBe('d');
	s = move(s, order, 'down', 3, { shift: true });
	expect(s.focus).toBe('g');
	expect(ids(s)).toEqual(['d', 'e', 'f', 'g']);
	s = move(s, order, 'down', 3);
	expect(s.focus).toBe('g');
	s = move(s, order, 'home', 3);
	expect(s.focus).toBe('a');
	s = toggleFocused(s);
	expect(ids(s)).toEqual([]);
	expect(ids(selectAll(order, s))).toEqual(order);
});

test('prune forgets items that left the view', () => {
	const s = click(click(emptySelection, order, 'a'), order, 'c', { shift: true });
	const p = prune(s, ['a', 'c']);
	expect(ids(p)).toEqual(['a', 'c']);
	expect(p.focus).toBe('c');
	expect(prune(p, ['a', 'c'])).toBe(p);
});

import { applyFilter, nameKey } from './query';
import type { MediaItem } from './types';

test('name sort is natural and case/accent-insensitive', () => {
	const mk = (name: string, i: number): MediaItem => ({ id: `i${i}`, name, kind: 'image', mime: 'image/jpeg', size: 0, hash: '', takenAt: 0, importedAt: 0, projectIds: [] });
	const names = ['img_10.jpg', 'IMG_2.jpg', 'Été.png', 'apple.jpg', 'img_002b.jpg'];
	expect(applyFilter(names.map(mk), { sort: 'name' }).map((m) => m.name)).toEqual(['apple.jpg', 'Été.png', 'IMG_2.jpg', 'img_002b.jpg', 'img_10.jpg']);
	expect(nameKey('A7')).toBe(nameKey('a007'));
});

import { expect, test } from 'vitest';
import { checkRecord } from '../privacy/boundary';
import { changedFields, mediaFields, projectFields, sameValue } from './mapping';
import type { MediaItem } from '../library/types';

const item: MediaItem = {
	id: '8f0e2b1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
	name: 'IMG_0001.jpg',
	kind: 'image',
	mime: 'image/jpeg',
	size: 2_000_000,
	hash: 'f'.repeat(64),
	takenAt: Date.UTC(2026, 0, 2),
	importedAt: Date.UTC(2026, 0, 3),
	width: 4000,
	height: 3000,
	projectIds: ['1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d']
};

test('mapped library rows pass the privacy boundary and leave the content hash behind', () => {
	const f = mediaFields(item);
	checkRecord('media_metadata', f);
	expect(f).not.toHaveProperty('hash');
	checkRecord('projects', projectFields({ id: item.projectIds[0], name: 'Launch', createdAt: 1, updatedAt: 2 }));
});

test('only fields that differ from the server are re-sent; timestamps compare by instant', () => {
	expect(sameValue('2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00+00:00')).toBe(true);
	const f = mediaFields(item);
	const server: Record<string, unknown> = { ...f, taken_at: '2026-01-02T00:00:00+00:00' };
	expect(changedFields(f, (k) => server[k])).toEqual({});
	expect(changedFields({ ...f, name: 'renamed.jpg' }, (k) => server[k])).toEqual({ name: 'renamed.jpg' });
	// Never synced: everything meaningful goes, empty defaults do not.
	const fresh = changedFields(f, () => undefined);
	expect(Object.keys(fresh).sort()).toEqual(['height', 'kind', 'mime', 'name', 'project_ids', 'size', 'taken_at', 'width']);
});

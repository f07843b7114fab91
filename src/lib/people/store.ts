// The people database ('loupe-people'): persons, which person each face belongs to, and the
// user's decisions that must outlive any regroup (pinned moves, "not this person", ignored faces,
// merges). Person↔face links are biometric data: deleteAllPeopleData drops the whole database.
import type { DBSchema, IDBPDatabase } from 'idb';
import { dropStore, openStore, type Migration } from '../store/db';

export const PEOPLE_DB = 'loupe-people';

export interface Person {
	id: string;
	name?: string;
	coverFaceId?: string;
	hidden: boolean;
	createdAt: number;
	updatedAt: number;
}

export interface Assignment {
	faceId: string;
	mediaId: string;
	/** Seconds into a video, for faces found on a sampled frame. */
	frameTime?: number;
	personId: string | null;
	/** The user put this face here (move, split, assign, merge): a regroup keeps it. */
	pinned: boolean;
	/** The user chose to ignore this face: never grouped, never suggested. */
	ignored: boolean;
}

export interface Rejection {
	id: string; // `${faceId}|${personId}`
	faceId: string;
	personId: string;
	at: number;
}

export interface MergeRecord {
	from: string;
	into: string;
	at: number;
}

export interface PeopleSchema extends DBSchema {
	persons: { key: string; value: Person };
	assignments: { key: string; value: Assignment; indexes: { 'by-person': string; 'by-media': string } };
	rejections: { key: string; value: Rejection; indexes: { 'by-face': string } };
	merges: { key: string; value: MergeRecord };
}

const migrations: Migration<PeopleSchema>[] = [
	(db) => {
		db.createObjectStore('persons', { keyPath: 'id' });
		const a = db.createObjectStore('assignments', { keyPath: 'faceId' });
		a.createIndex('by-person', 'personId');
		a.createIndex('by-media', 'mediaId');
		db.createObjectStore('rejections', { keyPath: 'id' }).createIndex('by-face', 'faceId');
		db.createObjectStore('merges', { keyPath: 'from' });
	}
];

export const peopleDb = (): Promise<IDBPDatabase<PeopleSchema>> => openStore({ name: PEOPLE_DB, migrations });

export const rejectionId = (faceId: string, personId: string) => `${faceId}|${personId}`;

export async function dropPeopleDb(): Promise<void> {
	await dropStore(PEOPLE_DB);
}

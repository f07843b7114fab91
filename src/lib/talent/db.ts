// The 'loupe-talent' database: roster, talent consent, encrypted reference embeddings,
// per-talent audit salts, reviewer decisions, the hashed audit log and legal holds.
import type { DBSchema } from 'idb';
import { openStore, type Migration } from '../store/db';
import type { TalentConsent } from './consent';
import type { AuditEntry } from './audit-entry';
import type { Label } from './labels';

export const TALENT_DB = 'loupe-talent';

export interface Talent {
	id: string;
	name: string;
	createdAt: number;
	notes?: string;
}

export interface StoredConsent extends TalentConsent {
	/** The uploaded signed release, when the method is 'file'. */
	file?: { bytes: ArrayBuffer };
}

export interface Reference {
	id: string;
	talentId: string;
	createdAt: number;
	/** Which photo it came from (file name only; the photo itself is not kept). */
	source: string;
	quality: { faceSize: number; sharpness: number; score: number };
	/** AES-GCM sealed embedding (see crypto): biometric data, never stored in the clear. */
	iv: Uint8Array;
	data: ArrayBuffer;
	dim: number;
}

export interface Review {
	faceId: string;
	mediaId: string;
	talentId: string;
	label: Label;
	decision: 'confirmed' | 'rejected';
	at: number;
}

/** What the law lets us keep after a talent is erased: proof that consent was given, detached from the talent id. */
export interface LegalHold {
	id: string;
	signer: string;
	policyVersion: string;
	signedAt: number;
	revokedAt: number | null;
	method: 'typed' | 'file';
	scope: TalentConsent['scope'];
	file?: { name: string; sha256: string; bytes: ArrayBuffer };
	erasedAt: number;
	keepUntil: number;
}

export interface TalentSchema extends DBSchema {
	talent: { key: string; value: Talent };
	consents: { key: string; value: StoredConsent; indexes: { 'by-talent': string } };
	references: { key: string; value: Reference; indexes: { 'by-talent': string } };
	salts: { key: string; value: { talentId: string; salt: Uint8Array } };
	reviews: { key: [string, string]; value: Review; indexes: { 'by-talent': string; 'by-media': string } };
	audit: { key: number; value: AuditEntry; indexes: { 'by-at': number } };
	holds: { key: string; value: LegalHold };
	settings: { key: string; value: { key: string; value: unknown } };
}

const migrations: Migration<TalentSchema>[] = [
	(db) => {
		db.createObjectStore('talent', { keyPath: 'id' });
		db.createObjectStore('consents', { keyPath: 'id' }).createIndex('by-talent', 'talentId');
		db.createObjectStore('references', { keyPath: 'id' }).createIndex('by-talent', 'talentId');
		db.createObjectStore('salts', { keyPath: 'talentId' });
		const reviews = db.createObjectStore('reviews', { keyPath: ['faceId', 'talentId'] });
		reviews.createIndex('by-talent', 'talentId');
		reviews.createIndex('by-media', 'mediaId');
		db.createObjectStore('audit', { keyPath: 'seq', autoIncrement: true }).createIndex('by-at', 'at');
		db.createObjectStore('holds', { keyPath: 'id' });
		db.createObjectStore('settings', { keyPath: 'key' });
	}
];

export const talentDb = () => openStore<TalentSchema>({ name: TALENT_DB, migrations });

// "What Loupe holds about you": every Loupe database on this device, grouped for people, with
// per-store counts and where each lives. Reads raw IndexedDB so it covers every feature's data.
import { listDatabases, opfsUsage, storeCounts } from './device';

export interface HoldingGroup {
	title: string;
	where: string;
	items: { label: string; count: number }[];
}

const GROUPS: { db: string; title: string; where: string; labels?: Record<string, string> }[] = [
	{ db: 'loupe-sync', title: 'Account and sync', where: 'This device; metadata (never faces or media) syncs to your account when signed in' },
	{ db: 'loupe-library', title: 'Media and projects', where: 'This device only (originals in the browser’s private file store)', labels: { media: 'media items', projects: 'projects', blobs: 'stored files (index)' } },
	{ db: 'loupe-faces', title: 'Face data', where: 'This device only, face signatures encrypted', labels: { faces: 'faces (each with an encrypted embedding)', analyses: 'analysed items' } },
	{ db: 'loupe-people', title: 'People (face groups)', where: 'This device only' },
	{ db: 'loupe-talent', title: 'Cleared talent', where: 'This device; hashed audit entries may sync', labels: { talent: 'people on the roster', consents: 'talent consent records', references: 'reference face signatures (encrypted)', salts: 'audit salts', reviews: 'review decisions', audit: 'audit entries', holds: 'consent evidence kept after erasure', settings: 'settings' } },
	{ db: 'loupe-consent', title: 'Your consent records', where: 'This device; synced when signed in', labels: { records: 'consent records' } },
	{ db: 'loupe-privacy', title: 'Privacy requests', where: 'This device only' },
	{ db: 'loupe-keys', title: 'Encryption keys', where: 'This device only; cannot be read out or exported', labels: { keys: 'keys' } }
];

export async function holdings(): Promise<{ groups: HoldingGroup[]; files: { files: number; bytes: number }; usage: number }> {
	const present = new Set(await listDatabases());
	const groups: HoldingGroup[] = [];
	const known = new Set(GROUPS.map((g) => g.db));
	for (const g of GROUPS) {
		const counts = present.has(g.db) ? await storeCounts(g.db) : {};
		groups.push({ title: g.title, where: g.where, items: Object.entries(counts).map(([s, n]) => ({ label: g.labels?.[s] ?? s, count: n })) });
	}
	for (const db of present) {
		if (known.has(db)) continue;
		const counts = await storeCounts(db);
		groups.push({ title: db.replace(/^loupe-/, ''), where: 'This device only', items: Object.entries(counts).map(([s, n]) => ({ label: s, count: n })) });
	}
	let usage = 0;
	if (typeof localStorage !== 'undefined') for (let i = 0; i < localStorage.length; i++) if (localStorage.key(i)?.startsWith('loupe.')) usage++;
	return { groups, files: await opfsUsage(), usage };
}

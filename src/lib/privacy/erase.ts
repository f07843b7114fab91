// Erase everything on this device (GDPR Art. 17): every Loupe database (including the key store,
// which shreds anything still encrypted), the OPFS file store and Loupe's local preferences —
// then check that nothing is left and say so.

/** Every feature database. Any other 'loupe-*' database found on the device is dropped too. */
export const FEATURE_DATABASES = [
	'loupe-library',
	'loupe-faces',
	'loupe-people',
	'loupe-talent',
	'loupe-consent',
	'loupe-privacy',
	'loupe-sync',
	'loupe-keys'
] as const;

export interface EraseDeps {
	/** Names of the databases that exist on the device. */
	listDatabases(): Promise<string[]>;
	dropDatabase(name: string): Promise<void>;
	/** Row count of an existing database (used to verify), 0 if it does not exist. */
	countRows(name: string): Promise<number>;
	clearFiles(): Promise<number>;
	countFiles(): Promise<number>;
	clearPrefs(): number;
	countPrefs(): number;
}

export interface EraseReport {
	databases: string[];
	files: number;
	prefs: number;
	/** What was still found afterwards; empty means verified empty. */
	leftovers: string[];
	verified: boolean;
}

const isLoupe = (n: string) => n.startsWith('loupe-') || n.startsWith('loupe.');

export async function eraseEverything(deps: EraseDeps, onStep?: (what: string) => void): Promise<EraseReport> {
	const existing = (await deps.listDatabases()).filter(isLoupe);
	const names = [...new Set<string>([...FEATURE_DATABASES, ...existing])];
	const dropped: string[] = [];
	for (const n of names) {
		onStep?.(`Deleting ${n}`);
		await deps.dropDatabase(n);
		if (existing.includes(n)) dropped.push(n);
	}
	onStep?.('Deleting stored files');
	const files = await deps.clearFiles();
	const prefs = deps.clearPrefs();

	onStep?.('Checking that nothing is left');
	const leftovers: string[] = [];
	for (const n of (await deps.listDatabases()).filter(isLoupe)) {
		const rows = await deps.countRows(n);
		// An empty database re-created by a still-open tab holds nothing; rows mean failure.
		if (rows > 0) leftovers.push(`${n}: ${rows} record(s)`);
	}
	const fileCount = await deps.countFiles();
	if (fileCount) leftovers.push(`${fileCount} stored file(s)`);
	const prefCount = deps.countPrefs();
	if (prefCount) leftovers.push(`${prefCount} preference(s)`);
	return { databases: dropped, files, prefs, leftovers, verified: leftovers.length === 0 };
}

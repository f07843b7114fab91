// Library benchmark: streaming SHA-256 (what import runs per file, here in Node on the same
// hash-wasm code, plus the @noble/hashes JS fallback) against Node's native OpenSSL hash as the reference, and filter+sort of a
// large library (what the grid does on each change). Prints figures and ratios; no thresholds.
//   npm run bench:library            (LOUPE_BENCH_MB=512 to hash more)
import { createHash } from 'node:crypto';
import { sha256Blob } from '../../src/lib/library/import/hash';
import { applyFilter } from '../../src/lib/library/query';
import type { MediaItem } from '../../src/lib/library/types';

const MB = Number(process.env.LOUPE_BENCH_MB ?? 256);
const data = new Uint8Array(MB * 1024 * 1024);
for (let i = 0; i < data.length; i += 4096) data[i] = (i * 2654435761) >>> 24;
const blob = new Blob([data]);

async function time<T>(f: () => Promise<T> | T): Promise<[T, number]> {
	const t = performance.now();
	const r = await f();
	return [r, (performance.now() - t) / 1000];
}

const [ours, tOurs] = await time(() => sha256Blob(blob));
const [js, tJs] = await time(() => sha256Blob(blob, undefined, undefined, undefined, 'js'));
const [ref, tRef] = await time(async () => {
	const h = createHash('sha256');
	const CH = 4 * 1024 * 1024;
	for (let o = 0; o < blob.size; o += CH) h.update(new Uint8Array(await blob.slice(o, o + CH).arrayBuffer()));
	return h.digest('hex');
});
if (ours !== ref || js !== ref) throw new Error('hash mismatch');
console.log(`streaming SHA-256 of ${MB} MB (4 MB slices):`);
console.log(`  hash-wasm (import worker code):     ${(MB / tOurs).toFixed(0)} MB/s`);
console.log(`  @noble/hashes (JS fallback):        ${(MB / tJs).toFixed(0)} MB/s`);
console.log(`  node:crypto (native reference):     ${(MB / tRef).toFixed(0)} MB/s`);
console.log(`  native is ${(tOurs / tRef).toFixed(2)}× faster than hash-wasm, ${(tJs / tRef).toFixed(2)}× faster than the JS fallback`);

for (const n of [10_000, 100_000]) {
	const items: MediaItem[] = Array.from({ length: n }, (_, i) => ({
		id: `m${i}`, name: `IMG_${(i * 7919) % n}.jpg`, kind: i % 5 ? 'image' : 'video', mime: 'image/jpeg', size: i,
		hash: String(i), takenAt: (i * 104729) % 1e9, importedAt: i, projectIds: []
	}));
	const [, tDate] = await time(() => applyFilter(items, { sort: 'takenAt' }));
	const [, tName] = await time(() => applyFilter(items, { sort: 'name' }));
	const [, tText] = await time(() => applyFilter(items, { text: 'img_12', kind: 'image' }));
	const [, tRefSort] = await time(() => [...items].sort((a, b) => a.takenAt - b.takenAt));
	const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
	const [, tRefName] = await time(() => [...items].sort((a, b) => collator.compare(a.name, b.name)));
	console.log(
		`filter+sort ${n} items: by date ${(tDate * 1000).toFixed(1)} ms, by name ${(tName * 1000).toFixed(1)} ms, text+type ${(tText * 1000).toFixed(1)} ms; references: plain numeric sort ${(tRefSort * 1000).toFixed(1)} ms, Intl.Collator name sort ${(tRefName * 1000).toFixed(1)} ms → ratios date ${(tDate / tRefSort).toFixed(2)}×, name ${(tName / tRefName).toFixed(2)}×`
	);
}

// What the device can do: checked before an export starts, so a job that cannot finish says so
// up front instead of failing an hour in.
import type { EngineId } from './types';

/** ffmpeg.wasm (wasm32) holds its output file in memory; past this the heap cannot grow. */
export const FFMPEG_MAX_OUTPUT_BYTES = 1.5 * 1024 ** 3;
/** Keep this much storage free for the rest of the app. */
const STORAGE_HEADROOM = 200 * 1024 ** 2;

export interface DeviceInfo {
	/** navigator.storage.estimate(): free = quota − usage; null when unknown. */
	storageFree: number | null;
}

export interface CapacityVerdict {
	ok: boolean;
	message: string | null;
}

function gb(n: number): string {
	return (n / 1024 ** 3).toFixed(1) + ' GB';
}

export function checkCapacity(engine: EngineId, estimatedOutput: number, device: DeviceInfo): CapacityVerdict {
	if (engine !== 'webcodecs' && estimatedOutput > FFMPEG_MAX_OUTPUT_BYTES)
		return {
			ok: false,
			message: `This export would be about ${gb(estimatedOutput)}, more than ffmpeg.wasm can hold in browser memory (${gb(FFMPEG_MAX_OUTPUT_BYTES)}). Trim it, lower the bitrate, or choose a preset the WebCodecs engine can run.`
		};
	if (device.storageFree !== null && estimatedOutput + STORAGE_HEADROOM > device.storageFree)
		return {
			ok: false,
			message: `Not enough browser storage: the export needs about ${gb(estimatedOutput)} and ${gb(Math.max(0, device.storageFree))} is free. Free space in Settings or export a shorter range.`
		};
	return { ok: true, message: null };
}

/** Turns engine errors into sentences that say what happened and what to do. */
export function explainError(err: unknown): string {
	const msg = (err instanceof Error ? err.message : String(err)).replace(/\.\s*$/, '');
	if (/unsupported|unknown format|not recognized|no known format|invalid data found|moov atom not found|Input has an unsupported or unrecognizable format/i.test(msg))
		return 'This file could not be read: it may be corrupt, truncated, or in a format this browser cannot open. The original is unchanged.';
	if (/out of bounds|memory|Cannot enlarge|Aborted\(\)|OOM/i.test(msg))
		return `The export ran out of memory in the browser (${msg.slice(0, 120)}). Try a shorter range or a lower resolution. The original is unchanged.`;
	if (/QuotaExceeded|quota/i.test(msg)) return 'Browser storage is full. Free some space and try again. The original is unchanged.';
	if (/decod/i.test(msg)) return `Decoding failed (${msg}). The file may be damaged or use a codec this browser lacks; try the ffmpeg engine in Details. The original is unchanged.`;
	if (/encod/i.test(msg)) return `Encoding failed (${msg}). Try another preset or the other engine in Details. The original is unchanged.`;
	return `${msg}. The original is unchanged.`;
}

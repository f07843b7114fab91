// Vocabulary shared by the media editor, the export engines and the bench. Pure data only:
// everything here is serialisable so it can cross the worker boundary and be unit-tested in Node.

export interface TimeRange {
	start: number;
	end: number;
}

export interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}

/** One face observation, in source pixels, at a time in seconds (from face tracks). */
export interface FaceSample {
	t: number;
	box: Box;
	trackId?: string;
}

/** What a probe of the source file found. Dimensions are display dimensions (after rotation). */
export interface SourceInfo {
	duration: number;
	size: number;
	container: string;
	hasVideo: boolean;
	hasAudio: boolean;
	width: number;
	height: number;
	/** Average frame rate; 0 when unknown. */
	fps: number;
	/** True when frame durations vary by more than a few percent (typical of phone video). */
	vfr: boolean;
	/** Clockwise rotation metadata in degrees (phones record portrait video as rotated landscape). */
	rotation: 0 | 90 | 180 | 270;
	videoCodec: string | null;
	audioCodec: string | null;
	audioChannels: number;
	audioSampleRate: number;
	/** Whether this browser's WebCodecs can decode the tracks (null when not checked, e.g. in Node). */
	canDecodeVideo: boolean | null;
	canDecodeAudio: boolean | null;
}

export type Container = 'mp4' | 'webm' | 'm4a' | 'mp3' | 'wav' | 'gif' | 'webp';
export type VideoCodecId = 'avc' | 'vp9' | 'vp8' | 'gif' | 'webp';
export type AudioCodecId = 'aac' | 'opus' | 'vorbis' | 'mp3' | 'pcm-s16';

export interface Caption {
	start: number;
	end: number;
	text: string;
}

/** A crop window's top-left corner at a time; the window's size is fixed for a job. */
export interface CropKey {
	t: number;
	x: number;
	y: number;
}

export interface CropPath {
	w: number;
	h: number;
	keys: CropKey[];
	/** 'faces' when driven by face tracks, 'centre' for the fallback. */
	source: 'faces' | 'centre';
}

export interface VideoJob {
	codec: VideoCodecId;
	width: number;
	height: number;
	/** Output frame rate; null keeps the source timing (VFR stays VFR). */
	fps: number | null;
	/** Bits per second; null lets the encoder pick for still-image codecs. */
	bitrate: number | null;
	/** Static crop in source pixels applied before scaling (centre crop), or a moving one (reframe). */
	crop: { x: number; y: number; w: number; h: number } | null;
	cropPath: CropPath | null;
	/** 'contain' keeps the whole picture (scale to fit), 'cover' fills the frame after cropping. */
	fit: 'contain' | 'cover';
}

export interface AudioJob {
	codec: AudioCodecId;
	bitrate: number | null;
	sampleRate: number;
	channels: number;
	normalize: boolean;
}

export interface ExportJob {
	presetId: string;
	label: string;
	container: Container;
	ext: string;
	mime: string;
	/** Kept source ranges, in order; the output is their concatenation. */
	ranges: TimeRange[];
	video: VideoJob | null;
	audio: AudioJob | null;
	/** Replace the source audio with this separate file (kept outside the job; flag only). */
	replaceAudio: boolean;
	captions: { cues: Caption[]; mode: 'burn' | 'soft' } | null;
}

export type EngineId = 'webcodecs' | 'ffmpeg-mt' | 'ffmpeg-st';

export interface EngineChoice {
	engine: EngineId;
	/** Why this engine, in words a user can read in the details panel. */
	reasons: string[];
	/** Adjustments made so the chosen engine can do the job (e.g. VP9 → VP8 in ffmpeg.wasm). */
	job: ExportJob;
}

export interface Capabilities {
	videoEncode: VideoCodecId[];
	videoDecode: string[];
	audioEncode: AudioCodecId[];
	audioDecode: string[];
	crossOriginIsolated: boolean;
	offscreenCanvas: boolean;
}

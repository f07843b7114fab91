// Face-analysis vocabulary shared by the repository, the queue, the tracker and the UI.
import type { Encrypted } from '../crypto/aes';

/** Axis-aligned box in source pixels (the photo's or the video frame's own size). */
export interface FaceBox {
	x: number;
	y: number;
	w: number;
	h: number;
}

export type Gender = 'female' | 'male';

/** A detected face as stored, minus its embedding (read that with `getEmbeddings`). */
export interface Face {
	id: string;
	mediaId: string;
	/** Seconds into the video for faces found on a sampled frame. */
	frameTime?: number;
	/** Same value for every detection of one person across a video's frames. */
	trackId?: string;
	box: FaceBox;
	/** Keypoints in source pixels (BlazeFace order: right eye, left eye, nose, mouth, right ear, left ear). */
	landmarks: { x: number; y: number }[];
	/** Detector confidence 0..1. */
	score: number;
	/** 0..1 from size, blur and pose: low-quality faces should not drive grouping. */
	quality: number;
	/** The parts of `quality`, each 0..1 (1 = large / sharp / frontal). */
	qualityDetail?: { size: number; blur: number; pose: number };
	/** Estimated age in years (an estimate, never a fact about the person). */
	age: number;
	gender: Gender;
	/** Confidence of the gender estimate, 0.5..1. */
	genderConfidence: number;
	/** Which embedding model produced the (encrypted) vector, e.g. 'dlib-resnet@1'. */
	embeddingModel?: string;
	createdAt: number;
}

/** The stored row: the embedding is AES-GCM encrypted with the 'faces' key, bound to the face id. */
export interface FaceRow extends Face {
	embedding: Encrypted;
}

/** A face to store: what the pipeline returns, with a plain embedding. */
export type NewFace = Omit<Face, 'id' | 'mediaId' | 'createdAt'> & { embedding: Float32Array };

/** Per media item: was it analysed, when, how it went. */
export interface AnalysisRecord {
	mediaId: string;
	status: 'done' | 'error';
	faceCount: number;
	analyzedAt: number;
	/** Frames sampled (video only). */
	frames?: number;
	/** Distinct face tracks (video only). */
	tracks?: number;
	/** Model/pipeline identifier, so results from an older pipeline can be offered for re-analysis. */
	pipeline?: string;
	error?: string;
}

export interface FaceDataCounts {
	faces: number;
	media: number;
	tracks: number;
}

export type FacesChange =
	| { type: 'added'; mediaIds: string[]; faceIds: string[] }
	| { type: 'removed'; mediaIds: string[]; faceIds: string[] }
	| { type: 'analysis'; mediaIds: string[]; faceIds: [] }
	| { type: 'cleared'; mediaIds: []; faceIds: [] };

// The library's shared vocabulary. Other features (faces, media, talent, sync) refer to media
// items only through these types and the library repository.

export type MediaKind = 'image' | 'video';

export interface MediaItem {
	id: string;
	name: string;
	kind: MediaKind;
	mime: string;
	size: number;
	/** SHA-256 of the file's bytes, hex: re-importing the same file is detected by it. */
	hash: string;
	/** When it was taken (ms since epoch): EXIF DateTimeOriginal for JPEGs that have it, else the file's last-modified time. */
	takenAt: number;
	importedAt: number;
	width?: number;
	height?: number;
	/** Seconds, for video. */
	duration?: number;
	projectIds: string[];
	/** Set while the item sits in the undo window after a delete. */
	deletedAt?: number;
}

export interface Project {
	id: string;
	name: string;
	createdAt: number;
	updatedAt: number;
}

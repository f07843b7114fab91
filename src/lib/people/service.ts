// Placeholder until the People feature fills it: face analysis calls these after it stores or
// deletes faces, so grouping stays incremental.
export async function onFacesAdded(faceIds: string[]): Promise<void> {
	void faceIds;
}
export async function onFacesRemoved(faceIds: string[]): Promise<void> {
	void faceIds;
}

// The biometric notice the consent dialog shows. Its version is stored with every consent record;
// change the text → bump the version, and earlier grants stop counting (users are asked again).
// 1.1: states the automatic retention limit (deleted after at most 36 months without use).
export const BIOMETRIC_POLICY_VERSION = '1.1';

export const BIOMETRIC_NOTICE = {
	title: 'Allow face analysis on this device?',
	computed:
		'For the photos and videos you choose to analyse, Loupe finds each face and computes its position, facial landmarks, a quality score, an estimated age and gender (estimates that can be wrong), and a face signature: a list of numbers that identifies a face so the same person can be grouped across your library. Face signatures are biometric data.',
	where:
		'All of it is computed and kept on this device, in this browser. It is never uploaded, synced or shared. Face signatures are encrypted with a key that cannot leave this browser.',
	retention:
		'Face data is kept only while you use face features: when they have not been used on this device for 36 months (or the shorter period you choose in the Privacy centre: 1 to 36 months), Loupe deletes all face data automatically and tells you the next time you open it. Using face features (analysing, opening the faces of an item, People) restarts that period. You can delete earlier at any time: a single face in the viewer, or all face data with “Turn off face features” (also when you withdraw this consent). Deleting an item from the library deletes its faces.',
	deletion:
		'To delete everything, use “Turn off face features” in the sidebar’s analysis panel or in the Privacy centre. Deletion is immediate and also destroys the encryption key, so no copy can be read.',
	others:
		'Analyse media of other people only where you have the right to: laws such as Illinois BIPA and the GDPR (Art. 9) require their consent.',
	affirmation: 'I agree that Loupe computes and stores face data on this device as described above.'
} as const;

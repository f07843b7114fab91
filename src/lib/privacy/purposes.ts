// Which purposes are on, given the recorded choice and the region's default. Biometric
// processing, cloud AI and parental affirmation are always opt-in everywhere (GDPR Art. 9,
// BIPA); analytics and marketing are opt-in in the EU/EEA/UK and opt-out elsewhere.
import type { RegionInfo } from './region';

export type Purpose = 'biometric' | 'cloud_ai' | 'analytics' | 'marketing' | 'parental';
export const BANNER_PURPOSES = ['analytics', 'marketing'] as const;
export type BannerPurpose = (typeof BANNER_PURPOSES)[number];

export const PURPOSE_INFO: Record<Purpose, { title: string; what: string; alwaysOptIn: boolean }> = {
	biometric: {
		title: 'Biometric processing',
		what: 'Find faces in your media, compute face signatures, group people and match cleared talent — on this device only. Face data is deleted when you withdraw this consent, or automatically after at most 36 months without use.',
		alwaysOptIn: true
	},
	cloud_ai: { title: 'Cloud AI', what: 'Send media you choose to a cloud model for descriptions or transcripts, with faces blurred on this device first.', alwaysOptIn: true },
	analytics: { title: 'Usage analytics', what: 'Count which pages and features are used, to improve Loupe. No media, no face data.', alwaysOptIn: false },
	marketing: { title: 'Marketing', what: 'News about Loupe features and offers.', alwaysOptIn: false },
	parental: { title: 'Parental affirmation', what: 'You are the parent or guardian of a child shown in your media, or have their permission, and agree to its processing.', alwaysOptIn: true }
};

export function isOn(purpose: Purpose, recorded: { granted: boolean } | null, region: RegionInfo): boolean {
	if (recorded) return recorded.granted;
	return PURPOSE_INFO[purpose].alwaysOptIn ? false : !region.optIn;
}

/** The banner shows until answered in opt-in regions; elsewhere it shows once as a notice with the same switches. */
export function bannerNeeded(answeredAt: number | null): boolean {
	return answeredAt === null;
}

// Version of the privacy notice the banner and privacy centre show. Stored with every consent
// record they write; change the notice text → bump it.
export const PRIVACY_POLICY_VERSION = '1.0';
export const PARENTAL_POLICY_VERSION = '1.0';

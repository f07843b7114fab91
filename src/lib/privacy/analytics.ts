// Loupe's only non-essential feature today: local usage counts (page views per section), kept
// on this device. It is loaded only when the analytics purpose is on — the banner's gate proves
// that nothing non-essential runs before opt-in in the EU/EEA/UK.

const KEY = 'loupe.analytics.pageviews';
let active = false;

export function analyticsActive(): boolean {
	return active;
}

export function startAnalytics() {
	if (active || typeof document === 'undefined') return;
	active = true;
	document.documentElement.dataset.analytics = 'on';
}

export function stopAnalytics(clear = true) {
	active = false;
	if (typeof document !== 'undefined') delete document.documentElement.dataset.analytics;
	if (clear && typeof localStorage !== 'undefined') localStorage.removeItem(KEY);
}

export function recordPageView(path: string) {
	if (!active || typeof localStorage === 'undefined') return;
	const section = '/' + (path.split('/')[1] ?? '');
	let counts: Record<string, number> = {};
	try {
		counts = JSON.parse(localStorage.getItem(KEY) ?? '{}');
	} catch {
		/* start again */
	}
	counts[section] = (counts[section] ?? 0) + 1;
	localStorage.setItem(KEY, JSON.stringify(counts));
}

export function pageViews(): Record<string, number> {
	try {
		return JSON.parse(localStorage.getItem(KEY) ?? '{}');
	} catch {
		return {};
	}
}

// The app's sections, in the order the sidebar shows them. Each feature owns its route folder.
export interface NavItem {
	href: string;
	label: string;
	/** Single-key shortcut shown in the sidebar (g then key). */
	key: string;
}

export const NAV: readonly NavItem[] = [
	{ href: '/', label: 'Library', key: 'l' },
	{ href: '/projects', label: 'Projects', key: 'p' },
	{ href: '/people', label: 'People', key: 'e' },
	{ href: '/talent', label: 'Cleared talent', key: 't' },
	{ href: '/privacy', label: 'Privacy', key: 'v' },
	{ href: '/settings', label: 'Settings', key: 's' }
];

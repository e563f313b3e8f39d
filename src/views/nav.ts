/**
 * @module
 * The pages in the navigation, in order. A page appears here only once it exists.
 */
import type { MessageKey } from "./i18n.ts";

export interface NavItem {
	path: string;
	label: MessageKey;
	/** An inline SVG path (24×24 viewBox) drawn as the icon. */
	icon: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
	{ path: "/", label: "nav.status", icon: "M3 12h4l3-8 4 16 3-8h4" },
	{ path: "/sessions", label: "nav.sessions", icon: "M4 5h16v11H8l-4 4z" },
	{ path: "/analytics", label: "nav.analytics", icon: "M4 20V10M10 20V4M16 20v-7M22 20H2" },
];

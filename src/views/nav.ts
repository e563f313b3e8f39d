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
	{ path: "/chat", label: "nav.chat", icon: "M4 5h16v11H8l-4 4zM7 9l3 2-3 2M12 13h4" },
];

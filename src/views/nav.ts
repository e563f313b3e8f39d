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
	{ path: "/sessions", label: "nav.sessions", icon: "M4 5h16v11H8l-4 4z" },
	{ path: "/analytics", label: "nav.analytics", icon: "M4 20V10M10 20V4M16 20v-7M22 20H2" },
	{
		path: "/config",
		label: "nav.config",
		icon: "M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0M14 4v4M8 10v4M16 16v4",
	},
	{ path: "/env", label: "nav.env", icon: "M15 7a4 4 0 1 1-3.9 4.9L3 20v-3h3v-3h3l2.1-2.1A4 4 0 0 1 15 7z" },
	{
		path: "/skills",
		label: "nav.skills",
		icon: "M12 3l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.4l-5.2 2.7 1-5.8L3.5 9.2l5.9-.9z",
	},
	{ path: "/logs", label: "nav.logs", icon: "M4 6h16M4 10h16M4 14h10M4 18h7" },
	{
		path: "/profiles",
		label: "nav.profiles",
		icon: "M8 8a3 3 0 1 0 0-.01M2 20c0-3 3-5 6-5s6 2 6 5M16 6a3 3 0 1 1 0 6M18 15c2 .5 4 2 4 5",
	},
	{ path: "/models", label: "nav.models", icon: "M12 2l9 5v10l-9 5-9-5V7zM12 12l9-5M12 12v10M12 12L3 7" },
	{ path: "/cron", label: "nav.cron", icon: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 3" },
	{ path: "/channels", label: "nav.channels", icon: "M4 4h16v12H8l-4 4zM8 8h8M8 12h5" },
	{ path: "/pairing", label: "nav.pairing", icon: "M8 12a4 4 0 1 1 0-.01M16 12a4 4 0 1 1 0-.01M11 12h2" },
	{ path: "/webhooks", label: "nav.webhooks", icon: "M12 3a4 4 0 0 1 2 7.5L17 16M7 16a4 4 0 1 0 4 4h6M12 10.5 8 17" },
	{ path: "/system", label: "nav.system", icon: "M4 4h16v12H4zM8 20h8M12 16v4" },
	{ path: "/mcp", label: "nav.mcp", icon: "M7 4v5M17 4v5M5 9h14v3a7 7 0 0 1-14 0zM12 19v2" },
	{ path: "/files", label: "nav.files", icon: "M3 6h6l2 2h10v11H3zM3 10h18" },
];

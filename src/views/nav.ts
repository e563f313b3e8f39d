/**
 * @module
 * The pages in the navigation, in order. A page appears here only once it exists.
 */
import type { MessageKey } from "./i18n.ts";
import type { IconName } from "./icons.ts";

export interface NavItem {
	path: string;
	label: MessageKey;
	/** A Lucide icon (src/views/icons.ts) drawn beside the label. */
	icon: IconName;
}

export const NAV_ITEMS: readonly NavItem[] = [
	{ path: "/", label: "nav.status", icon: "activity" },
	{ path: "/chat", label: "nav.chat", icon: "square-terminal" },
	{ path: "/sessions", label: "nav.sessions", icon: "messages-square" },
	{ path: "/analytics", label: "nav.analytics", icon: "chart-column" },
	{ path: "/config", label: "nav.config", icon: "sliders-horizontal" },
	{ path: "/env", label: "nav.env", icon: "key-round" },
	{ path: "/skills", label: "nav.skills", icon: "sparkles" },
	{ path: "/logs", label: "nav.logs", icon: "scroll-text" },
	{ path: "/profiles", label: "nav.profiles", icon: "users" },
	{ path: "/models", label: "nav.models", icon: "box" },
	{ path: "/cron", label: "nav.cron", icon: "clock" },
	{ path: "/channels", label: "nav.channels", icon: "radio" },
	{ path: "/pairing", label: "nav.pairing", icon: "link" },
	{ path: "/webhooks", label: "nav.webhooks", icon: "webhook" },
	{ path: "/system", label: "nav.system", icon: "monitor" },
	{ path: "/mcp", label: "nav.mcp", icon: "plug" },
	{ path: "/files", label: "nav.files", icon: "folder" },
];

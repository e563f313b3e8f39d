/**
 * @module
 * Skills hub sources (hermes-home §7.5), in Hermes's order. Availability and rate
 * limits are decided by Hermes at search time; the dashboard lists them all.
 */

export interface HubSource {
	id: string;
	label: string;
	rate_limited: boolean;
	available: boolean;
}

const source = (id: string, label: string): HubSource => ({ id, label, rate_limited: false, available: true });

export const HUB_SOURCES: readonly HubSource[] = [
	source("official", "Official (Nous)"),
	source("hermes-index", "Hermes Index"),
	source("skills-sh", "skills.sh"),
	source("well-known", "Well-Known"),
	source("url", "Direct URL"),
	source("github", "GitHub"),
	source("clawhub", "ClawHub"),
	source("claude-marketplace", "Claude Marketplace"),
	source("lobehub", "LobeHub"),
	source("browse-sh", "browse.sh"),
];

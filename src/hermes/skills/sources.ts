/**
 * @module
 * Skills hub sources (hermes-home §7.5), in Hermes's order, in the shape of
 * `GET /api/skills/hub/sources`: GitHub carries a rate-limit flag and the Hermes Index
 * an availability flag. Without Hermes's in-process router the dashboard cannot probe
 * either, so GitHub reads as not limited and the index as unavailable, which makes
 * every source worth searching on its own (`searchable`).
 */

export interface HubSource {
	id: string;
	label: string;
	rate_limited?: boolean;
	available?: boolean;
	searchable: boolean;
}

const LABELS: readonly (readonly [string, string])[] = [
	["official", "Official (Nous)"],
	["hermes-index", "Hermes Index"],
	["skills-sh", "skills.sh"],
	["well-known", "Well-Known"],
	["url", "Direct URL"],
	["github", "GitHub"],
	["clawhub", "ClawHub"],
	["claude-marketplace", "Claude Marketplace"],
	["lobehub", "LobeHub"],
	["browse-sh", "browse.sh"],
];

export const HUB_SOURCES: readonly HubSource[] = LABELS.map(([id, label]) => ({
	id,
	label,
	...(id === "github" ? { rate_limited: false } : {}),
	...(id === "hermes-index" ? { available: false } : {}),
	searchable: true,
}));

/**
 * @module
 * The dashboard font choice (`dashboard.font` in config.yaml, api-contract-clients §1.3):
 * unknown ids read and save as `theme` (the theme's own font).
 */
import { readConfigLenient } from "../config/yaml.ts";
import { isMapping } from "../config/effective.ts";

export const DASHBOARD_FONTS: readonly string[] = [
	"theme",
	"system-sans",
	"system-serif",
	"system-mono",
	"inter",
	"ibm-plex-sans",
	"work-sans",
	"atkinson-hyperlegible",
	"dm-sans",
	"spectral",
	"fraunces",
	"source-serif",
	"jetbrains-mono",
	"ibm-plex-mono",
	"space-mono",
];

export function coerceFont(value: unknown): string {
	return typeof value === "string" && DASHBOARD_FONTS.includes(value) ? value : "theme";
}

export function readDashboardFont(configPath: string): string {
	const dashboard = readConfigLenient(configPath).dashboard;
	return coerceFont(isMapping(dashboard) ? dashboard.font : undefined);
}

/**
 * @module
 * Dashboard themes (hermes-home §18.1): the built-ins and the user's
 * `dashboard-themes/*.yaml`, normalised as Hermes does.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { readConfinedTextSync } from "../home/confine.ts";
import { yamlLib } from "../config/yaml_lib.ts";
import { getString, readConfigLenient } from "../config/yaml.ts";
import { homePaths } from "../home/paths.ts";

export interface ThemeLayer {
	hex: string;
	alpha: number;
}

export interface ThemeDefinition {
	name: string;
	label: string;
	description: string;
	palette: {
		background: ThemeLayer;
		midground: ThemeLayer;
		foreground: ThemeLayer;
		warmGlow: string;
		noiseOpacity: number;
	};
	typography: Record<string, string>;
	layout: { radius: string; density: "compact" | "comfortable" | "spacious" };
	layoutVariant: "standard" | "cockpit" | "tiled";
	colorOverrides?: Record<string, string>;
	customCSS?: string;
}

export interface ThemeEntry {
	name: string;
	label: string;
	description: string;
	definition?: ThemeDefinition;
}

const BUILTIN_THEMES: readonly ThemeEntry[] = [
	{ name: "default", label: "Hermes Teal", description: "The default dark teal theme" },
	{ name: "default-large", label: "Hermes Teal (Large)", description: "Hermes Teal with larger type" },
	{ name: "nous-blue", label: "Nous Blue", description: "A light theme in Nous blue" },
	{ name: "midnight", label: "Midnight", description: "Deep blue night" },
	{ name: "ember", label: "Ember", description: "Warm dark orange" },
	{ name: "mono", label: "Mono", description: "Greyscale" },
	{ name: "cyberpunk", label: "Cyberpunk", description: "Neon on violet" },
	{ name: "rose", label: "Rosé", description: "Soft dark rose" },
];

const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const CUSTOM_CSS_LIMIT = 32 * 1024;

function layer(value: unknown, fallback: ThemeLayer): ThemeLayer {
	if (typeof value === "string" && HEX.test(value)) {
		return { hex: value, alpha: fallback.alpha };
	}
	if (value !== null && typeof value === "object") {
		const record = value as { hex?: unknown; alpha?: unknown };
		const hex = typeof record.hex === "string" && HEX.test(record.hex) ? record.hex : fallback.hex;
		const alpha =
			typeof record.alpha === "number" && record.alpha >= 0 && record.alpha <= 1 ? record.alpha : fallback.alpha;
		return { hex, alpha };
	}
	return fallback;
}

function stringRecord(value: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (value !== null && typeof value === "object" && !Array.isArray(value)) {
		for (const [key, item] of Object.entries(value)) {
			if (typeof item === "string" || typeof item === "number") {
				out[key] = String(item);
			}
		}
	}
	return out;
}

/** Normalises one parsed theme file; null when it has no usable name. */
export function normaliseTheme(raw: unknown): ThemeDefinition | null {
	if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
		return null;
	}
	const theme = raw as Record<string, unknown>;
	if (typeof theme.name !== "string" || theme.name.trim() === "") {
		return null;
	}
	const palette = (theme.palette ?? theme.colors ?? {}) as Record<string, unknown>;
	const layout = (theme.layout ?? {}) as Record<string, unknown>;
	const density = layout.density === "compact" || layout.density === "spacious" ? layout.density : "comfortable";
	const variant =
		theme.layoutVariant === "cockpit" || theme.layoutVariant === "tiled" ? theme.layoutVariant : "standard";
	const definition: ThemeDefinition = {
		name: theme.name.trim(),
		label: typeof theme.label === "string" ? theme.label : theme.name.trim(),
		description: typeof theme.description === "string" ? theme.description : "",
		palette: {
			background: layer(palette.background, { hex: "#041c1c", alpha: 1 }),
			midground: layer(palette.midground, { hex: "#ffe6cb", alpha: 1 }),
			foreground: layer(palette.foreground, { hex: "#ffffff", alpha: 0 }),
			warmGlow: typeof palette.warmGlow === "string" ? palette.warmGlow : "rgba(255, 189, 56, 0.35)",
			noiseOpacity: typeof palette.noiseOpacity === "number" ? palette.noiseOpacity : 1,
		},
		typography: { baseSize: "15px", lineHeight: "1.55", letterSpacing: "0", ...stringRecord(theme.typography) },
		layout: { radius: typeof layout.radius === "string" ? layout.radius : "0.5rem", density },
		layoutVariant: variant,
	};
	const overrides = stringRecord(theme.colorOverrides);
	if (Object.keys(overrides).length > 0) {
		definition.colorOverrides = overrides;
	}
	if (typeof theme.customCSS === "string" && theme.customCSS.length <= CUSTOM_CSS_LIMIT) {
		definition.customCSS = theme.customCSS;
	}
	return definition;
}

/** Parsed theme files by path, valid while their size and mtime are unchanged: every page render lists themes. */
const parsedThemes = new Map<string, { key: string; definition: ThemeDefinition | null }>();

function readTheme(home: string, path: string): ThemeDefinition | null {
	let key: string;
	try {
		const stat = statSync(path);
		key = `${stat.size}:${stat.mtimeMs}`;
	} catch {
		return null;
	}
	const cached = parsedThemes.get(path);
	if (cached !== undefined && cached.key === key) {
		return cached.definition;
	}
	let definition: ThemeDefinition | null = null;
	try {
		// Confined: a theme symlinked out of the home, or a FIFO, is skipped like a broken file.
		definition = normaliseTheme(yamlLib().parse(readConfinedTextSync(home, path) ?? ""));
	} catch {
		definition = null;
	}
	parsedThemes.set(path, { key, definition });
	return definition;
}

/** Built-ins, then user themes (sorted by file name; names of built-ins are ignored). */
export function listThemes(home: string): ThemeEntry[] {
	const themes: ThemeEntry[] = [...BUILTIN_THEMES];
	let files: string[] = [];
	try {
		files = readdirSync(join(home, "dashboard-themes"))
			.filter((file) => /\.ya?ml$/.test(file))
			.sort();
	} catch {
		return themes;
	}
	for (const file of files) {
		const definition = readTheme(home, join(home, "dashboard-themes", file));
		if (definition === null || themes.some((theme) => theme.name === definition.name)) {
			continue;
		}
		themes.push({
			name: definition.name,
			label: definition.label,
			description: definition.description,
			definition,
		});
	}
	return themes;
}

/** `dashboard.theme` as configured ("default" when unset), whether or not such a theme exists. */
export function configuredThemeName(home: string): string {
	return getString(readConfigLenient(homePaths(home).config), "dashboard.theme") ?? "default";
}

/** The theme to render: the configured built-in or user theme, else the default built-in. */
export function activeTheme(home: string): ThemeEntry {
	const wanted = configuredThemeName(home);
	const themes = listThemes(home);
	return themes.find((theme) => theme.name === wanted) ?? themes[0]!;
}

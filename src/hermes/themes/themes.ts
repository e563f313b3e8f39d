/**
 * @module
 * Dashboard themes (hermes-home §18.1): the built-ins, the user's
 * `dashboard-themes/*.yaml` (normalised as Hermes does, in normalise.ts), which one is
 * active, and saving the choice to `dashboard.theme`.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { readConfinedTextSync } from "../home/confine.ts";
import { yamlLib } from "../config/yaml_lib.ts";
import { getPath, readConfigLenient } from "../config/yaml.ts";
import { homePaths } from "../home/paths.ts";
import { normaliseTheme, type ThemeDefinition } from "./normalise.ts";

export type { ThemeDefinition, ThemeLayer } from "./normalise.ts";

export interface ThemeEntry {
	name: string;
	label: string;
	description: string;
	definition?: ThemeDefinition;
}

export const BUILTIN_THEMES: readonly ThemeEntry[] = [
	{ name: "default", label: "Hermes Teal", description: "Classic dark teal — the canonical Hermes look" },
	{ name: "default-large", label: "Hermes Teal (Large)", description: "Hermes Teal with larger type" },
	{ name: "nous-blue", label: "Nous Blue", description: "A light theme in Nous blue" },
	{ name: "midnight", label: "Midnight", description: "Deep blue-violet with cool accents" },
	{ name: "ember", label: "Ember", description: "Warm crimson and bronze" },
	{ name: "mono", label: "Mono", description: "Clean greyscale, monospace type" },
	{ name: "cyberpunk", label: "Cyberpunk", description: "Neon on black" },
	{ name: "rose", label: "Rosé", description: "Soft pink on deep plum" },
];

/** The browser's copy of its last theme choice (set by PUT /api/dashboard/theme). */
export const THEME_COOKIE = "hermes_theme";

export interface ThemeCatalogue {
	themes: ThemeEntry[];
	/** Theme files that could not be read or parsed, or have no name: shown as a warning. */
	broken: string[];
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
		const text = readConfinedTextSync(home, path);
		definition = text === null ? null : normaliseTheme(yamlLib().parse(text));
	} catch {
		definition = null;
	}
	parsedThemes.set(path, { key, definition });
	return definition;
}

/** Built-ins, then user themes (`*.yaml` sorted by file name; a user theme named like an earlier one is ignored). */
export function themeCatalogue(home: string): ThemeCatalogue {
	const themes: ThemeEntry[] = [...BUILTIN_THEMES];
	const broken: string[] = [];
	let files: string[];
	try {
		files = readdirSync(join(home, "dashboard-themes"))
			.filter((file) => file.endsWith(".yaml"))
			.sort();
	} catch {
		return { themes, broken };
	}
	for (const file of files) {
		const definition = readTheme(home, join(home, "dashboard-themes", file));
		if (definition === null) {
			broken.push(file);
			continue;
		}
		if (themes.some((theme) => theme.name === definition.name)) {
			continue;
		}
		themes.push({
			name: definition.name,
			label: definition.label,
			description: definition.description,
			definition,
		});
	}
	return { themes, broken };
}

export function listThemes(home: string): ThemeEntry[] {
	return themeCatalogue(home).themes;
}

/** `dashboard.theme` exactly as stored (Hermes stores any name), or undefined when unset. */
export function storedThemeName(home: string): string | undefined {
	const value = getPath(readConfigLenient(homePaths(home).config), "dashboard.theme");
	if (value === undefined || value === null) {
		return undefined;
	}
	return typeof value === "string" ? value : String(value);
}

/** `dashboard.theme` as GET /api/dashboard/themes reports it ("default" when unset). */
export function configuredThemeName(home: string): string {
	return storedThemeName(home) ?? "default";
}

export interface ActiveTheme {
	/** The theme to render: the wanted one if it exists, else the default built-in. */
	entry: ThemeEntry;
	/** The name that was asked for. */
	wanted: string;
	found: boolean;
	catalogue: ThemeCatalogue;
}

/**
 * Which theme a page renders in: config.yaml's `dashboard.theme` (shared with Hermes, so
 * authoritative), or — only while the file names none — the browser's remembered choice.
 */
export function resolveActiveTheme(home: string, remembered?: string): ActiveTheme {
	const wanted = storedThemeName(home) ?? remembered ?? "default";
	const catalogue = themeCatalogue(home);
	const entry = catalogue.themes.find((theme) => theme.name === wanted);
	return { entry: entry ?? catalogue.themes[0]!, wanted, found: entry !== undefined, catalogue };
}

/** The theme to render (see resolveActiveTheme). */
export function activeTheme(home: string, remembered?: string): ThemeEntry {
	return resolveActiveTheme(home, remembered).entry;
}

/**
 * @module
 * A user theme file (`dashboard-themes/*.yaml`, hermes-home §18.1) normalised into the
 * wire `definition` Hermes sends: the same defaults, the same whitelists, the same
 * clipping. Values are kept as the user wrote them (Hermes does not validate colours or
 * CSS); making them safe to put in a page is the renderer's job (views/user_theme_style.ts).
 */

export interface ThemeLayer {
	hex: string;
	alpha: number;
}

export type Density = "compact" | "comfortable" | "spacious";
export type LayoutVariant = "standard" | "cockpit" | "tiled";

export interface ThemeAssets {
	bg?: string;
	hero?: string;
	logo?: string;
	crest?: string;
	sidebar?: string;
	header?: string;
	custom?: Record<string, string>;
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
	typography: {
		fontSans: string;
		fontMono: string;
		fontDisplay?: string;
		fontUrl?: string;
		baseSize: string;
		lineHeight: string;
		letterSpacing: string;
	};
	layout: { radius: string; density: Density };
	layoutVariant: LayoutVariant;
	colorOverrides?: Record<string, string>;
	assets?: ThemeAssets;
	customCSS?: string;
	componentStyles?: Record<string, Record<string, string>>;
}

/** customCSS beyond this is clipped (Hermes's bound on the payload and the style element). */
export const CUSTOM_CSS_LIMIT = 32 * 1024;

export const COLOR_OVERRIDE_KEYS: readonly string[] = [
	"card",
	"cardForeground",
	"popover",
	"popoverForeground",
	"primary",
	"primaryForeground",
	"secondary",
	"secondaryForeground",
	"muted",
	"mutedForeground",
	"accent",
	"accentForeground",
	"destructive",
	"destructiveForeground",
	"success",
	"warning",
	"border",
	"input",
	"ring",
];

export const NAMED_ASSET_KEYS = ["bg", "hero", "logo", "crest", "sidebar", "header"] as const;

export const COMPONENT_BUCKETS: readonly string[] = [
	"card",
	"header",
	"footer",
	"sidebar",
	"tab",
	"progress",
	"badge",
	"backdrop",
	"page",
];

const DEFAULT_FONT_SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const DEFAULT_FONT_MONO = 'ui-monospace, "SF Mono", "Cascadia Mono", Menlo, Consolas, monospace';
const TYPOGRAPHY_KEYS = ["fontSans", "fontMono", "fontDisplay", "fontUrl", "baseSize", "lineHeight", "letterSpacing"];

type Mapping = Record<string, unknown>;

function mapping(value: unknown): Mapping {
	return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Mapping) : {};
}

function nonBlank(value: unknown): value is string {
	return typeof value === "string" && value.trim() !== "";
}

/** Python's `str.isalnum()` after dropping `-` and `_`: letters and digits only, not empty. */
function isKeyLike(key: string): boolean {
	return /^[\p{L}\p{N}]+$/u.test(key.replace(/[-_]/g, ""));
}

/** Python's float(): numbers and numeric strings; anything else is not a number. */
function toFloat(value: unknown): number | undefined {
	if (typeof value === "number") {
		return Number.isNaN(value) ? undefined : value;
	}
	if (typeof value === "boolean") {
		return value ? 1 : 0;
	}
	if (typeof value === "string" && value.trim() !== "") {
		const parsed = Number(value.trim());
		return Number.isNaN(parsed) ? undefined : parsed;
	}
	return undefined;
}

function layer(value: unknown, fallback: ThemeLayer): ThemeLayer {
	if (typeof value === "string") {
		return { hex: value, alpha: fallback.alpha };
	}
	if (value !== null && typeof value === "object" && !Array.isArray(value)) {
		const record = value as Mapping;
		const hex = record.hex === undefined || record.hex === null ? fallback.hex : record.hex;
		if (typeof hex !== "string") {
			return fallback;
		}
		const alpha = toFloat(record.alpha ?? fallback.alpha) ?? fallback.alpha;
		return { hex, alpha: Math.max(0, Math.min(1, alpha)) };
	}
	return fallback;
}

function stringValue(value: unknown): string | undefined {
	if (typeof value === "string") return value;
	if (typeof value === "number" && Number.isFinite(value)) return String(value);
	return undefined;
}

/** Normalises one parsed theme file; null when it is unusable (not a mapping, no name). */
export function normaliseTheme(raw: unknown): ThemeDefinition | null {
	if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
		return null;
	}
	const data = raw as Mapping;
	if (!nonBlank(data.name)) {
		return null;
	}
	const palette = mapping(data.palette);
	const colors = mapping(data.colors);
	const pick = (key: string) => (Object.hasOwn(palette, key) ? palette[key] : colors[key]);
	const warmGlow = palette.warmGlow || data.warmGlow;
	const noise = palette.noiseOpacity ?? data.noiseOpacity;

	const typographySource = mapping(data.typography);
	const typography: ThemeDefinition["typography"] = {
		fontSans: DEFAULT_FONT_SANS,
		fontMono: DEFAULT_FONT_MONO,
		baseSize: "15px",
		lineHeight: "1.55",
		letterSpacing: "0",
	};
	for (const key of TYPOGRAPHY_KEYS) {
		const value = typographySource[key];
		if (nonBlank(value)) {
			(typography as Record<string, string>)[key] = value;
		}
	}

	const layoutSource = mapping(data.layout);
	const density = layoutSource.density;
	const definition: ThemeDefinition = {
		name: data.name,
		label: nonBlank(data.label) ? data.label : data.name,
		description: typeof data.description === "string" ? data.description : "",
		palette: {
			background: layer(pick("background"), { hex: "#041c1c", alpha: 1 }),
			midground: layer(pick("midground"), { hex: "#ffe6cb", alpha: 1 }),
			foreground: layer(pick("foreground"), { hex: "#ffffff", alpha: 0 }),
			warmGlow: typeof warmGlow === "string" && warmGlow !== "" ? warmGlow : "rgba(255, 189, 56, 0.35)",
			noiseOpacity: noise === undefined || noise === null ? 1 : (toFloat(noise) ?? 1),
		},
		typography,
		layout: {
			radius: nonBlank(layoutSource.radius) ? layoutSource.radius : "0.5rem",
			density:
				density === "compact" || density === "spacious" || density === "comfortable" ? density : "comfortable",
		},
		layoutVariant:
			data.layoutVariant === "cockpit" || data.layoutVariant === "tiled" || data.layoutVariant === "standard"
				? data.layoutVariant
				: "standard",
	};

	const overrides: Record<string, string> = {};
	for (const [key, value] of Object.entries(mapping(data.colorOverrides))) {
		if (COLOR_OVERRIDE_KEYS.includes(key) && nonBlank(value)) {
			overrides[key] = value;
		}
	}
	if (Object.keys(overrides).length > 0) {
		definition.colorOverrides = overrides;
	}

	const assetSource = mapping(data.assets);
	const assets: ThemeAssets = {};
	for (const key of NAMED_ASSET_KEYS) {
		if (nonBlank(assetSource[key])) {
			assets[key] = assetSource[key];
		}
	}
	const custom: Record<string, string> = {};
	for (const [key, value] of Object.entries(mapping(assetSource.custom))) {
		if (isKeyLike(key) && nonBlank(value)) {
			custom[key] = value;
		}
	}
	if (Object.keys(custom).length > 0) {
		assets.custom = custom;
	}
	if (Object.keys(assets).length > 0) {
		definition.assets = assets;
	}

	if (nonBlank(data.customCSS)) {
		// Clipped by code points, as Python slices: never half a surrogate pair.
		definition.customCSS =
			data.customCSS.length <= CUSTOM_CSS_LIMIT
				? data.customCSS
				: Array.from(data.customCSS).slice(0, CUSTOM_CSS_LIMIT).join("");
	}

	const styles: Record<string, Record<string, string>> = {};
	for (const [bucket, props] of Object.entries(mapping(data.componentStyles))) {
		if (!COMPONENT_BUCKETS.includes(bucket) || mapping(props) !== props) {
			continue;
		}
		const clean: Record<string, string> = {};
		for (const [prop, value] of Object.entries(props as Mapping)) {
			const text = stringValue(value);
			if (isKeyLike(prop) && text !== undefined && text.trim() !== "") {
				clean[prop] = text;
			}
		}
		if (Object.keys(clean).length > 0) {
			styles[bucket] = clean;
		}
	}
	if (Object.keys(styles).length > 0) {
		definition.componentStyles = styles;
	}
	return definition;
}

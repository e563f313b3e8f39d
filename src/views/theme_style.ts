/**
 * @module
 * How a page shows its theme. Built-in themes are variable sets in static/css/themes.css
 * (`data-theme="<name>"`); a user theme is rendered by user_theme_style.ts, loaded only
 * when one is in use: its CSS sanitiser pulls in css-tree (about 120 modules and 5 MB
 * of heap), which a dashboard on a built-in theme never needs.
 */
import type { ThemeEntry } from "../hermes/themes/themes.ts";
import type { Markup } from "./layout.ts";

export interface ThemePresentation {
	/** `data-theme` on `<html>`: the built-in's name, or "user". */
	name: string;
	/** The user theme's `<style>` and font stylesheet link. */
	style?: Markup;
	/** Parts of the theme that were dropped (unsafe or invalid), for the warning. */
	removed: string[];
}

/** How a page shows a theme: `data-theme` ("user" for a user theme) and its `<style>`, if any. */
export async function themePresentation(theme: ThemeEntry): Promise<ThemePresentation> {
	if (theme.definition === undefined) {
		return { name: theme.name, removed: [] };
	}
	const { userThemeStyle } = await import("./user_theme_style.ts");
	const { style, removed } = userThemeStyle(theme.definition);
	return { name: "user", style, removed };
}

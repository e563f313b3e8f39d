/**
 * @module
 * Where a user theme's `typography.fontUrl` may load a stylesheet from, and where those
 * stylesheets load their font files from. The page's CSP lists exactly these origins
 * (security/headers.ts), so a theme cannot make the browser contact anything else.
 */

/** Stylesheet origin → the origins its `@font-face` files come from. */
export const FONT_STYLESHEET_ORIGINS: Readonly<Record<string, readonly string[]>> = {
	"https://fonts.googleapis.com": ["https://fonts.gstatic.com"],
	"https://fonts.bunny.net": ["https://fonts.bunny.net"],
	"https://rsms.me": ["https://rsms.me"],
};

export const FONT_STYLE_SOURCES: readonly string[] = Object.keys(FONT_STYLESHEET_ORIGINS);

export const FONT_FILE_SOURCES: readonly string[] = [...new Set(Object.values(FONT_STYLESHEET_ORIGINS).flat())];

/** The URL as given when it is an https stylesheet on an allowed origin; otherwise null. */
export function allowedFontURL(value: string | undefined): string | null {
	if (value === undefined) {
		return null;
	}
	try {
		const url = new URL(value.trim());
		if (url.protocol !== "https:" || url.username !== "" || url.password !== "") {
			return null;
		}
		return Object.hasOwn(FONT_STYLESHEET_ORIGINS, url.origin) ? url.href : null;
	} catch {
		return null;
	}
}

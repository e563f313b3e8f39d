/**
 * @module
 * Security headers: a CSP that allows only same-origin scripts (plus the one nonced
 * bootstrap script per page), no framing, no sniffing, no referrer leaks.
 */
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { MiddlewareHandler } from "hono";
import { FONT_FILE_SOURCES, FONT_STYLE_SOURCES } from "../hermes/themes/font_origins.ts";

export function securityHeaders(): MiddlewareHandler {
	return secureHeaders({
		contentSecurityPolicy: {
			defaultSrc: ["'self'"],
			scriptSrc: ["'self'", NONCE],
			// xterm.js and htmx adjust element styles at run time.
			// Font stylesheets a user theme may name (`typography.fontUrl`), and their font files.
			styleSrc: ["'self'", "'unsafe-inline'", ...FONT_STYLE_SOURCES],
			imgSrc: ["'self'", "data:"],
			connectSrc: ["'self'"],
			fontSrc: ["'self'", "data:", ...FONT_FILE_SOURCES],
			objectSrc: ["'none'"],
			baseUri: ["'self'"],
			formAction: ["'self'"],
			frameAncestors: ["'none'"],
		},
		crossOriginEmbedderPolicy: false,
		crossOriginResourcePolicy: "same-origin",
		referrerPolicy: "no-referrer",
		xFrameOptions: "DENY",
		strictTransportSecurity: false,
	});
}

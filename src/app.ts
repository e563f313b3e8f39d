/**
 * @module
 * `createApp()`: the runtime-portable Hono app with every layer and route mounted.
 * Node (`main.ts`) and Deno (`deno.ts`) serve the same app; only WebSocket routes,
 * which need an adapter, are added by the Node entry through `mount`.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError, errorResponse, storageFailure } from "./http/errors.ts";
import { requestBodyLimit } from "./http/body_limit.ts";
import { securityHeaders } from "./security/headers.ts";
import { corsPolicy, hostGuard, peerGuard, sessionTokenAuth } from "./security/middleware.ts";
import { statusRoutes } from "./routes/status.ts";
import { healthRoutes } from "./routes/health.ts";
import { notFound } from "./routes/fallback.ts";
import { pathPrefix } from "./http/path_prefix.ts";
import { compressResponses } from "./http/compress.ts";
import { redactSecrets } from "./security/redact.ts";
import { adminAudit } from "./http/admin_audit.ts";
import { lazyMiddleware, mountLazyArea, type LazyArea } from "./http/lazy_area.ts";
import type { AppContext, AppEnv } from "./context.ts";

/**
 * Areas loaded on first use: a cold start imports only the security layers, `/healthz`,
 * `/readyz` and `/api/status` (module loading is most of a Node start). Each area lists
 * every path it serves; tests load them all to check those paths and the security matrix.
 */
export const LAZY_AREAS: readonly LazyArea[] = [
	{ paths: ["/", "/ui/status"], load: async () => (await import("./routes/status_page.ts")).statusPageRoutes },
	// The API and the page load apart: a client that only calls the API (Desktop, the
	// React frontend, curl) never compiles the page's views.
	{
		paths: ["/api/sessions", "/api/sessions/*"],
		load: async () => (await import("./routes/sessions.ts")).sessionRoutes,
	},
	{
		paths: ["/sessions", "/ui/sessions/*"],
		load: async () => (await import("./routes/sessions_ui.ts")).sessionsUIRoutes,
	},
	{
		paths: ["/vendor/:file", "/static/*", "/favicon.ico"],
		load: async () => (await import("./routes/assets.ts")).assetRoutes,
	},
	{
		paths: ["/api/dashboard/themes", "/api/dashboard/theme"],
		load: async () => (await import("./routes/themes.ts")).themeRoutes,
	},
	{ paths: ["/lang/:code"], load: async () => (await import("./routes/language.ts")).languageRoutes },
	{
		paths: ["/config", "/api/config", "/api/config/*", "/ui/config/*"],
		load: async () => (await import("./routes/config.ts")).configRoutes,
	},
	{
		paths: ["/env", "/api/env", "/api/env/*", "/ui/env/*"],
		load: async () => (await import("./routes/env.ts")).envRoutes,
	},
	{ paths: ["/logs", "/api/logs", "/api/logs/*"], load: async () => (await import("./routes/logs.ts")).logsRoutes },
	{
		paths: [
			"/cron",
			"/api/cron/jobs",
			"/api/cron/jobs/*",
			"/api/cron/delivery-targets",
			"/api/cron/blueprints",
			"/api/cron/blueprints/instantiate",
			"/ui/cron/*",
		],
		load: async () => (await import("./routes/cron.ts")).cronRoutes,
	},
	{
		paths: ["/profiles", "/api/profiles", "/api/profiles/*", "/api/dashboard/font", "/ui/profiles/*"],
		load: async () => (await import("./routes/profiles.ts")).profileRoutes,
	},
	{
		paths: ["/api/providers/oauth", "/api/providers/oauth/*"],
		load: async () => (await import("./routes/provider_oauth.ts")).providerOAuthRoutes,
	},
	// Before the analytics area: its "/api/analytics/*" would otherwise answer /models' usage.
	{
		paths: ["/models", "/api/model/*", "/api/analytics/models", "/api/providers/validate"],
		load: async () => (await import("./routes/models.ts")).modelRoutes,
	},
	{
		paths: ["/analytics", "/api/analytics/*"],
		load: async () => (await import("./routes/analytics.ts")).analyticsRoutes,
	},
	{
		paths: ["/mcp", "/api/mcp/*", "/ui/mcp/*"],
		load: async () => (await import("./routes/mcp.ts")).mcpRoutes,
	},
	{
		paths: [
			"/skills",
			"/api/skills",
			"/api/skills/*",
			"/api/tools/toolsets",
			"/api/tools/toolsets/*",
			"/ui/skills/*",
		],
		load: async () => (await import("./routes/skills.ts")).skillsRoutes,
	},
	{ paths: ["/api/palette"], load: async () => (await import("./routes/palette.ts")).paletteRoutes },
	{ paths: ["/api/actions/*"], load: async () => (await import("./routes/actions.ts")).actionRoutes },
	{ paths: ["/chat"], load: async () => (await import("./routes/chat.ts")).chatRoutes },
	{
		paths: ["/webhooks", "/api/webhooks", "/api/webhooks/*", "/ui/webhooks/*"],
		load: async () => (await import("./routes/webhooks.ts")).webhookRoutes,
	},
	{
		paths: ["/pairing", "/api/pairing", "/api/pairing/*", "/ui/pairing/*"],
		load: async () => (await import("./routes/pairing.ts")).pairingRoutes,
	},
	{
		paths: ["/channels", "/api/messaging/platforms", "/api/messaging/platforms/*", "/ui/channels/*"],
		load: async () => (await import("./routes/channels.ts")).channelRoutes,
	},
	{
		paths: [
			"/system",
			"/ui/system/*",
			"/api/system/*",
			"/api/hermes/update/check",
			"/api/portal",
			"/api/curator",
			"/api/curator/paused",
			"/api/gateway/*",
			"/api/memory",
			"/api/memory/*",
			"/api/credentials/*",
			"/api/ops/hooks",
			"/api/ops/checkpoints",
		],
		load: async () => (await import("./routes/system.ts")).systemRoutes,
	},
	{
		paths: [
			"/api/ops/doctor",
			"/api/ops/security-audit",
			"/api/ops/prompt-size",
			"/api/ops/dump",
			"/api/ops/config-migrate",
			"/api/ops/checkpoints/prune",
			"/api/ops/backups",
			"/api/ops/backup",
			"/api/ops/backup/download",
			"/api/ops/import",
			"/api/ops/import-upload",
			"/api/curator/run",
			"/api/hermes/update",
		],
		load: async () => (await import("./routes/system_ops.ts")).systemOpsRoutes,
	},
	{
		paths: ["/files", "/api/files", "/api/files/*", "/api/fs/*"],
		load: async () => (await import("./routes/files.ts")).filesRoutes,
	},
	{ paths: ["/api/git/*"], load: async () => (await import("./routes/git.ts")).gitRoutes },
	{
		paths: ["/api/learning/graph", "/api/learning/node"],
		load: async () => (await import("./routes/learning.ts")).learningRoutes,
	},
	{
		paths: ["/api/media", "/api/chat/image-upload"],
		load: async () => (await import("./routes/media.ts")).mediaRoutes,
	},
	{
		paths: ["/api-docs", "/api/openapi.json"],
		load: async () => (await import("./routes/openapi.ts")).openAPIRoutes,
	},
	{
		paths: [
			"/api/dashboard/plugins",
			"/api/dashboard/plugins/*",
			"/api/dashboard/plugin-providers",
			"/api/dashboard/agent-plugins/*",
			"/dashboard-plugins/*",
		],
		load: async () => (await import("./routes/plugins.ts")).pluginRoutes,
	},
	{
		paths: ["/plugins/*", "/api/plugins/*", "/plugin-host/:file"],
		load: async () => (await import("./routes/plugin_pages.ts")).pluginPageRoutes,
	},
	{
		paths: ["/login", "/auth/*", "/api/auth/*"],
		load: async () => (await import("./routes/auth.ts")).authRoutes,
	},
];

export interface CreateAppOptions {
	/** Adds adapter-specific routes (WebSockets) after the security layers. */
	mount?: (app: Hono<AppEnv>) => void;
	/** Called after a lazily loaded area or middleware has been imported. */
	codeLoaded?: () => void;
}

/**
 * The error envelope: ApiError as thrown, HTTPException's status, a storage failure (full
 * disk, read-only or forbidden home) its 507/503, anything else a redacted, logged 500.
 */
function answerError(error: Error, c: Context<AppEnv>): Response {
	if (error instanceof ApiError) {
		return errorResponse(c, error);
	}
	if (error instanceof HTTPException) {
		return c.json({ detail: error.message || "Bad Request" }, error.status);
	}
	const storage = storageFailure(error);
	if (storage !== null) {
		console.error(
			`[hermes-dashboard] ${c.req.method} ${c.req.path}: ${storage.status}: ${redactSecrets(String(error?.message ?? error))}`,
		);
		return errorResponse(c, storage);
	}
	console.error(
		`[hermes-dashboard] ${c.req.method} ${c.req.path} failed: ${redactSecrets(String(error?.stack ?? error))}`,
	);
	return c.json({ detail: "Internal Server Error" }, 500);
}

export function createApp(app: AppContext, options: CreateAppOptions = {}): Hono<AppEnv> {
	const hono = new Hono<AppEnv>();

	const handlers = { onError: answerError, notFound: notFound(app), codeLoaded: options.codeLoaded };
	hono.onError(handlers.onError);
	hono.notFound(handlers.notFound);

	// Outermost: compresses the final body, after the prefix rewrite below has read it.
	hono.use(compressResponses());
	// Next after the error/notFound handlers: every HTML body and redirect, the
	// gate's included, gets the reverse-proxy prefix (C.6).
	hono.use(pathPrefix(app));
	hono.use(securityHeaders());
	hono.use(hostGuard(app));
	hono.use(peerGuard(app));
	hono.use("/api/*", corsPolicy(app));
	hono.use(
		app.mode === "gated"
			? lazyMiddleware(async () => (await import("./auth/gate.ts")).authGate(app), options.codeLoaded)
			: sessionTokenAuth(app),
	);
	// After the credential check, so an unauthenticated body is never read at all.
	hono.use(requestBodyLimit());
	// After the credential check: only authenticated writes are recorded, with their user.
	hono.use(adminAudit(app));

	hono.route("/", healthRoutes(app));
	hono.route("/", statusRoutes(app));
	// Plugin tabs answer at paths their manifests name, and may override a built-in page.
	const pluginTabs = lazyMiddleware(
		async () => (await import("./routes/plugin_pages.ts")).pluginTabs(app),
		options.codeLoaded,
	);
	hono.use(async function pluginTabPages(c, next) {
		if (c.req.method !== "GET" || /^\/(api|ui|static|vendor)\//.test(c.req.path)) return next();
		return pluginTabs(c, next);
	});
	for (const area of LAZY_AREAS) {
		mountLazyArea(hono, app, area, handlers);
	}
	options.mount?.(hono);

	return hono;
}

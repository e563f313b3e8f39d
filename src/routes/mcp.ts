/**
 * @module
 * MCP servers (api-contract A.8; hermes-home §8): list, add, whole-map replace, remove,
 * enable/disable, test (a real MCP client), OAuth sign-in, the optional-MCP catalog and
 * its installs, plus the `/mcp` page and its `/ui/mcp/*` fragments. Every write goes
 * through the comment-preserving config writer; every answer masks secrets.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { html } from "hono/html";
import * as v from "valibot";
import { ApiError, jsonBody, queryParams } from "../http/validate.ts";
import { profileFor, requestedProfile } from "../http/profile.ts";
import type { ResolvedProfile } from "../hermes/home/profiles.ts";
import { ConfigReadError } from "../hermes/config/yaml.ts";
import { templateEnv } from "../hermes/config/template_env.ts";
import { cleanEnvValue, ENV_NAME, ENV_WRITE_DENYLIST, setEnvValue } from "../hermes/env/dotenv.ts";
import { isMapping, readServers, serverSummaries, serverSummary, serverViews } from "../hermes/mcp/servers.ts";
import { editServers, McpEditError } from "../hermes/mcp/store.ts";
import { hasDisplay, openBrowser } from "../server/open_browser.ts";
import { redactSecrets } from "../security/redact.ts";
import { spawn } from "node:child_process";
import { addServer, putServer, removeServer, replaceServers, setServerEnabled } from "../hermes/mcp/edits.ts";
import {
	buildServerConfig,
	type CatalogEntry,
	entryPayload,
	findEntry,
	installActionName,
	readCatalog,
} from "../hermes/mcp/catalog.ts";
import { actionRunnerFor } from "../hermes/actions/runner.ts";
import { profileArgs } from "../hermes/skills/hub.ts";
import { hasStoredToken, storedTokenHeaders } from "../hermes/mcp/oauth_tokens.ts";
import { mcpCatalogList, mcpPage, mcpServerList } from "../views/mcp.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute, type RouteDoc } from "../http/openapi.ts";

const ProfileQuery = v.looseObject({ profile: v.optional(v.string()) });
const BodyProfile = v.optional(v.nullable(v.string()));

const AddBody = v.looseObject({
	name: v.string(),
	url: v.optional(v.nullable(v.string())),
	command: v.optional(v.nullable(v.string())),
	args: v.optional(v.array(v.string()), []),
	env: v.optional(v.record(v.string(), v.string()), {}),
	auth: v.optional(v.nullable(v.string())),
	profile: BodyProfile,
});
// `servers` is required here (Hermes defaults it to `{}`): an empty body must never wipe every server.
const ReplaceBody = v.looseObject({
	servers: v.record(v.string(), v.record(v.string(), v.unknown())),
	profile: BodyProfile,
});
const EnabledBody = v.looseObject({ enabled: v.boolean(), profile: BodyProfile });
const InstallBody = v.looseObject({
	name: v.string(),
	env: v.optional(v.record(v.string(), v.string()), {}),
	enable: v.optional(v.boolean(), true),
	profile: BodyProfile,
});

/** The home a request targets (api-contract 0.2): a body `profile` beats the query's. */
function target(app: AppContext, c: Context, bodyProfile?: string | null): ResolvedProfile {
	return profileFor(app, requestedProfile(bodyProfile, queryParams(c, ProfileQuery).profile));
}

/** Data-layer refusals as HTTP answers. */
async function guarded<T>(task: () => Promise<T>): Promise<T> {
	try {
		return await task();
	} catch (error) {
		if (error instanceof McpEditError) {
			throw new ApiError(error.status, error.message);
		}
		if (error instanceof ConfigReadError) {
			throw new ApiError(409, error.message);
		}
		throw error;
	}
}

/** Checks catalog prompt values with the API Keys page's rules and texts; returns the non-empty ones. */
function promptedValues(values: Record<string, string>): [string, string][] {
	const present = Object.entries(values).filter(([, value]) => value !== "");
	for (const [key] of present) {
		if (!ENV_NAME.test(key)) {
			throw new ApiError(
				400,
				`Invalid environment variable name: '${key}'. Names must match ^[A-Za-z_][A-Za-z0-9_]*$.`,
			);
		}
		if (ENV_WRITE_DENYLIST.has(key)) {
			throw new ApiError(
				400,
				`Refusing to write '${key}': it changes how programs start and is not allowed in .env.`,
			);
		}
	}
	return present.map(([key, value]) => [key, cleanEnvValue(value)]);
}

/**
 * The `.env` writes an api_key entry needs: the values given, then defaults for keys
 * still unset. Everything is checked before anything is written.
 */
function catalogEnvWrites(
	entry: CatalogEntry,
	given: Record<string, string>,
	home: string,
	processEnv: Record<string, string | undefined>,
): [string, string][] {
	const writes = promptedValues(given);
	if (entry.auth.type !== "api_key") {
		return writes;
	}
	// As Hermes's `get_env_value`: a key already in .env or the environment is not asked for again.
	const known: Record<string, string | undefined> = {
		...templateEnv(home, processEnv),
		...Object.fromEntries(writes),
	};
	for (const spec of entry.auth.env) {
		if (known[spec.name]) continue;
		if (spec.default !== "") {
			writes.push([spec.name, spec.default]);
		} else if (spec.required) {
			throw new ApiError(400, `${spec.name} is required but no value was provided`);
		}
	}
	return writes;
}

/**
 * How to send the user to a sign-in page from this host: `BROWSER` (as Python's
 * `webbrowser`, which Hermes uses, honours it), else the desktop's opener when a display
 * exists, else none.
 */
function browserOpener(env: Record<string, string | undefined>): ((url: string) => void) | null {
	const browser = (env.BROWSER ?? "").trim();
	if (browser !== "") {
		const [command, ...args] = browser.split(/\s+/) as [string, ...string[]];
		return (url) => {
			const withURL = args.some((arg) => arg.includes("%s"))
				? args.map((arg) => arg.replace("%s", url))
				: [...args, url];
			const child = spawn(command, withURL, { stdio: "ignore", detached: true });
			child.on("error", () => {});
			child.unref();
		};
	}
	return hasDisplay(env) ? openBrowser : null;
}

/** Hermes's wording for providers that only allow pre-approved clients. */
function oauthFailureText(name: string, error: unknown): string {
	const message = redactSecrets(error instanceof Error ? error.message : String(error));
	const lowered = message.toLowerCase();
	if (message.includes("403") && (lowered.includes("regist") || lowered.includes("forbidden"))) {
		return `'${name}' only allows pre-approved OAuth clients — it rejected client registration (403), so no browser flow can start. Options: add a pre-registered client to this server's entry (oauth: {client_id: ..., client_secret: ...}), or use the provider's stdio / API-key server instead.`;
	}
	return message;
}

// OpenAPI: the body schemas below, each route taking `?profile=` (api-contract 0.2).
const PROFILE_ROUTES: [RouteDoc["method"], string, string, v.GenericSchema | undefined][] = [
	["POST", "/api/mcp/servers", "Add an MCP server", AddBody],
	["PUT", "/api/mcp/servers", "Replace every MCP server", ReplaceBody],
	["PUT", "/api/mcp/servers/:name/enabled", "Enable or disable an MCP server", EnabledBody],
	["POST", "/api/mcp/catalog/install", "Install an MCP catalog entry", InstallBody],
	["GET", "/api/mcp/servers", "MCP servers, secrets masked", undefined],
	["DELETE", "/api/mcp/servers/:name", "Remove an MCP server", undefined],
	["POST", "/api/mcp/servers/:name/test", "Connect to a server and list its tools", undefined],
	["POST", "/api/mcp/servers/:name/auth", "Start an OAuth sign-in for a server", undefined],
	["GET", "/api/mcp/catalog", "The optional-MCP catalog", undefined],
];
for (const [method, path, summary, body] of PROFILE_ROUTES)
	describeRoute({ method, path, summary, query: ProfileQuery, body });

export function mcpRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	/** Sign-ins waiting on a browser, by home and server: one at a time each (they share token files). */
	const signInsRunning = new Set<string>();

	routes.get("/api/mcp/servers", (c) => {
		const profile = target(app, c);
		return c.json({ servers: serverSummaries(readServers(profile.paths.config)) });
	});

	routes.post("/api/mcp/servers", async (c) => {
		const body = await jsonBody(c, AddBody);
		const profile = target(app, c, body.profile);
		const { name, config } = await guarded(() => addServer(profile.paths.config, app.env, body));
		return c.json(serverSummary(name, config));
	});

	routes.put("/api/mcp/servers", async (c) => {
		const body = await jsonBody(c, ReplaceBody);
		const profile = target(app, c, body.profile);
		await guarded(() => replaceServers(profile.paths.config, app.env, body.servers));
		return c.json({ ok: true });
	});

	routes.delete("/api/mcp/servers/:name", async (c) => {
		const profile = target(app, c);
		await guarded(() => removeServer(profile.paths.config, app.env, c.req.param("name")));
		return c.json({ ok: true });
	});

	routes.put("/api/mcp/servers/:name/enabled", async (c) => {
		const body = await jsonBody(c, EnabledBody);
		const profile = target(app, c, body.profile);
		const name = c.req.param("name");
		await guarded(() => setServerEnabled(profile.paths.config, app.env, name, body.enabled));
		return c.json({ ok: true, name, enabled: body.enabled });
	});

	routes.post("/api/mcp/servers/:name/test", async (c) => {
		const profile = target(app, c);
		const name = c.req.param("name");
		const servers = readServers(profile.paths.config);
		if (!Object.hasOwn(servers, name)) {
			throw new ApiError(404, `Server '${name}' not found`);
		}
		const entry = isMapping(servers[name]) ? servers[name] : {};
		const oauth = entry.auth === "oauth";
		// An OAuth server that lists tools anonymously would look healthy: a token must exist first.
		if (oauth && !hasStoredToken(profile.home, name)) {
			return c.json({ ok: false, error: "OAuth authentication required — no token found.", tools: [] });
		}
		const { probeServer } = await import("../hermes/mcp/probe.ts");
		const result = await probeServer(name, entry, {
			home: profile.home,
			templateEnv: templateEnv(profile.home, app.env),
			processEnv: app.env,
			headers: oauth ? storedTokenHeaders(profile.home, name) : undefined,
		});
		return c.json(result);
	});

	routes.post("/api/mcp/servers/:name/auth", async (c) => {
		const profile = target(app, c);
		const name = c.req.param("name");
		const servers = readServers(profile.paths.config);
		if (!Object.hasOwn(servers, name)) {
			throw new ApiError(404, `Server '${name}' not found`);
		}
		const config = isMapping(servers[name]) ? servers[name] : {};
		if (!config.url) {
			throw new ApiError(400, "stdio servers authenticate via env keys, not OAuth");
		}
		if (config.headers && config.auth !== "oauth") {
			throw new ApiError(400, "This server uses header/API-key auth, not OAuth — check its key.");
		}
		const opener = browserOpener(app.env);
		if (opener === null) {
			return c.json({
				ok: false,
				error: `No browser is available on the dashboard's host to sign in with; run \`hermes mcp login ${name}\` where one is, then Test.`,
				tools: [],
			});
		}
		const flowKey = `${profile.home}\0${name}`;
		if (signInsRunning.has(flowKey)) {
			return c.json({ ok: false, error: `A sign-in for '${name}' is already in progress.`, tools: [] });
		}
		const { runOAuthFlow } = await import("../hermes/mcp/oauth_flow.ts");
		const { probeServer } = await import("../hermes/mcp/probe.ts");
		signInsRunning.add(flowKey);
		try {
			await runOAuthFlow({
				home: profile.home,
				name,
				url: String(config.url),
				config,
				openURL: opener,
				nowSeconds: () => app.clock.now() / 1000,
			});
		} catch (error) {
			return c.json({ ok: false, error: oauthFailureText(name, error), tools: [] });
		} finally {
			signInsRunning.delete(flowKey);
		}
		const probed = await probeServer(
			name,
			{ ...config, auth: "oauth" },
			{
				home: profile.home,
				templateEnv: templateEnv(profile.home, app.env),
				processEnv: app.env,
				headers: storedTokenHeaders(profile.home, name),
			},
		);
		if (!probed.ok) {
			return c.json(probed);
		}
		// `auth: oauth` is saved only once sign-in and a probe with the new token worked, as Hermes does.
		await guarded(() =>
			editServers(profile.paths.config, app.env, (servers) => {
				const entry = servers[name];
				if (isMapping(entry)) {
					entry.auth = "oauth";
				}
				return { servers, result: undefined };
			}),
		);
		return c.json({ ok: true, tools: probed.tools });
	});

	routes.get("/api/mcp/catalog", (c) => {
		const profile = target(app, c);
		const catalog = readCatalog(app.home, app.env);
		const installed = readServers(profile.paths.config);
		return c.json({
			entries: catalog.entries.map((entry) => entryPayload(entry, installed)),
			diagnostics: catalog.diagnostics,
		});
	});

	routes.post("/api/mcp/catalog/install", async (c) => {
		const body = await jsonBody(c, InstallBody);
		const profile = target(app, c, body.profile);
		const name = body.name.trim();
		const entry = findEntry(readCatalog(app.home, app.env), name);
		if (entry === undefined) {
			throw new ApiError(404, `No catalog entry '${name}'`);
		}
		if (
			entry.install === null &&
			[entry.transport.command ?? "", ...entry.transport.args].some((part) => part.includes("${INSTALL_DIR}"))
		) {
			throw new ApiError(400, "manifest references ${INSTALL_DIR} but no install block exists");
		}
		const envWrites = catalogEnvWrites(entry, body.env, profile.home, app.env);
		// Keys go to .env first, as Hermes does: the CLI install below reads them from there.
		for (const [key, value] of envWrites) {
			setEnvValue(profile.paths.env, key, value);
		}
		if (entry.install !== null) {
			// Clone + bootstrap take a while: a background action the page follows live.
			const action = installActionName(entry.name);
			const args = [...profileArgs(profile.name), "mcp", "install", entry.name];
			try {
				actionRunnerFor(app).start(action, args);
			} catch (error) {
				throw new ApiError(500, `Install failed: ${redactSecrets((error as Error).message)}`);
			}
			return c.json({ ok: true, name: entry.name, background: true, action });
		}
		await guarded(() =>
			putServer(
				profile.paths.config,
				app.env,
				entry.name,
				buildServerConfig(entry, body.enable),
				`catalog entry '${entry.name}' rejected: suspicious command/args configuration`,
			),
		);
		return c.json({ ok: true, name: entry.name, background: false });
	});

	routes.get("/mcp", (c) => {
		const lang = languageOf(c);
		const body = mcpPage(serverViews(readServers(profileFor(app, undefined).paths.config)), lang);
		const head = html`<link rel="stylesheet" href="${assetURL("/static/css/mcp.css")}">
<script src="${assetURL("/static/js/action_log.js")}" defer></script>
<script src="${assetURL("/static/js/mcp.js")}" defer></script>`;
		return renderPage(c, app, { title: t(lang, "mcp.title"), path: "/mcp", body, head });
	});

	routes.get("/ui/mcp/servers", (c) => {
		return c.html(mcpServerList(serverViews(readServers(profileFor(app, undefined).paths.config)), languageOf(c)));
	});

	routes.get("/ui/mcp/catalog", (c) => {
		const catalog = readCatalog(app.home, app.env);
		const installed = readServers(profileFor(app, undefined).paths.config);
		return c.html(
			mcpCatalogList(
				catalog.entries.map((entry) => entryPayload(entry, installed)),
				catalog.diagnostics,
				languageOf(c),
			),
		);
	});

	return routes;
}

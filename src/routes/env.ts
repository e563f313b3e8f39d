/**
 * @module
 * `.env` API (api-contract A.4) and the API Keys page: `GET/PUT/DELETE /api/env`,
 * `POST /api/env/reveal`, the page at `/env` and its list fragment `/ui/env/list`.
 */
import { Hono } from "hono/tiny";
import * as v from "valibot";
import { ApiError, jsonBody, queryParams } from "../http/validate.ts";
import { requireUtf8Body } from "../http/utf8_body.ts";
import { homePaths } from "../hermes/home/paths.ts";
import {
	cleanEnvValue,
	deleteEnvValue,
	ENV_NAME,
	EnvConflictError,
	EnvEncodingError,
	ENV_WRITE_DENYLIST,
	readEnvValues,
	setEnvValue,
} from "../hermes/env/dotenv.ts";
import { envRows, isRedactedEcho } from "../hermes/env/vars.ts";
import { requestHasToken } from "../security/session_token.ts";
import { EVERYONE, SlidingWindowLimiter } from "../security/rate_limit.ts";
import { authRuntime } from "../auth/runtime.ts";
import { usesSessionToken } from "../security/mode.ts";
import { envList, envPage } from "../views/env.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import { profileFor, requestedProfile } from "../http/profile.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { html } from "hono/html";
import { describeRoute } from "../http/openapi.ts";

const ProfileQuery = v.object({ profile: v.optional(v.string()) });
const KeyBody = v.object({ key: v.string(), profile: v.optional(v.string()) });
const SetBody = v.object({
	key: v.string(),
	value: v.string(),
	profile: v.optional(v.string()),
	api_key: v.optional(v.string()),
});

const REVEAL_LIMIT = 5;
const REVEAL_WINDOW_MS = 30_000;

function checkName(key: string): void {
	if (!ENV_NAME.test(key)) {
		throw new ApiError(
			400,
			`Invalid environment variable name: '${key}'. Names must match ^[A-Za-z_][A-Za-z0-9_]*$.`,
		);
	}
}

/** Turns the data layer's write refusals into HTTP answers. */
function guardedWrite<T>(write: () => T): T {
	try {
		return write();
	} catch (error) {
		if (error instanceof EnvEncodingError) {
			throw new ApiError(422, error.message);
		}
		if (error instanceof EnvConflictError) {
			throw new ApiError(409, error.message);
		}
		throw error;
	}
}
describeRoute({ method: "PUT", path: "/api/env", summary: "Set a .env variable", query: ProfileQuery, body: SetBody });
describeRoute({
	method: "POST",
	path: "/api/env/reveal",
	summary: "Reveal one .env value",
	query: ProfileQuery,
	body: KeyBody,
});

describeRoute({ method: "GET", path: "/api/env", summary: ".env variables, masked", query: ProfileQuery });
describeRoute({
	method: "DELETE",
	path: "/api/env",
	summary: "Remove a .env variable",
	query: ProfileQuery,
	body: KeyBody,
});

export function envRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const revealLimiter = new SlidingWindowLimiter(REVEAL_LIMIT, REVEAL_WINDOW_MS, app.clock);

	function envPath(bodyProfile: string | undefined, queryProfile: string | undefined): string {
		return profileFor(app, requestedProfile(bodyProfile, queryProfile)).paths.env;
	}

	routes.get("/api/env", (c) => {
		const { profile } = queryParams(c, ProfileQuery);
		return c.json(envRows(readEnvValues(envPath(undefined, profile))));
	});

	routes.put("/api/env", async (c) => {
		await requireUtf8Body(c);
		const body = await jsonBody(c, SetBody);
		const { profile } = queryParams(c, ProfileQuery);
		checkName(body.key);
		if (ENV_WRITE_DENYLIST.has(body.key)) {
			throw new ApiError(
				400,
				`Refusing to write '${body.key}': it changes how programs start and is not allowed in .env.`,
			);
		}
		const path = envPath(body.profile, profile);
		const value = cleanEnvValue(body.value);
		if (isRedactedEcho(value, readEnvValues(path).get(body.key))) {
			throw new ApiError(
				400,
				`Refusing to save the masked preview as the value of ${body.key}; enter the full value.`,
			);
		}
		guardedWrite(() => setEnvValue(path, body.key, value));
		return c.json({ ok: true, key: body.key });
	});

	routes.delete("/api/env", async (c) => {
		const body = await jsonBody(c, KeyBody);
		const { profile } = queryParams(c, ProfileQuery);
		checkName(body.key);
		const path = envPath(body.profile, profile);
		if (!guardedWrite(() => deleteEnvValue(path, body.key))) {
			throw new ApiError(404, `${body.key} not found in .env`);
		}
		return c.json({ ok: true, key: body.key });
	});

	routes.post("/api/env/reveal", async (c) => {
		const body = await jsonBody(c, KeyBody);
		const { profile } = queryParams(c, ProfileQuery);
		// Re-check the header token (never a query token), whatever let the request in.
		if (usesSessionToken(app.mode) && !requestHasToken(c.req.raw.headers, app.sessionToken)) {
			throw new ApiError(401, "Unauthorized");
		}
		if (!revealLimiter.attempt(EVERYONE)) {
			throw new ApiError(429, "Too many reveal requests. Try again shortly.");
		}
		const path = envPath(body.profile, profile);
		const value = readEnvValues(path).get(body.key);
		// Audit: the name only, never the value.
		const runtime = authRuntime(app);
		runtime.audit("env_reveal", { key: body.key, found: value !== undefined, ip: runtime.ip(c) });
		if (value === undefined) {
			throw new ApiError(404, `${body.key} not found in .env`);
		}
		c.header("Cache-Control", "no-store");
		return c.json({ key: body.key, value });
	});

	routes.get("/env", (c) => {
		const lang = languageOf(c);
		const rows = envRows(readEnvValues(homePaths(app.home).env));
		return renderPage(c, app, {
			title: t(lang, "env.title"),
			path: "/env",
			body: envPage(rows, lang),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/env.css")}"><script src="${assetURL("/static/js/env.js")}" defer></script>`,
		});
	});

	routes.get("/ui/env/list", (c) => {
		const lang = languageOf(c);
		return c.html(envList(envRows(readEnvValues(homePaths(app.home).env)), lang));
	});

	return routes;
}

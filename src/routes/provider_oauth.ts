/**
 * @module
 * Provider sign-in API (api-contract-clients §3.8): the accounts list with each login's
 * status, disconnect, and the sign-in sessions (Anthropic PKCE with a pasted code; Nous
 * Portal, xAI and OpenAI Codex device codes polled in the background). Credential-changing calls need
 * a signed-in browser session in gated mode, not only a token.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import * as v from "valibot";
import { ApiError, jsonBody, queryParams } from "../http/validate.ts";
import { profileFor } from "../http/profile.ts";
import {
	disconnect,
	oauthProvider,
	OAUTH_PROVIDERS,
	providerRows,
	providerStatus,
	disconnectHint,
} from "../hermes/models/oauth_providers.ts";
import { defaultEndpoints, OAuthFlowError, OAuthSessions } from "../hermes/models/oauth_flows.ts";
import { CodexTimeout, DEVICE_PROVIDERS, startDeviceFlow, type DeviceProvider } from "../hermes/models/oauth_device.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute } from "../http/openapi.ts";

const ProfileQuery = v.looseObject({ profile: v.optional(v.string()) });
const SubmitBody = v.looseObject({ session_id: v.string(), code: v.string() });

function requireUserSession(app: AppContext, c: Context<AppEnv>): void {
	if (app.mode === "gated" && c.get("authSession") === undefined) {
		throw new ApiError(401, "Unauthorized");
	}
}

describeRoute({
	method: "POST",
	path: "/api/providers/oauth/:id/submit",
	summary: "Submit a provider sign-in code",
	body: SubmitBody,
});

export function providerOAuthRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const sessions = new OAuthSessions(() => app.clock.now(), defaultEndpoints(app.env));
	const home = (c: Context) => profileFor(app, queryParams(c, ProfileQuery).profile).home;

	routes.get("/api/providers/oauth", (c) => c.json({ providers: providerRows(home(c), app.env) }));

	routes.delete("/api/providers/oauth/sessions/:sid", (c) => {
		requireUserSession(app, c);
		const id = c.req.param("sid");
		return c.json(sessions.cancel(id) ? { ok: true, session_id: id } : { ok: false, message: "session not found" });
	});

	routes.delete("/api/providers/oauth/:id", async (c) => {
		requireUserSession(app, c);
		const id = c.req.param("id");
		const provider = oauthProvider(id);
		if (provider === undefined) {
			const ids = OAUTH_PROVIDERS.map((entry) => entry.id).sort();
			throw new ApiError(400, `Unknown provider: ${id}. Available: ${ids.join(", ")}`);
		}
		const target = home(c);
		const hint = disconnectHint(provider, providerStatus(target, provider, app.env));
		if (hint !== null) throw new ApiError(400, `${provider.name} cannot be disconnected automatically. ${hint}`);
		return c.json({ ok: await disconnect(target, provider, app.clock.now()), provider: id });
	});

	routes.post("/api/providers/oauth/:id/start", async (c) => {
		requireUserSession(app, c);
		const id = c.req.param("id");
		const provider = oauthProvider(id);
		if (provider === undefined) throw new ApiError(400, `Unknown provider ${id}`);
		if (provider.flow === "external") {
			throw new ApiError(400, `${id} uses an external CLI; run \`${provider.cli_command}\` manually`);
		}
		const target = home(c);
		if (provider.flow === "pkce") return c.json(sessions.startPKCE(target));
		if (!DEVICE_PROVIDERS.has(id)) {
			// MiniMax binds its user code to a PKCE pair of its own; that variant is not run here.
			throw new ApiError(400, `${provider.name} sign-in runs in a terminal: \`${provider.cli_command}\``);
		}
		try {
			return c.json(await startDeviceFlow(sessions, id as DeviceProvider, target));
		} catch (error) {
			if (error instanceof CodexTimeout) throw new ApiError(504, error.message);
			const text =
				error instanceof OAuthFlowError
					? error.message
					: `${provider.name} could not be reached: ${String((error as Error)?.message ?? error)}`;
			throw new ApiError(500, text);
		}
	});

	routes.post("/api/providers/oauth/:id/submit", async (c) => {
		requireUserSession(app, c);
		const id = c.req.param("id");
		const body = await jsonBody(c, SubmitBody);
		if (id !== "anthropic") throw new ApiError(400, `submit not supported for ${id}`);
		const session = sessions.get(body.session_id);
		if (session === undefined || session.provider !== id || session.flow !== "pkce") {
			throw new ApiError(404, "Unknown or expired session");
		}
		if (session.status !== "pending") {
			return c.json({
				ok: false,
				status: session.status,
				message: session.error ?? `Session is ${session.status}`,
			});
		}
		return c.json(await sessions.submitPKCE(session, body.code));
	});

	routes.get("/api/providers/oauth/:id/poll/:sid", (c) => {
		const session = sessions.get(c.req.param("sid"));
		if (session === undefined) throw new ApiError(404, "Session not found or expired");
		if (session.provider !== c.req.param("id")) throw new ApiError(400, "Provider mismatch for session");
		return c.json({
			session_id: session.id,
			status: session.status,
			error_message: session.error,
			expires_at: session.expiresMs / 1000,
		});
	});

	return routes;
}

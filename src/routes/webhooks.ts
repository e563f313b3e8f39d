/**
 * @module
 * Webhook subscriptions (api-contract A.10): `GET/POST /api/webhooks`,
 * `DELETE /api/webhooks/{name}`, `PUT /api/webhooks/{name}/enabled`,
 * `POST /api/webhooks/enable`, the page at `/webhooks` and its list fragment. Like
 * Hermes, these work on the dashboard's own home (no `profile`).
 */
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import * as v from "valibot";
import { ApiError, jsonBody } from "../http/validate.ts";
import {
	createSubscription,
	deleteSubscription,
	listSubscriptions,
	normaliseRouteName,
	ROUTE_NAME,
	setSubscriptionEnabled,
	webhookBaseURL,
	webhookPlatformEnabled,
} from "../hermes/webhooks/subscriptions.ts";
import { configRefusalStatus, savePlatformEnabled } from "../hermes/channels/enable.ts";
import { restartGatewayAfterChange } from "../hermes/gateway/lifecycle.ts";
import { actionRunnerFor } from "../hermes/actions/runner.ts";
import { webhooksList, webhooksPage } from "../views/webhooks.ts";
import { assetURL } from "../views/assets.ts";
import { gatewayRestartScripts } from "../views/gateway_restart.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute } from "../http/openapi.ts";

const CreateBody = v.object({
	name: v.string(),
	description: v.optional(v.nullable(v.string())),
	events: v.optional(v.array(v.string()), []),
	prompt: v.optional(v.nullable(v.string())),
	script: v.optional(v.nullable(v.string())),
	skills: v.optional(v.array(v.string()), []),
	deliver: v.optional(v.string(), "log"),
	deliver_only: v.optional(v.boolean(), false),
	deliver_chat_id: v.optional(v.nullable(v.string())),
	secret: v.optional(v.nullable(v.string())),
});
const EnabledBody = v.object({ enabled: v.boolean() });
/**
 * Body-less actions: clients send nothing. Hermes ignores any body; a body with fields is
 * refused (422) so a confused client can never trigger the write by accident.
 */
const NoBody = v.optional(v.strictObject({}));

function notFound(name: string): ApiError {
	return new ApiError(404, `No subscription named '${name}'`);
}

describeRoute({
	method: "POST",
	path: "/api/webhooks/enable",
	summary: "Turn the webhook platform on and restart the gateway",
	body: NoBody,
});
describeRoute({ method: "POST", path: "/api/webhooks", summary: "Create a webhook subscription", body: CreateBody });
describeRoute({
	method: "PUT",
	path: "/api/webhooks/:name/enabled",
	summary: "Enable or disable a webhook subscription",
	body: EnabledBody,
});

export function webhookRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	function overview() {
		return {
			enabled: webhookPlatformEnabled(app.home),
			base_url: webhookBaseURL(app.home),
			subscriptions: listSubscriptions(app.home),
		};
	}

	routes.get("/api/webhooks", (c) => c.json(overview()));

	routes.post("/api/webhooks/enable", async (c) => {
		await jsonBody(c, NoBody);
		try {
			await savePlatformEnabled(app.home, app.env, "webhook", true);
		} catch (error) {
			const status = await configRefusalStatus(error);
			if (status !== null) throw new ApiError(status, (error as Error).message);
			throw error;
		}
		// As Hermes: the save stands; the restart is best effort and its outcome is reported.
		const restart = restartGatewayAfterChange(actionRunnerFor(app), null);
		return c.json({
			ok: true,
			platform: "webhook",
			enabled: true,
			needs_restart: !restart.restart_started,
			...restart,
		});
	});

	routes.post("/api/webhooks", async (c) => {
		const body = await jsonBody(c, CreateBody);
		if (!webhookPlatformEnabled(app.home)) {
			throw new ApiError(400, "Webhook platform is not enabled. Enable it from the Webhooks page first.");
		}
		const name = normaliseRouteName(body.name);
		if (!ROUTE_NAME.test(name)) {
			throw new ApiError(400, "Invalid name. Use lowercase alphanumeric with hyphens/underscores.");
		}
		if (body.deliver_only && body.deliver === "log") {
			throw new ApiError(400, "Direct delivery requires a real target (telegram, discord, …), not 'log'.");
		}
		const created = createSubscription(app.home, { ...body, name }, app.clock.now());
		// The one answer that carries the secret: keep it out of every cache.
		c.header("Cache-Control", "no-store");
		return c.json(created);
	});

	routes.delete("/api/webhooks/:name", (c) => {
		const name = c.req.param("name").trim().toLowerCase();
		if (!deleteSubscription(app.home, name)) {
			throw notFound(name);
		}
		return c.json({ ok: true });
	});

	routes.put("/api/webhooks/:name/enabled", async (c) => {
		const body = await jsonBody(c, EnabledBody);
		const name = c.req.param("name").trim().toLowerCase();
		if (!setSubscriptionEnabled(app.home, name, body.enabled)) {
			throw notFound(name);
		}
		return c.json({ ok: true, name, enabled: body.enabled });
	});

	routes.get("/webhooks", (c) => {
		const lang = languageOf(c);
		return renderPage(c, app, {
			title: t(lang, "webhooks.title"),
			path: "/webhooks",
			body: webhooksPage(overview(), lang),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/channels.css")}">${gatewayRestartScripts()}<script src="${assetURL("/static/js/webhooks.js")}" defer></script>`,
		});
	});

	routes.get("/ui/webhooks/list", (c) => c.html(webhooksList(overview(), languageOf(c))));

	return routes;
}

/**
 * @module
 * DM pairing (api-contract A.10): `GET /api/pairing`, `POST /api/pairing/approve`,
 * `/revoke`, `/clear-pending`, the page at `/pairing` and its list fragment. Like
 * Hermes, the store is the dashboard's own home's (no `profile`).
 */
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import * as v from "valibot";
import { ApiError, jsonBody } from "../http/validate.ts";
import { PairingStore } from "../hermes/pairing/store.ts";
import { pairingList, pairingPage } from "../views/pairing.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute } from "../http/openapi.ts";

const ApproveBody = v.object({ platform: v.string(), code: v.string() });
const RevokeBody = v.object({ platform: v.string(), user_id: v.string() });
/**
 * Body-less actions: clients send nothing. Hermes ignores any body; a body with fields is
 * refused (422) so a confused client can never trigger the write by accident.
 */
const NoBody = v.optional(v.strictObject({}));

describeRoute({ method: "POST", path: "/api/pairing/approve", summary: "Approve a pairing code", body: ApproveBody });
describeRoute({ method: "POST", path: "/api/pairing/revoke", summary: "Revoke an approved user", body: RevokeBody });
describeRoute({
	method: "POST",
	path: "/api/pairing/clear-pending",
	summary: "Drop every pending pairing request",
	body: NoBody,
});

export function pairingRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const store = () => new PairingStore(app.home, () => app.clock.now() / 1000);

	function overview() {
		const pairing = store();
		return { pending: pairing.listPending(), approved: pairing.listApproved() };
	}

	routes.get("/api/pairing", (c) => c.json(overview()));

	routes.post("/api/pairing/approve", async (c) => {
		const body = await jsonBody(c, ApproveBody);
		const platform = body.platform.trim().toLowerCase();
		const code = body.code.trim().toUpperCase();
		if (platform === "" || code === "") {
			throw new ApiError(400, "platform and code are required");
		}
		const result = store().approve(platform, code);
		if (result.ok) {
			return c.json({ ok: true, user: result.user });
		}
		if (result.lockedOut) {
			throw new ApiError(429, `Platform '${platform}' is locked out after too many failed approvals.`);
		}
		throw new ApiError(404, `Code '${code}' not found or expired for platform '${platform}'.`);
	});

	routes.post("/api/pairing/revoke", async (c) => {
		const body = await jsonBody(c, RevokeBody);
		const platform = body.platform.trim().toLowerCase();
		if (platform === "" || body.user_id === "") {
			throw new ApiError(400, "platform and user_id are required");
		}
		if (!store().revoke(platform, body.user_id)) {
			throw new ApiError(404, `User ${body.user_id} not found in approved list for ${platform}.`);
		}
		return c.json({ ok: true });
	});

	routes.post("/api/pairing/clear-pending", async (c) => {
		await jsonBody(c, NoBody);
		return c.json({ ok: true, cleared: store().clearPending() });
	});

	routes.get("/pairing", (c) => {
		const lang = languageOf(c);
		return renderPage(c, app, {
			title: t(lang, "pairing.title"),
			path: "/pairing",
			body: pairingPage(overview(), lang),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/channels.css")}"><script src="${assetURL("/static/js/pairing.js")}" defer></script>`,
		});
	});

	routes.get("/ui/pairing/list", (c) => c.html(pairingList(overview(), languageOf(c))));

	return routes;
}

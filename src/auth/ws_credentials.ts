/**
 * @module
 * The WebSocket credential check (api-contract B.2) for whoever mounts a socket route:
 * token mode takes `?token=`; gated mode takes `?internal=` (the PTY child's process
 * credential, no fallback when present) else a single-use `?ticket=`, never `?token=`.
 * Gated rejections are audit-logged as `ws_ticket_rejected`.
 */
import type { Context } from "hono";
import { safeEqual } from "../security/session_token.ts";
import { authRuntime } from "./runtime.ts";
import type { AppContext } from "../context.ts";

export type WSCredentialResult =
	| { ok: true; identity: { userId: string; provider: string } }
	| { ok: false; reason: "no_credential" | "token_mismatch" | "ticket_invalid" | "internal_invalid" };

export function checkWSCredential(c: Context, app: AppContext): WSCredentialResult {
	const query = (name: string): string | undefined => c.req.query(name);
	if (app.mode !== "gated") {
		const token = query("token");
		if (token === undefined || token === "") {
			return { ok: false, reason: "no_credential" };
		}
		return safeEqual(token, app.sessionToken)
			? { ok: true, identity: { userId: "session-token", provider: "token" } }
			: { ok: false, reason: "token_mismatch" };
	}
	const reject = (reason: "no_credential" | "ticket_invalid" | "internal_invalid"): WSCredentialResult => {
		const runtime = authRuntime(app);
		runtime.audit("ws_ticket_rejected", { reason, ip: runtime.ip(c), path: c.req.path });
		return { ok: false, reason };
	};
	const internal = query("internal");
	if (internal !== undefined) {
		return internal !== "" && app.wsTickets.verifyInternal(internal)
			? { ok: true, identity: { userId: "server-internal", provider: "internal" } }
			: reject("internal_invalid");
	}
	const ticket = query("ticket");
	if (ticket === undefined || ticket === "") {
		return reject("no_credential");
	}
	const owner = app.wsTickets.consume(ticket);
	return owner === null ? reject("ticket_invalid") : { ok: true, identity: owner };
}

/** The query to hand the dashboard's own children (PTY → `/api/pub`, `/api/ws`). */
export function internalWSQuery(app: AppContext): string {
	return app.mode === "gated"
		? `internal=${encodeURIComponent(app.wsTickets.internalCredential)}`
		: `token=${encodeURIComponent(app.sessionToken)}`;
}

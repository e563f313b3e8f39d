/**
 * @module
 * The admin audit trail: every state-changing `/api` request (POST, PUT, PATCH, DELETE)
 * that passed the credential check appends one JSON line to
 * `<home>/logs/dashboard-admin.log`: when (the app clock), who (the gated session's
 * user, the token principal, or "local"), method and path, the answer's status, and a
 * short target a route may name with `auditTarget()`. Bodies are never logged, and
 * everything written goes through secret redaction.
 *
 * Lazy areas run in a sub-app with their own context, so the middleware hands down a
 * mutable note object (carried over with the parent's variables) instead of reading a
 * variable the sub-app would set on a context it cannot see.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Context, MiddlewareHandler } from "hono";
import { redactSecrets } from "../security/redact.ts";
import type { AppContext, AppEnv } from "../context.ts";

/** What a route adds to its audit line. */
export interface AuditNote {
	target?: string;
}

declare module "hono" {
	interface ContextVariableMap {
		adminAudit?: AuditNote;
	}
}

export const ADMIN_LOG_FILE = "dashboard-admin.log";
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const MAX_TARGET_CHARS = 200;

export interface AdminAuditRecord {
	ts: string;
	user: string;
	method: string;
	path: string;
	status: number;
	target?: string;
}

/** Names what a write acted on (a provider, a hook's event, …); never pass a secret value. */
export function auditTarget(c: Context, target: string): void {
	const note = c.get("adminAudit");
	if (note !== undefined) {
		note.target = redactSecrets(target).slice(0, MAX_TARGET_CHARS);
	}
}

function who(c: Context<AppEnv>): string {
	const session = c.get("authSession");
	if (session !== undefined) {
		return session.email || session.userId || session.displayName || "session";
	}
	const token = c.get("authToken");
	return token !== undefined ? `token:${token.principal}` : "local";
}

/** The audit log of a home. */
export function adminLogPath(home: string): string {
	return join(home, "logs", ADMIN_LOG_FILE);
}

/** Mounted once in `createApp`, after the credential check and before the routes. */
export function adminAudit(app: AppContext): MiddlewareHandler<AppEnv> {
	return async function adminAudit(c, next) {
		if (!WRITE_METHODS.has(c.req.method) || !c.req.path.startsWith("/api/")) {
			await next();
			return;
		}
		const note: AuditNote = {};
		c.set("adminAudit", note);
		try {
			await next();
		} finally {
			const record: AdminAuditRecord = {
				ts: new Date(app.clock.now()).toISOString(),
				user: redactSecrets(who(c)),
				method: c.req.method,
				path: redactSecrets(c.req.path),
				// An exception that escaped every handler becomes the 500 the app answers.
				status: c.finalized ? c.res.status : 500,
				...(note.target !== undefined ? { target: note.target } : {}),
			};
			try {
				mkdirSync(join(app.home, "logs"), { recursive: true, mode: 0o700 });
				appendFileSync(adminLogPath(app.home), `${JSON.stringify(record)}\n`, { mode: 0o600 });
			} catch (error) {
				// The trail must not turn a done write into a failure; say so on the console.
				console.error(`[hermes-dashboard] admin audit log not written: ${(error as Error).message}`);
			}
		}
	};
}

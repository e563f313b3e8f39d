/**
 * @module
 * Per-app auth state that routes and the gate share: the audit logger, the password
 * login rate limiter and the external-URL settings. Created lazily per `AppContext`.
 */
import type { Context } from "hono";
import { auditLogger, type AuditLogger } from "./audit.ts";
import { SlidingWindowLimiter } from "../security/rate_limit.ts";
import { clientIP, cookieScope, externalView, type ExternalSettings, type ExternalView } from "./external_url.ts";
import type { CookieScope } from "./cookies.ts";
import type { AppContext } from "../context.ts";
import type { Clock } from "../hermes/home/clock.ts";

export interface AuthRuntime {
	audit: AuditLogger;
	limiter: SlidingWindowLimiter;
	settings: ExternalSettings;
	clock: Clock;
	view(c: Context): ExternalView;
	scope(c: Context): CookieScope;
	ip(c: Context): string;
}

/** Password logins per client IP per window (api-contract D.4). */
const LOGIN_LIMIT = 10;
const LOGIN_WINDOW_MS = 60_000;

const runtimes = new WeakMap<AppContext, AuthRuntime>();

export function authRuntime(app: AppContext): AuthRuntime {
	let runtime = runtimes.get(app);
	if (runtime === undefined) {
		const settings: ExternalSettings = { publicURL: app.publicURL, trustProxyHeaders: app.trustProxyHeaders };
		runtime = {
			audit: auditLogger(app.home, app.clock),
			limiter: new SlidingWindowLimiter(LOGIN_LIMIT, LOGIN_WINDOW_MS, app.clock),
			settings,
			clock: app.clock,
			view: (c) => externalView(c, settings),
			scope: (c) => cookieScope(externalView(c, settings)),
			ip: (c) => clientIP(c, settings),
		};
		runtimes.set(app, runtime);
	}
	return runtime;
}

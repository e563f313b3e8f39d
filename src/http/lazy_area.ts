/**
 * @module
 * Page areas whose modules load on their first request, so a cold start pays only for
 * the Status page and the layers. The parent app has already run every security layer
 * (Host guard, token or auth gate, CORS, body limit) when a request reaches an area;
 * the area's own sub-app then routes it, with the parent's request variables (CSP nonce,
 * session) carried over and the same error and not-found answers.
 */
import { Hono } from "hono/tiny";
import type { Context, ErrorHandler, Handler, MiddlewareHandler, NotFoundHandler } from "hono";
import type { AppContext, AppEnv } from "../context.ts";

export type AreaFactory = (app: AppContext) => Hono<AppEnv>;

export interface LazyArea {
	/** Hono path patterns the area answers (every method). */
	paths: string[];
	load: () => Promise<AreaFactory>;
}

const PARENT_VARS = Symbol("parentVars");

interface Handlers {
	onError: ErrorHandler<AppEnv>;
	notFound: NotFoundHandler<AppEnv>;
	/** Called once an area's modules are imported (see CreateAppOptions.codeLoaded). */
	codeLoaded?: () => void;
}

/** The area's sub-app with the parent's handlers and variables. */
export function areaApp(app: AppContext, factory: AreaFactory, handlers: Handlers): Hono<AppEnv> {
	const sub = new Hono<AppEnv>();
	sub.use(async function parentVariables(c, next) {
		const vars = (c.env as { [PARENT_VARS]?: Record<string, unknown> } | undefined)?.[PARENT_VARS];
		for (const [key, value] of Object.entries(vars ?? {})) {
			c.set(key as keyof AppEnv["Variables"], value as never);
		}
		await next();
	});
	sub.route("/", factory(app));
	sub.onError(handlers.onError);
	sub.notFound(handlers.notFound);
	return sub;
}

/** Mounts an area whose module is imported on its first request. */
export function mountLazyArea(hono: Hono<AppEnv>, app: AppContext, area: LazyArea, handlers: Handlers): void {
	let sub: Promise<Hono<AppEnv>> | undefined;
	const handler: Handler<AppEnv> = async function lazyArea(c: Context<AppEnv>) {
		sub ??= area.load().then((factory) => {
			handlers.codeLoaded?.();
			return areaApp(app, factory, handlers);
		});
		// The runtime's env (peer address, sockets) stays reachable through the prototype.
		const env = Object.create((c.env as object | undefined) ?? null) as Record<symbol, unknown>;
		env[PARENT_VARS] = c.var;
		return (await sub).fetch(c.req.raw, env);
	};
	for (const path of area.paths) {
		hono.all(path, handler);
	}
}

/**
 * A middleware imported on its first request (the auth gate: only gated binds need it).
 * Concurrent first requests share one import.
 */
export function lazyMiddleware(
	load: () => Promise<MiddlewareHandler<AppEnv>>,
	codeLoaded?: () => void,
): MiddlewareHandler<AppEnv> {
	let middleware: Promise<MiddlewareHandler<AppEnv>> | undefined;
	return async function lazyMiddleware(c, next) {
		middleware ??= load().then((loaded) => {
			codeLoaded?.();
			return loaded;
		});
		return (await middleware)(c, next);
	};
}

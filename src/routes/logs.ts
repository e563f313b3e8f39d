/**
 * @module
 * Logs (api-contract A.5): `GET /api/logs`, the live tail `GET /api/logs/stream` (SSE)
 * and the page at `/logs`.
 *
 * The logs data layer does the work: it confines the file to the home (403 for a path
 * that escapes it, 400 for a FIFO or anything not a regular file), reads without blocking
 * the event loop, and redacts every line with Hermes's patterns (Hermes masks at write
 * time, but other writers, e.g. MCP servers' stderr, do not). The routes validate, call,
 * and write JSON, SSE or the page.
 *
 * The stream is under `/api/` so the session token guards it. EventSource cannot send
 * headers, so the page reads it with `fetch()` (token header included) instead of
 * accepting a `?token=` query that would land in logs and history.
 */
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import { streamSSE } from "hono/streaming";
import * as v from "valibot";
import { ApiError, queryInteger, queryParams } from "../http/validate.ts";
import { homePaths } from "../hermes/home/paths.ts";
import { ConfinementError } from "../hermes/home/confine.ts";
import {
	LOG_COMPONENTS,
	logFilePath,
	levelRank,
	type LogFilter,
	type LogRead,
	readLogLines,
} from "../hermes/logs/files.ts";
import { followLog, LogFollower } from "../hermes/logs/tail.ts";
import { logsPage, type LogsQuery } from "../views/logs.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import { profileFor } from "../http/profile.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute } from "../http/openapi.ts";

const LogsQuerySchema = v.object({
	file: v.optional(v.string(), "agent"),
	lines: v.optional(queryInteger(0, Number.MAX_SAFE_INTEGER), "100"),
	level: v.optional(v.string(), ""),
	component: v.optional(v.string(), "all"),
	search: v.optional(v.string(), ""),
	profile: v.optional(v.string()),
});

const StreamQuerySchema = v.object({
	...LogsQuerySchema.entries,
	from: v.optional(queryInteger(0, Number.MAX_SAFE_INTEGER)),
});

/** Live followers, for tests and diagnostics (a leak shows up here). */
let openStreams = 0;
describeRoute({ method: "GET", path: "/api/logs", summary: "Log lines, filtered", query: LogsQuerySchema });
describeRoute({
	method: "GET",
	path: "/api/logs/stream",
	summary: "Log lines as server-sent events",
	query: StreamQuerySchema,
});

export function activeLogStreams(): number {
	return openStreams;
}

function toFilter(level: string, component: string, search: string): LogFilter {
	const name = component.trim().toLowerCase();
	let prefixes: readonly string[] | null = null;
	if (name !== "" && name !== "all") {
		const known = Object.hasOwn(LOG_COMPONENTS, name) ? LOG_COMPONENTS[name] : undefined;
		if (known === undefined) {
			throw new ApiError(
				400,
				`Unknown component: ${component}. Available: ${Object.keys(LOG_COMPONENTS).join(", ")}`,
			);
		}
		prefixes = known;
	}
	return { minLevel: levelRank(level), prefixes, search: search.toLowerCase() };
}

/** The data layer's refusal of a path, as the client sees it (the target is not named). */
function refusal(error: unknown, file: string): unknown {
	if (!(error instanceof ConfinementError)) {
		return error;
	}
	return error.reason === "outside-home"
		? new ApiError(403, `Log file ${file} resolves outside the Hermes home`)
		: new ApiError(400, `Log file ${file} is not a regular file`);
}

export function logsRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	/** The home the log belongs to (the confinement root) and the log's path in it. */
	function resolve(query: { file: string; profile?: string | undefined }): { home: string; path: string } {
		const profile = profileFor(app, query.profile);
		const home = profile.home;
		const path = logFilePath(profile.paths.logs, query.file);
		if (path === null) {
			throw new ApiError(400, `Unknown log file: ${query.file}`);
		}
		return { home, path };
	}

	routes.get("/api/logs", async (c) => {
		const query = queryParams(c, LogsQuerySchema);
		const { home, path } = resolve(query);
		const filter = toFilter(query.level, query.component, query.search);
		const read = await readLogLines(home, path, query.lines, filter).catch((error: unknown) => {
			throw refusal(error, query.file);
		});
		c.header("X-Hermes-Log-Offset", String(read.offset));
		return c.json({ file: query.file, lines: read.lines });
	});

	routes.get("/api/logs/stream", async (c) => {
		const query = queryParams(c, StreamQuerySchema);
		const { home, path } = resolve(query);
		const filter = toFilter(query.level, query.component, query.search);
		// Opened before the stream starts, so a refused path is a plain 4xx answer.
		const follower = await LogFollower.open(home, path, query.from).catch((error: unknown) => {
			throw refusal(error, query.file);
		});
		return streamSSE(c, async (stream) => {
			const stop = new AbortController();
			stream.onAbort(() => stop.abort());
			c.req.raw.signal?.addEventListener("abort", () => stop.abort());
			openStreams++;
			try {
				await stream.writeSSE({ event: "ready", data: JSON.stringify({ offset: follower.offset }) });
				for await (const event of followLog(follower, filter, { clock: app.clock, signal: stop.signal })) {
					if (event.type === "lines") {
						await stream.writeSSE({
							event: "lines",
							data: JSON.stringify({ offset: event.offset, lines: event.lines }),
						});
					} else {
						await stream.write(": keep-alive\n\n");
					}
				}
			} finally {
				await follower.close();
				openStreams--;
			}
		});
	});

	routes.get("/logs", async (c) => {
		const lang = languageOf(c);
		const raw = c.req.query();
		const query: LogsQuery = {
			file: raw.file !== undefined && logFilePath("", raw.file) !== null ? raw.file : "agent",
			lines: ["50", "100", "200", "500"].includes(raw.lines ?? "") ? Number(raw.lines) : 100,
			level: ["DEBUG", "INFO", "WARNING", "ERROR"].includes((raw.level ?? "").toUpperCase())
				? raw.level!.toUpperCase()
				: "ALL",
			component:
				raw.component !== undefined && Object.hasOwn(LOG_COMPONENTS, raw.component) ? raw.component : "all",
			search: raw.search ?? "",
		};
		const path = logFilePath(homePaths(app.home).logs, query.file)!;
		const filter = toFilter(query.level, query.component, query.search);
		let read: LogRead = { offset: 0, lines: [] };
		let problem: string | undefined;
		try {
			read = await readLogLines(app.home, path, query.lines, filter);
		} catch (error) {
			// A refused file keeps the page (and its file switcher) usable; the reason shows instead of lines.
			const refused = refusal(error, query.file);
			if (!(refused instanceof ApiError)) {
				throw refused;
			}
			problem = refused.message;
		}
		return renderPage(c, app, {
			title: t(lang, "logs.title"),
			path: "/logs",
			body: logsPage(query, read.lines, read.offset, lang, problem),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/logs.css")}"><script src="${assetURL("/static/js/logs.js")}" defer></script>`,
		});
	});

	return routes;
}

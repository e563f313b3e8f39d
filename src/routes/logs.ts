/**
 * @module
 * Logs (api-contract A.5): `GET /api/logs`, the live tail `GET /api/logs/stream` (SSE)
 * and the page at `/logs`.
 *
 * Hermes redacts secrets when it writes a log line; lines are redacted again on the way
 * out, for files other writers fill (e.g. MCP servers' stderr).
 *
 * The stream is under `/api/` so the session token guards it. EventSource cannot send
 * headers, so the page reads it with `fetch()` (token header included) instead of
 * accepting a `?token=` query that would land in logs and history.
 */
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import { streamSSE } from "hono/streaming";
import * as v from "valibot";
import { statSync } from "node:fs";
import { ApiError, queryInteger, queryParams } from "../http/validate.ts";
import { homePaths } from "../hermes/home/paths.ts";
import {
	LineClassifier,
	LOG_COMPONENTS,
	logFilePath,
	levelRank,
	type LogFilter,
	passesLevelAndComponent,
	readLogLines,
} from "../hermes/logs/files.ts";
import { LogFollower } from "../hermes/logs/tail.ts";
import { redactSecrets } from "../security/redact.ts";
import { logsPage, type LogsQuery } from "../views/logs.ts";
import { assetURL } from "../views/assets.ts";
import { t } from "../views/i18n.ts";
import { languageOf, renderPage } from "./render.ts";
import { profileFor } from "../http/profile.ts";
import type { AppContext, AppEnv } from "../context.ts";

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

const POLL_MS = 100;
const HEARTBEAT_MS = 15_000;

/** Live followers, for tests and diagnostics (a leak shows up here). */
let openStreams = 0;
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

function fileSize(path: string): number {
	try {
		return statSync(path).size;
	} catch {
		return 0;
	}
}

export function logsRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	function resolve(query: { file: string; profile?: string | undefined }): string {
		const path = logFilePath(profileFor(app, query.profile).paths.logs, query.file);
		if (path === null) {
			throw new ApiError(400, `Unknown log file: ${query.file}`);
		}
		return path;
	}

	routes.get("/api/logs", (c) => {
		const query = queryParams(c, LogsQuerySchema);
		const path = resolve(query);
		const filter = toFilter(query.level, query.component, query.search);
		// Offset taken before reading: a line written meanwhile may show twice, never zero times.
		c.header("X-Hermes-Log-Offset", String(fileSize(path)));
		return c.json({ file: query.file, lines: readLogLines(path, query.lines, filter).map(redactSecrets) });
	});

	routes.get("/api/logs/stream", (c) => {
		const query = queryParams(c, StreamQuerySchema);
		const path = resolve(query);
		const filter = toFilter(query.level, query.component, query.search);
		return streamSSE(c, async (stream) => {
			const follower = new LogFollower(path, query.from);
			const classifier = new LineClassifier();
			let closed = false;
			openStreams++;
			stream.onAbort(() => {
				closed = true;
			});
			c.req.raw.signal?.addEventListener("abort", () => {
				closed = true;
			});
			try {
				await stream.writeSSE({ event: "ready", data: JSON.stringify({ offset: follower.offset }) });
				let quiet = 0;
				while (!closed && !stream.aborted) {
					const lines = follower.poll().filter((line) => {
						const meta = classifier.classify(line);
						return (
							passesLevelAndComponent(meta, filter) &&
							(filter.search === "" || line.toLowerCase().includes(filter.search))
						);
					});
					if (lines.length > 0) {
						quiet = 0;
						await stream.writeSSE({
							event: "lines",
							data: JSON.stringify({ offset: follower.offset, lines: lines.map(redactSecrets) }),
						});
					} else if ((quiet += POLL_MS) >= HEARTBEAT_MS) {
						quiet = 0;
						await stream.write(": keep-alive\n\n");
					}
					await stream.sleep(POLL_MS);
				}
			} finally {
				follower.close();
				openStreams--;
			}
		});
	});

	routes.get("/logs", (c) => {
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
		const offset = fileSize(path);
		const lines = readLogLines(path, query.lines, toFilter(query.level, query.component, query.search)).map(
			redactSecrets,
		);
		return renderPage(c, app, {
			title: t(lang, "logs.title"),
			path: "/logs",
			body: logsPage(query, lines, offset, lang),
			head: html`<link rel="stylesheet" href="${assetURL("/static/css/logs.css")}"><script src="${assetURL("/static/js/logs.js")}" defer></script>`,
		});
	});

	return routes;
}

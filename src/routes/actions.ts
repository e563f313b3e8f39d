/**
 * @module
 * Background actions over HTTP (api-contract A.13): `GET /api/actions/{name}/status`
 * in Hermes's shape, and our live view `GET /api/actions/{name}/stream` (SSE): the log
 * from a byte offset (default: where the latest run began) as `lines` events, then one `exit` event with
 * the final status when the process has ended and its output is drained.
 */
import { Hono } from "hono/tiny";
import { streamSSE } from "hono/streaming";
import * as v from "valibot";
import { ApiError, queryInteger, queryParams } from "../http/validate.ts";
import { actionRunnerFor } from "../hermes/actions/runner.ts";
import { LogFollower } from "../hermes/logs/tail.ts";
import { redactSecrets } from "../security/redact.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { describeRoute } from "../http/openapi.ts";

const StatusQuery = v.object({
	lines: v.optional(v.pipe(queryInteger(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)), "200"),
});
const StreamQuery = v.object({ from: v.optional(queryInteger(0, Number.MAX_SAFE_INTEGER)) });

const POLL_MS = 100;
const HEARTBEAT_MS = 15_000;

describeRoute({
	method: "GET",
	path: "/api/actions/:name/status",
	summary: "A background action's state and log tail",
	query: StatusQuery,
});
describeRoute({
	method: "GET",
	path: "/api/actions/:name/stream",
	summary: "A background action's log as server-sent events",
	query: StreamQuery,
});

export function actionRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();
	const runner = actionRunnerFor(app);

	function known(name: string): string {
		if (!runner.isKnown(name)) {
			throw new ApiError(404, `Unknown action: ${name}`);
		}
		return name;
	}

	routes.get("/api/actions/:name/status", (c) => {
		const { lines } = queryParams(c, StatusQuery);
		const status = runner.status(known(c.req.param("name")), Math.min(2000, Math.max(1, lines)));
		return c.json({ ...status!, lines: status!.lines.map(redactSecrets) });
	});

	routes.get("/api/actions/:name/stream", (c) => {
		const name = known(c.req.param("name"));
		const { from } = queryParams(c, StreamQuery);
		return streamSSE(c, async (stream) => {
			const follower = await LogFollower.open(app.home, runner.logPath(name), from ?? runner.lastRunOffset(name));
			let closed = false;
			stream.onAbort(() => {
				closed = true;
			});
			try {
				let quiet = 0;
				while (!closed && !stream.aborted) {
					// Status first: output written before the exit is read by the poll below.
					const finished = !runner.isRunning(name);
					const lines = await follower.poll();
					if (lines.length > 0) {
						await stream.writeSSE({
							event: "lines",
							data: JSON.stringify({ offset: follower.offset, lines: lines.map(redactSecrets) }),
						});
					}
					if (finished) {
						await stream.writeSSE({
							event: "exit",
							data: JSON.stringify({ name, running: false, exit_code: runner.exitCode(name) }),
						});
						break;
					}
					quiet = lines.length === 0 ? quiet + POLL_MS : 0;
					if (quiet >= HEARTBEAT_MS) {
						quiet = 0;
						await stream.write(": keep-alive\n\n");
					}
					await stream.sleep(POLL_MS);
				}
			} finally {
				await follower.close();
			}
		});
	});

	return routes;
}

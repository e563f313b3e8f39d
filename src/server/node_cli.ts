/**
 * @module
 * The Node command line: flags and env → options → serve with @hono/node-server. The
 * only Node-specific start-up; everything else lives in the portable app.
 */
import { serve } from "@hono/node-server";
import { flushCompileCache } from "node:module";
import { setFlagsFromString } from "node:v8";
import { parseCommandLine, USAGE, UsageError } from "../options.ts";
import { DASHBOARD_VERSION, displayURL, prepareDashboardWithPlugins } from "../startup.ts";
import { createApp } from "../app.ts";
import { announceReady } from "./ready.ts";
import { hasDisplay, openBrowser } from "./open_browser.ts";
import { createWebSocketLayer } from "./websocket.ts";
import { releaseMemoryWhenIdle } from "../hermes/home/idle_memory.ts";
import { ptyReadinessCheck } from "../pty/readiness.ts";

export async function runNodeCLI(argv: string[]): Promise<void> {
	let command: ReturnType<typeof parseCommandLine>;
	try {
		command = parseCommandLine(argv, process.env);
	} catch (error) {
		if (error instanceof UsageError) {
			process.stderr.write(`hermes-dashboard: ${error.message}\n\n${USAGE}\n`);
			process.exit(2);
		}
		throw error;
	}
	if (command.kind === "help") {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	if (command.kind === "version") {
		process.stdout.write(`hermes-dashboard ${DASHBOARD_VERSION}\n`);
		return;
	}
	if (command.kind === "hash-password") {
		const { runHashPassword } = await import("../auth/hash_password_cli.ts");
		process.exitCode = await runHashPassword();
		return;
	}
	const options = command.options;
	const prepared = await prepareDashboardWithPlugins(options, process.env);
	if (!prepared.ok) {
		process.stderr.write(`${prepared.message}\n`);
		process.exit(1);
	}
	for (const warning of prepared.warnings) {
		process.stderr.write(`${warning}\n`);
	}
	if (prepared.createdHome) {
		process.stderr.write(`Created a new Hermes home at ${options.home}\n`);
	}
	const context = prepared.app;
	context.terminalAvailable = true;
	context.readinessChecks.push(ptyReadinessCheck());
	const app = createApp(context, { codeLoaded: persistCompileCacheSoon });
	// WebSockets (PTY, JSON-RPC bridge, event fan-out) run their own checks ahead of the HTTP layers.
	const sockets = createWebSocketLayer(context, app.fetch);
	const noteActivity = releaseMemoryWhenIdle();
	const fetch: typeof sockets.fetch = (...input) => {
		noteActivity();
		return sockets.fetch(...input);
	};
	const server = serve(
		{ fetch, port: options.port, hostname: options.host, websocket: sockets.websocket },
		(info) => {
			context.port = info.port;
			announceReady(options.host, info.port, process.env);
			// Persist the compile cache now: a dashboard is usually stopped by a signal.
			flushCompileCache?.();
			// Start-up allocates a lot at once (a large young generation keeps that fast); a
			// dashboard then idles most of its life, where a small one keeps RSS low. The
			// maximum is fixed when the heap is created, so what holds the young generation
			// down from here is the growth factor: once the idle collection (idle_memory.ts)
			// has shrunk it, a burst of requests no longer doubles it again (measured with
			// bench/memory.ts: about 18 MB less private memory right after the workload).
			setFlagsFromString("--max-semi-space-size=1");
			setFlagsFromString("--semi-space-growth-factor=1");
			// V8's memory-saving heuristics (slower heap growth, earlier collections, code
			// flushing) for the rest of the process's life, worker threads included: about
			// 10 MB less private memory after a working session (bench/memory.ts), with no
			// measurable change in request times (bench/sessions.ts).
			setFlagsFromString("--optimize-for-size");
			// The next full collection when the old generation is 10% over what the last one
			// kept, not V8's dynamic 1.1–4×: garbage from a burst of requests is collected
			// sooner. About 2 MB less private memory right after a working session; request
			// times (bench/sessions.ts, bench/big_home.ts) and PTY throughput unchanged.
			setFlagsFromString("--heap-growing-percent=10");
			if (options.open && hasDisplay(process.env)) {
				openBrowser(displayURL(options.host, info.port));
			}
		},
	);
	server.on("error", (error: NodeJS.ErrnoException) => {
		process.stderr.write(
			`hermes-dashboard: cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}\n`,
		);
		process.exit(1);
	});
	const shutdown = (): void => {
		server.close();
		// Every PTY and gateway child is killed and reaped before we go.
		void sockets.close().then(() => process.exit(0));
		// Open keep-alive sockets must not hold the process.
		setTimeout(() => process.exit(0), 2500).unref();
	};
	process.on("SIGINT", shutdown);
	process.on("SIGTERM", shutdown);
}

let persistScheduled = false;

/**
 * Node keeps the compile-cache entry of every module loaded since the last flush in memory
 * (code cache and stripped source, ~1 MB after a working session's areas) until it writes
 * them out. Writing right after an area loads frees them and keeps the cache complete for
 * the next start even if this one is killed.
 */
function persistCompileCacheSoon(): void {
	if (persistScheduled) return;
	persistScheduled = true;
	setImmediate(() => {
		persistScheduled = false;
		flushCompileCache?.();
	}).unref();
}

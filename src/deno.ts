/**
 * @module
 * Deno entry: the same options and app as Node, served with `Deno.serve`. The PTY
 * WebSocket is Node-only; everything else is the same code.
 */
import { parseCommandLine, USAGE, UsageError } from "./options.ts";
import { DASHBOARD_VERSION, displayURL, prepareDashboardWithPlugins } from "./startup.ts";
import { createApp } from "./app.ts";

declare const Deno: {
	args: string[];
	env: { toObject(): Record<string, string> };
	exit(code: number): never;
	serve(
		options: { port: number; hostname: string; onListen?: (addr: { port: number }) => void },
		handler: (request: Request, info: unknown) => Response | Promise<Response>,
	): unknown;
};

async function main(): Promise<void> {
	const env = Deno.env.toObject();
	let command: ReturnType<typeof parseCommandLine>;
	try {
		command = parseCommandLine(Deno.args, env);
	} catch (error) {
		if (error instanceof UsageError) {
			console.error(`hermes-dashboard: ${error.message}\n\n${USAGE}`);
			Deno.exit(2);
		}
		throw error;
	}
	if (command.kind === "help") {
		console.log(USAGE);
		return;
	}
	if (command.kind === "version") {
		console.log(`hermes-dashboard ${DASHBOARD_VERSION}`);
		return;
	}
	if (command.kind === "hash-password") {
		console.error("hash-password: run it with Node (npx hermes-dashboard hash-password)");
		Deno.exit(2);
	}
	const options = command.options;
	const prepared = await prepareDashboardWithPlugins(options, env);
	if (!prepared.ok) {
		console.error(prepared.message);
		Deno.exit(1);
	}
	for (const warning of prepared.warnings) {
		console.error(warning);
	}
	const context = prepared.app;
	const app = createApp(context);
	Deno.serve(
		{
			port: options.port,
			hostname: options.host,
			onListen: ({ port }) => {
				context.port = port;
				console.log(`HERMES_DASHBOARD_READY port=${port}\n  Hermes Web UI → ${displayURL(options.host, port)}`);
			},
		},
		(request, info) => app.fetch(request, info),
	);
}

void main();

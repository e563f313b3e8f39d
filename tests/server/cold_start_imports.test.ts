/**
 * What a cold start imports: only the layers and `/api/status`. Page areas, the auth
 * gate, the WebSocket routes and node-pty load on first use (module loading is most of
 * a Node start, and of its idle memory). Traced in a real process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MAIN, startServer, type RunningServer } from "../helpers/server.ts";
import { copyFixtureHome } from "../helpers/app.ts";

const TRACER = fileURLToPath(new URL("../helpers/trace_imports.mjs", import.meta.url));

/** Modules only a page, a mode or a terminal needs. */
const LAZY_MODULES = [
	"/src/routes/status_page.ts",
	"/src/routes/sessions.ts",
	"/src/routes/sessions_ui.ts",
	"/src/routes/assets.ts",
	"/src/routes/config.ts",
	"/src/routes/pty.ts",
	"/src/routes/ws_bridge.ts",
	"/src/auth/gate.ts",
	"/src/views/layout.ts",
	"/src/pty/session.ts",
	"/node_modules/valibot/",
	"/node_modules/node-pty/",
	"/node_modules/ws/",
];

describe("cold start imports", () => {
	const trace = join(mkdtempSync(join(tmpdir(), "trace-")), "imports.txt");
	let server: RunningServer;
	const loaded = (): string[] => readFileSync(trace, "utf8").split("\n").filter(Boolean);

	beforeAll(async () => {
		writeFileSync(trace, "");
		server = await startServer({
			command: [process.execPath, "--import", TRACER, MAIN],
			args: ["--home", copyFixtureHome()],
			env: { TRACE_IMPORTS_FILE: trace },
		});
	});
	afterAll(() => server?.stop());

	it("serves /api/status without loading any page area", async () => {
		expect((await fetch(`${server.baseURL}/api/status`)).status).toBe(200);
		const modules = loaded();
		expect(modules.some((url) => url.endsWith("/src/routes/status.ts"))).toBe(true);
		for (const lazy of LAZY_MODULES) {
			expect(
				modules.filter((url) => url.includes(lazy)),
				lazy,
			).toEqual([]);
		}
	});

	it("loads an area on its first request", async () => {
		expect((await fetch(`${server.baseURL}/`)).status).toBe(200);
		const modules = loaded();
		expect(modules.some((url) => url.endsWith("/src/routes/status_page.ts"))).toBe(true);
		expect(modules.some((url) => url.endsWith("/src/views/layout.ts"))).toBe(true);
		expect(modules.some((url) => url.endsWith("/src/routes/config.ts"))).toBe(false);
	});
});

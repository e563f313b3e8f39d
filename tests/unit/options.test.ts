import { describe, expect, it } from "vitest";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseCommandLine, UsageError } from "../../src/options.ts";

function serve(argv: string[], env: Record<string, string | undefined> = {}) {
	const command = parseCommandLine(argv, env);
	if (command.kind !== "serve") {
		throw new Error(`expected serve, got ${command.kind}`);
	}
	return command.options;
}

describe("parseCommandLine", () => {
	it("defaults: 127.0.0.1:9119, ~/.hermes, open browser, secure", () => {
		const options = serve([]);
		expect(options).toEqual({
			home: join(homedir(), ".hermes"),
			host: "127.0.0.1",
			port: 9119,
			open: true,
			insecure: false,
			sessionToken: undefined,
			trustProxyHeaders: false,
		});
	});

	it("flags beat env, env beats defaults", () => {
		const env = { HERMES_HOME: "/srv/hermes", HERMES_DASHBOARD_PORT: "8000", HERMES_DASHBOARD_HOST: "0.0.0.0" };
		expect(serve([], env)).toMatchObject({ home: "/srv/hermes", port: 8000, host: "0.0.0.0" });
		expect(serve(["--home", "/x", "--port", "0", "--host", "::1"], env)).toMatchObject({
			home: "/x",
			port: 0,
			host: "::1",
		});
	});

	it("treats empty env values as unset", () => {
		const options = serve([], { HERMES_HOME: "", PORT: " ", HOST: "", HERMES_DASHBOARD_SESSION_TOKEN: "" });
		expect(options.home).toBe(join(homedir(), ".hermes"));
		expect(options.port).toBe(9119);
		expect(options.host).toBe("127.0.0.1");
		expect(options.sessionToken).toBeUndefined();
	});

	it("reads PORT/HOST as container fallbacks and the desktop's session token", () => {
		expect(serve([], { PORT: "7000", HOST: "0.0.0.0", HERMES_DASHBOARD_SESSION_TOKEN: "abc" })).toMatchObject({
			port: 7000,
			host: "0.0.0.0",
			sessionToken: "abc",
		});
	});

	it("--no-open and --insecure", () => {
		expect(serve(["--no-open", "--insecure"])).toMatchObject({ open: false, insecure: true });
		expect(serve([], { HERMES_DASHBOARD_NO_OPEN: "1" }).open).toBe(false);
	});

	it("--help and --version", () => {
		expect(parseCommandLine(["--help"], {}).kind).toBe("help");
		expect(parseCommandLine(["--version"], {}).kind).toBe("version");
	});

	it.each([["--port", "70000"], ["--port", "abc"], ["--port", "-1"], ["--bogus"]])("rejects %s %s", (...argv) => {
		expect(() => parseCommandLine(argv.filter(Boolean) as string[], {})).toThrow(UsageError);
	});

	it("rejects a bad port from the environment", () => {
		expect(() => parseCommandLine([], { PORT: "http" })).toThrow(/Invalid port/);
	});

	it("expands ~/ in --home", () => {
		expect(serve(["--home", "~/h"]).home).toBe(join(homedir(), "h"));
	});
});

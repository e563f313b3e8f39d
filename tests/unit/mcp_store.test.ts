/**
 * The mcp_servers writer's compare-and-swap: a change another writer makes between our
 * read and our rename is merged (the edit is re-applied to the new content), never
 * lost. Plus `${VAR}` expansion and the probe deadline as Hermes's probe does them.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyFixtureHome } from "../helpers/app.ts";
import { editServers, McpEditError } from "../../src/hermes/mcp/store.ts";
import { interpolateEnv, probeTimeoutSeconds } from "../../src/hermes/mcp/probe.ts";
import { parseConfigText } from "../../src/hermes/config/yaml.ts";

describe("editServers", () => {
	it("re-applies the edit when another writer changed the file after our read", async () => {
		const path = join(copyFixtureHome(), "config.yaml");
		let calls = 0;
		await editServers(path, {}, (servers) => {
			calls++;
			if (calls === 1) {
				// Another writer (Hermes itself) saves between our read and our rename.
				writeFileSync(path, readFileSync(path, "utf8").replace("max_turns: 60", "max_turns: 75"));
			}
			servers.added = { url: "http://127.0.0.1:1/mcp" };
			return { servers, result: undefined };
		});
		expect(calls).toBe(2);
		const config = parseConfigText(readFileSync(path, "utf8"));
		expect((config.agent as Record<string, unknown>).max_turns).toBe(75);
		expect(Object.keys(config.mcp_servers as object)).toEqual(["local-notes", "added"]);
	});

	it("gives up with a 409 when the file never holds still, leaving the other writer's content", async () => {
		const path = join(copyFixtureHome(), "config.yaml");
		let turn = 0;
		const attempt = editServers(path, {}, (servers) => {
			turn++;
			writeFileSync(path, `${readFileSync(path, "utf8")}# writer ${turn}\n`);
			servers.never = { url: "http://x" };
			return { servers, result: undefined };
		});
		await expect(attempt).rejects.toBeInstanceOf(McpEditError);
		await expect(attempt).rejects.toMatchObject({ status: 409 });
		const text = readFileSync(path, "utf8");
		expect(text).toContain(`# writer ${turn}\n`);
		expect(text).not.toContain("never");
	});

	it("refuses to edit a file that does not parse (409), leaving it as it is", async () => {
		const path = join(copyFixtureHome(), "config.yaml");
		writeFileSync(path, "mcp_servers: [unclosed\n");
		await expect(editServers(path, {}, (servers) => ({ servers, result: undefined }))).rejects.toMatchObject({
			status: 409,
		});
		expect(readFileSync(path, "utf8")).toBe("mcp_servers: [unclosed\n");
	});
});

describe("interpolateEnv", () => {
	it("expands ${VAR} and ${env:VAR} everywhere; unset names keep the placeholder", () => {
		expect(
			interpolateEnv(
				{ headers: { Authorization: "Bearer ${TOKEN}" }, args: ["--key=${env:KEY}", "${MISSING}"], timeout: 5 },
				{ TOKEN: "t0k", KEY: "k3y" },
			),
		).toEqual({ headers: { Authorization: "Bearer t0k" }, args: ["--key=k3y", "${MISSING}"], timeout: 5 });
	});
});

describe("probeTimeoutSeconds", () => {
	it("is connect_timeout (default 30), at least 1 s and bounded so timers cannot overflow", () => {
		expect(probeTimeoutSeconds({})).toBe(30);
		expect(probeTimeoutSeconds({ connect_timeout: "5" })).toBe(5);
		expect(probeTimeoutSeconds({ connect_timeout: 0.2 })).toBe(1);
		expect(probeTimeoutSeconds({ connect_timeout: 1e12 })).toBe(3600);
		expect(probeTimeoutSeconds({ connect_timeout: "soon" })).toBe(30);
	});
});

/**
 * Webhooks, pairing and channels under Deno (the npm `deno` package's binary): the same
 * app creates a webhook, approves a pairing code (salted hash), and configures a channel.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useDenoDashboard } from "../helpers/deno_server.ts";
import { sessionTokenOf } from "../helpers/dom.ts";
import { FIXTURE_ANCHOR_SECONDS } from "../helpers/server.ts";
import { parseEnv } from "../../src/hermes/env/dotenv.ts";

const deno = useDenoDashboard();
let token: string;

beforeAll(async () => {
	token = sessionTokenOf(await (await fetch(`${deno.server.baseURL}/channels`)).text());
});

function send(method: string, path: string, body?: unknown): Promise<Response> {
	return fetch(`${deno.server.baseURL}${path}`, {
		method,
		headers: { "X-Hermes-Session-Token": token, "Content-Type": "application/json" },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

describe("channels areas under Deno", () => {
	it("creates a webhook with a one-time secret", async () => {
		const created = await (await send("POST", "/api/webhooks", { name: "deno-hook" })).json();
		expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const stored = JSON.parse(readFileSync(join(deno.home, "webhook_subscriptions.json"), "utf8"));
		expect(stored["deno-hook"].secret).toBe(created.secret);
	});

	it("approves a pairing code and locks out after failures", async () => {
		const salt = randomBytes(16);
		const path = join(deno.home, "platforms", "pairing", "telegram-pending.json");
		writeFileSync(
			path,
			JSON.stringify({
				ffee: {
					hash: createHash("sha256").update(salt).update("DENO2345").digest("hex"),
					salt: salt.toString("hex"),
					user_id: "31337",
					user_name: "Deno",
					created_at: FIXTURE_ANCHOR_SECONDS,
				},
			}),
		);
		const approved = await send("POST", "/api/pairing/approve", { platform: "telegram", code: "deno2345" });
		expect(await approved.json()).toEqual({ ok: true, user: { user_id: "31337", user_name: "Deno" } });
		const statuses: number[] = [];
		for (let attempt = 0; attempt < 5; attempt++) {
			statuses.push(
				(await send("POST", "/api/pairing/approve", { platform: "discord", code: "NOPE2345" })).status,
			);
		}
		expect(statuses).toEqual([404, 404, 404, 404, 429]);
	});

	it("configures a channel and reports it masked", async () => {
		const put = await send("PUT", "/api/messaging/platforms/slack", {
			env: { SLACK_BOT_TOKEN: "xoxb-deno-0000-1111" },
		});
		expect(put.status).toBe(200);
		expect(parseEnv(readFileSync(join(deno.home, ".env"), "utf8")).get("SLACK_BOT_TOKEN")).toBe(
			"xoxb-deno-0000-1111",
		);
		const text = await (await send("GET", "/api/messaging/platforms")).text();
		expect(text).not.toContain("xoxb-deno-0000-1111");
		expect(JSON.parse(text).platforms[2].env_vars[0]).toMatchObject({
			is_set: true,
			redacted_value: "xoxb...1111",
		});
	});
});

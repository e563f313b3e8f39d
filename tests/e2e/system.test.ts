/**
 * The System page in real Chromium on a copy of the fixture home: every section renders
 * from the fixture, the host sparklines fill from live stats, a pooled key is added and
 * removed, a hook is created and deleted, and the admin activity lists those writes.
 */
import { describe, expect, it } from "vitest";
import { hostname } from "node:os";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { useDashboardInBrowser } from "../helpers/browser.ts";

const dash = useDashboardInBrowser();

function pool(): Record<string, { label: string; access_token?: string }[]> {
	return JSON.parse(readFileSync(join(dash.home, "auth.json"), "utf8")).credential_pool;
}

function hooksInConfig(): unknown {
	const out = execFileSync(
		"python3",
		[
			"-c",
			"import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])).get('hooks')))",
			join(dash.home, "config.yaml"),
		],
		{ encoding: "utf8" },
	);
	return JSON.parse(out);
}

describe("System page in Chromium", () => {
	it("renders every section from the fixture and draws live sparklines", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/system`);
		await page.waitForSelector(".sys-page[data-ready]");
		expect(await page.locator("nav a[aria-current=page]").textContent()).toContain("System");
		expect(await page.locator("[data-testid=stat-hostname]").textContent()).toBe(hostname());
		expect(await page.locator("[data-testid=portal-provider]").textContent()).toBe("anthropic");
		expect(await page.locator("[data-testid=gateway-state]").textContent()).toBe("Stopped");
		expect(await page.locator("[data-testid=pool-row]").count()).toBe(2);
		expect(await page.locator("[data-testid=sys-hooks] .sys-warning").textContent()).toContain(
			"arbitrary commands",
		);
		for (const name of ["host", "updates", "portal", "gateway", "curator", "memory", "pool", "hooks", "audit"]) {
			expect(await page.locator(`[data-testid=sys-${name}]`).count(), name).toBe(1);
		}
		// The update check answers (this fixture has no Hermes install: it says so).
		await expect
			.poll(() => page.locator("[data-testid=update-summary]").textContent(), { timeout: 15_000 })
			.toContain("not installed");
		// Two stats polls later the CPU sparkline has a line.
		await expect
			.poll(() => page.locator('[data-spark="cpu"] polyline').getAttribute("points"), { timeout: 15_000 })
			.toMatch(/^\S+,\S+ \S+,\S+/);
		expect(dash.browser.errors).toEqual([]);
	});

	it("adds a pooled key, then removes it after confirming", async () => {
		const { page } = dash.browser;
		const secret = "sk-e2e-pool-secret-0123456789abcdef";
		await page.goto(`${dash.server.baseURL}/system`);
		await page.waitForSelector(".sys-page[data-ready]");
		const form = page.locator("[data-testid=pool-add]");
		await form.locator("input[name=provider]").fill("OpenAI");
		await form.locator("input[name=api_key]").fill(secret);
		await form.locator("input[name=label]").fill("e2e key");
		await form.locator("button[type=submit]").click();
		const row = page.locator('[data-testid=pool-row][data-label="e2e key"]');
		await expect.poll(() => row.count()).toBe(1);
		expect(await row.textContent()).toContain("sk-e...cdef");
		expect(pool().openai).toEqual([expect.objectContaining({ label: "e2e key", access_token: secret })]);
		expect(await page.content()).not.toContain(secret);

		page.once("dialog", (dialog) => void dialog.accept());
		await row.locator("button[data-call]").click();
		await expect.poll(() => row.count()).toBe(0);
		expect(pool().openai).toBeUndefined();
		expect(pool().anthropic).toHaveLength(2);
		// Both writes are in the admin activity, without the key.
		const audit = page.locator("[data-testid=sys-audit]");
		await expect.poll(() => audit.locator("[data-testid=audit-row]").count()).toBe(2);
		expect(await audit.textContent()).toContain("credential pool add openai");
		expect(readFileSync(join(dash.home, "logs", "dashboard-admin.log"), "utf8")).not.toContain(secret);
	});

	it("creates a hook with consent, then deletes it", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/system`);
		await page.waitForSelector(".sys-page[data-ready]");
		const form = page.locator("[data-testid=hook-add]");
		await form.locator("select[name=event]").selectOption("post_tool_call");
		await form.locator("input[name=command]").fill("/bin/true --e2e");
		await form.locator("input[name=matcher]").fill("terminal");
		await form.locator("input[name=timeout]").fill("15");
		// Consent is opt-in: unticked until the user ticks it.
		expect(await form.locator("input[name=approve]").isChecked()).toBe(false);
		await form.locator("input[name=approve]").check();
		await form.locator("button[type=submit]").click();
		const row = page.locator('[data-testid=hook-row][data-event="post_tool_call"]');
		await expect.poll(() => row.count()).toBe(1);
		expect(await row.textContent()).toContain("approved");
		expect(hooksInConfig()).toEqual({
			post_tool_call: [{ command: "/bin/true --e2e", matcher: "terminal", timeout: 15 }],
		});

		page.once("dialog", (dialog) => void dialog.accept());
		await row.locator("button[data-call]").click();
		await expect.poll(() => row.count()).toBe(0);
		expect(hooksInConfig()).toBeNull();
		expect(JSON.parse(readFileSync(join(dash.home, "shell-hooks-allowlist.json"), "utf8"))).toEqual({
			approvals: [],
		});
		expect(dash.browser.errors).toEqual([]);
	});

	it("shows a refused write in its section", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/system`);
		await page.waitForSelector(".sys-page[data-ready]");
		const form = page.locator("[data-testid=hook-add]");
		await form.locator("input[name=command]").fill("   ");
		await form.locator("button[type=submit]").click();
		await expect
			.poll(() => page.locator("[data-testid=sys-hooks] .sys-error").textContent())
			.toBe("event and command are required");
		dash.browser.errors.length = 0; // the deliberate 400 logs a console error
	});

	it("without Hermes installed, Start explains what to install", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/system`);
		await page.waitForSelector(".sys-page[data-ready]");
		expect(await page.locator("[data-testid=not-installed]").count()).toBe(1);
		await page.locator('[data-testid=sys-gateway] button[data-call="POST /api/gateway/start"]').click();
		await expect
			.poll(() => page.locator("[data-testid=sys-gateway] .sys-error").textContent())
			.toMatch(/^Failed to start gateway: Hermes Agent is not installed/);
		dash.browser.errors.length = 0; // the refused action logs a console error
	});

	it("pauses the curator, and resets memory only after the confirmation is accepted", async () => {
		const { page } = dash.browser;
		mkdirSync(join(dash.home, "memories"), { recursive: true });
		writeFileSync(join(dash.home, "memories", "MEMORY.md"), "remember this\n");
		await page.goto(`${dash.server.baseURL}/system`);
		await page.waitForSelector(".sys-page[data-ready]");
		await page.locator("[data-testid=curator-toggle]").click();
		await expect.poll(() => page.locator("[data-testid=curator-paused]").count()).toBe(1);
		expect(JSON.parse(readFileSync(join(dash.home, "skills", ".curator_state"), "utf8")).paused).toBe(true);

		const reset = page.locator('[data-testid=sys-memory] button[data-call="POST /api/memory/reset"]');
		page.once("dialog", (dialog) => void dialog.dismiss());
		await reset.click();
		expect(existsSync(join(dash.home, "memories", "MEMORY.md"))).toBe(true);
		page.once("dialog", (dialog) => void dialog.accept());
		await reset.click();
		await expect.poll(() => page.locator("[data-testid=memory-bytes]").textContent()).toBe("0 bytes");
		expect(existsSync(join(dash.home, "memories", "MEMORY.md"))).toBe(false);
		expect(dash.browser.errors).toEqual([]);
	});
});

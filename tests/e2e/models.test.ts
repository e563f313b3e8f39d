/**
 * The Models page in real Chromium: the main model card, picking a provider and model
 * and reading the assignment back from config.yaml (python's yaml), an expensive model's
 * confirmation, an auxiliary slot, the MoA preset, and per-model usage.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useDashboardInBrowser } from "../helpers/browser.ts";

const dash = useDashboardInBrowser();

function config(): any {
	return JSON.parse(
		execFileSync(
			"python3",
			[
				"-c",
				"import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
				join(dash.home, "config.yaml"),
			],
			{ encoding: "utf8" },
		),
	);
}

describe("Models page in Chromium", () => {
	it("shows the main model and per-model usage", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/models`);
		expect(await page.getByTestId("models-current-model").textContent()).toBe("claude-sonnet-4-6");
		expect(await page.getByTestId("models-current-provider").textContent()).toBe("anthropic");
		const rows = page.getByTestId("models-usage-row");
		const monthRows = await rows.count();
		expect(monthRows).toBeGreaterThan(3);
		expect(await rows.first().textContent()).toContain("claude-sonnet-4-6");
		await page.locator("#models-days").selectOption("7");
		await page.waitForURL(/days=7/);
		// The fixture's last week used fewer models than its last month.
		const weekRows = await page.getByTestId("models-usage-row").count();
		expect(weekRows).toBeGreaterThan(0);
		expect(weekRows).toBeLessThan(monthRows);
	});

	it("sets the main model through the picker and reads it back in config.yaml", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/models`);
		await page.getByTestId("models-provider").selectOption("deepseek");
		expect(
			await page
				.locator("#models-model-list option")
				.evaluateAll((nodes) => nodes.map((node) => (node as HTMLOptionElement).value)),
		).toContain("deepseek-chat");
		await page.getByTestId("models-model").fill("deepseek-chat");
		await Promise.all([page.waitForEvent("load"), page.getByTestId("models-main-save").click()]);
		expect(await page.getByTestId("models-current-model").textContent()).toBe("deepseek-chat");
		expect(config().model).toEqual({ default: "deepseek-chat", provider: "deepseek" });
	});

	it("asks before storing an expensive model; declining writes nothing", async () => {
		const { page } = dash.browser;
		await page.getByTestId("models-provider").selectOption("openai-api");
		await page.getByTestId("models-model").fill("o1-pro");
		// The confirm() blocks the click until it is answered, so it is answered from the event.
		const prompts: string[] = [];
		page.once("dialog", (prompt) => {
			prompts.push(prompt.message());
			void prompt.dismiss();
		});
		await page.getByTestId("models-main-save").click();
		await expect.poll(() => prompts.length).toBe(1);
		expect(prompts[0]).toMatch(/^!!! EXPENSIVE MODEL WARNING !!!/);
		expect(config().model.default).toBe("deepseek-chat");
	});

	it("assigns an auxiliary slot and saves the MoA preset", async () => {
		const { page } = dash.browser;
		await page.goto(`${dash.server.baseURL}/models`);
		const vision = page.getByTestId("models-aux-row").filter({ hasText: "vision" });
		await vision.locator('input[name="provider"]').fill("anthropic");
		await vision.locator('input[name="model"]').fill("claude-haiku-4-5");
		await Promise.all([page.waitForEvent("load"), vision.getByRole("button", { name: "Save" }).click()]);
		expect(config().auxiliary.vision).toMatchObject({ provider: "anthropic", model: "claude-haiku-4-5" });
		expect(
			await page
				.getByTestId("models-aux-row")
				.filter({ hasText: "vision" })
				.locator('input[name="model"]')
				.inputValue(),
		).toBe("claude-haiku-4-5");

		await page.getByTestId("models-moa-references").fill("anthropic:claude-opus-4-7\ndeepseek:deepseek-chat");
		await page.locator('#models-moa-form input[name="max_tokens"]').fill("2048");
		await Promise.all([page.waitForEvent("load"), page.getByTestId("models-moa-save").click()]);
		expect(config().moa.presets.default).toMatchObject({
			max_tokens: 2048,
			reference_models: [
				{ provider: "anthropic", model: "claude-opus-4-7" },
				{ provider: "deepseek", model: "deepseek-chat" },
			],
		});
		expect(await page.getByTestId("models-moa-references").inputValue()).toBe(
			"anthropic:claude-opus-4-7\ndeepseek:deepseek-chat",
		);
		expect(dash.browser.errors).toEqual([]);
	});
});

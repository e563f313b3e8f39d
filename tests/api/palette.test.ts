/**
 * `GET /api/palette`: the command palette's search over pages, sessions, config fields,
 * API key names, cron jobs and skills, on a copy of the fixture home.
 */
import { describe, expect, it } from "vitest";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeContext, testClient } from "../helpers/app.ts";
import { $, $$, parseHTML } from "../helpers/dom.ts";
import { MAX_LIMIT, MAX_QUERY_LENGTH, matchRank } from "../../src/routes/palette.ts";
import { NAV_ITEMS } from "../../src/views/nav.ts";

interface Result {
	kind: string;
	label: string;
	detail: string;
	url: string;
}

function setup() {
	const context = makeContext();
	const request = testClient(context);
	const search = async (query: string) => {
		const response = await request(`/api/palette${query}`);
		return {
			status: response.status,
			body: (await response.json()) as { q: string; results: Result[]; detail?: unknown },
		};
	};
	return { context, request, search };
}

describe("GET /api/palette", () => {
	it("lists every page when the query is empty", async () => {
		const { search } = setup();
		const { status, body } = await search("");
		expect(status).toBe(200);
		expect(body.q).toBe("");
		expect(body.results.map((r) => r.url)).toEqual(NAV_ITEMS.map((item) => item.path));
		expect(body.results.every((r) => r.kind === "page")).toBe(true);
	});

	it("finds a session by its title and links to the sessions search for its id", async () => {
		const { search } = setup();
		const { body } = await search("?q=vector%20data");
		const session = body.results.find((r) => r.kind === "session");
		expect(session).toEqual({
			kind: "session",
			label: "Compare vector databases for RAG prototype",
			detail: expect.any(String),
			url: expect.stringMatching(/^\/sessions\?q=\d{8}_\d{6}_[0-9a-f]+$/),
		});
	});

	it("finds a config field by its key and by its description", async () => {
		const { search } = setup();
		const byKey = (await search("?q=agent.max_turns")).body.results;
		expect(byKey[0]).toEqual({
			kind: "config",
			label: "Agent → Max Turns",
			detail: "agent.max_turns",
			url: "/config#agent.max_turns",
		});
		const byLabel = (await search("?q=max%20turns")).body.results;
		expect(byLabel.some((r) => r.detail === "agent.max_turns")).toBe(true);
	});

	it("finds API keys by name and never answers their values", async () => {
		const { search, context } = setup();
		const { body } = await search("?q=anthropic_api");
		const key = body.results.find((r) => r.label === "ANTHROPIC_API_KEY");
		expect(key).toEqual({ kind: "env", label: "ANTHROPIC_API_KEY", detail: "set", url: "/env#ANTHROPIC_API_KEY" });
		const secret = (await import("node:fs"))
			.readFileSync(join(context.home, ".env"), "utf8")
			.match(/ANTHROPIC_API_KEY=(.*)/)?.[1];
		expect(secret).toBeTruthy();
		expect(JSON.stringify(body)).not.toContain(secret!.replace(/^["']|["']$/g, ""));
		const unset = (await search("?q=XAI_API_KEY")).body.results.find((r) => r.label === "XAI_API_KEY");
		expect(unset?.detail).toBe("not set");
	});

	it("finds a cron job by name and a skill by name", async () => {
		const { search } = setup();
		const cron = (await search("?q=morning")).body.results.find((r) => r.kind === "cron");
		expect(cron).toEqual({
			kind: "cron",
			label: "Morning briefing",
			detail: "0 8 * * *",
			url: "/cron#2e361a111a9e",
		});
		const skill = (await search("?q=log-tri")).body.results.find((r) => r.kind === "skill");
		expect(skill?.label).toBe("log-triage");
		expect(skill?.url).toBe("/skills#log-triage");
	});

	it("ranks a prefix match before a match inside a word", () => {
		expect(matchRank("Sessions", "sess")).toBe(0);
		expect(matchRank("agent.max_turns", "max")).toBe(1);
		expect(matchRank("Analytics", "lyt")).toBe(2);
		expect(matchRank("Logs", "zz")).toBeNull();
	});

	it("puts a matching page first and honours the limit", async () => {
		const { search } = setup();
		expect((await search("?q=sess")).body.results[0]).toMatchObject({ kind: "page", url: "/sessions" });
		const limited = (await search("?q=a&limit=3")).body.results;
		expect(limited).toHaveLength(3);
		expect((await search("?q=a")).body.results.length).toBeLessThanOrEqual(20);
		expect((await search(`?q=a&limit=${MAX_LIMIT}`)).body.results.length).toBe(MAX_LIMIT);
	});

	it("still answers when a source is broken", async () => {
		const { search, context } = setup();
		writeFileSync(join(context.home, "cron", "jobs.json"), "{not json");
		rmSync(join(context.home, "state.db"));
		const { status, body } = await search("?q=max_turns");
		expect(status).toBe(200);
		expect(body.results.some((r) => r.kind === "config")).toBe(true);
	});

	it("answers 4xx for bad input and Hermes's profile errors", async () => {
		const { search } = setup();
		// Query validation answers FastAPI's 422, as every other endpoint here.
		expect((await search(`?q=${"x".repeat(MAX_QUERY_LENGTH + 1)}`)).status).toBe(422);
		expect((await search("?limit=0")).status).toBe(422);
		expect((await search(`?limit=${MAX_LIMIT + 1}`)).status).toBe(422);
		expect((await search("?limit=abc")).status).toBe(422);
		expect(await search("?profile=nope")).toEqual({
			status: 404,
			body: { detail: "Profile 'nope' does not exist." },
		});
		expect((await search("?profile=Bad%20Name")).status).toBe(400);
	});

	it("needs the session token", async () => {
		const { request } = setup();
		expect((await request("/api/palette?q=x", { token: false })).status).toBe(401);
	});
});

describe("the page shell", () => {
	it("mounts the menu button, the palette and shortcut dialogs, and draws icons as hidden inline SVG", async () => {
		const { request } = setup();
		const page = parseHTML(await (await request("/sessions")).text());
		const menu = $(page, "#menu-toggle");
		expect(menu.getAttribute("aria-controls")).toBe("sidebar");
		expect(menu.getAttribute("aria-expanded")).toBe("false");
		expect($$(page, "dialog#palette")).toHaveLength(1);
		expect($$(page, '[role="combobox"]').length).toBeGreaterThan(0);
		expect($$(page, "dialog#shortcuts")).toHaveLength(1);
		expect(
			$$(page, "script[src]").some(
				(script) => script.getAttribute("src")!.split("?")[0] === "/static/js/palette.js",
			),
		).toBe(true);
		const icons = $$(page, "svg").filter((svg) => /^icon/.test(svg.getAttribute("class") ?? ""));
		// One per navigation item at least, each hidden from assistive technology.
		expect(icons.length).toBeGreaterThanOrEqual(NAV_ITEMS.length);
		expect(
			icons.every(
				(svg) => svg.getAttribute("aria-hidden") === "true" && svg.getAttribute("focusable") === "false",
			),
		).toBe(true);
		// Sources are drawn, not written as emoji (titles are user data and may hold any).
		const sources = $$(page, "span.source-icon");
		expect(sources.length).toBeGreaterThan(0);
		expect(sources.every((span) => span.firstChild?.nodeName.toLowerCase() === "svg")).toBe(true);
	});
});

/**
 * Background actions with a stand-in `hermes` on PATH (tests/fixtures/fake_hermes):
 * hub install/uninstall/update spawn Hermes's argv under Hermes's action names, the log
 * gets the header line, the SSE stream delivers the lines in order then the exit, and
 * the status endpoint reports running → exit code. Without a CLI a start is one 500.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";
import { fakeHermes, stopActionsAfterEach } from "../helpers/fake_hermes.ts";
import { actionRunnerFor } from "../../src/hermes/actions/runner.ts";

const track = stopActionsAfterEach();

function setup(extraEnv: Record<string, string> = {}) {
	const home = copyFixtureHome();
	const fake = fakeHermes(extraEnv, { path: "/usr/bin:/bin" });
	const context = track(makeContext({ home, env: fake.env }));
	return { home, context, argvLog: fake.argvLog, release: fake.release, request: testClient(context) };
}

const post = (body?: unknown): RequestInit => ({
	method: "POST",
	headers: { "content-type": "application/json" },
	body: body === undefined ? undefined : JSON.stringify(body),
});

/** Reads SSE events from a streaming response until `exit` arrives. */
async function readEvents(response: Response): Promise<{ event: string; data: Record<string, unknown> }[]> {
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	const events: { event: string; data: Record<string, unknown> }[] = [];
	let buffer = "";
	for (;;) {
		const { value, done } = await reader.read();
		if (done) return events;
		buffer += decoder.decode(value, { stream: true });
		let split = buffer.indexOf("\n\n");
		while (split >= 0) {
			const block = buffer.slice(0, split);
			buffer = buffer.slice(split + 2);
			const event = /^event: (.*)$/m.exec(block)?.[1];
			const data = /^data: (.*)$/m.exec(block)?.[1];
			if (event !== undefined && data !== undefined) {
				events.push({ event, data: JSON.parse(data) });
				if (event === "exit") {
					await reader.cancel();
					return events;
				}
			}
			split = buffer.indexOf("\n\n");
		}
	}
}

describe("hub actions", () => {
	it("install: Hermes's name and argv, header line, SSE lines in order, status running → exit code", async () => {
		const { home, context, argvLog, release, request } = setup({ FAKE_HERMES_EXIT: "3" });
		const response = await request("/api/skills/hub/install", post({ identifier: "acme/skills/Big Tool!" }));
		expect(response.status).toBe(200);
		const body = (await response.json()) as { ok: boolean; pid: number; name: string };
		expect(body).toEqual({
			ok: true,
			pid: expect.any(Number),
			name: expect.stringMatching(/^skills-install-acme-skills-big-tool-[0-9a-f]{8}$/),
		});

		const running = (await (await request(`/api/actions/${body.name}/status`)).json()) as Record<string, unknown>;
		expect(running).toMatchObject({ name: body.name, running: true, exit_code: null, pid: body.pid });

		const stream = request(`/api/actions/${body.name}/stream`);
		// Let the child finish only once the stream is open: every line arrives live or from offset 0.
		const events = readEvents(await stream);
		writeFileSync(release, "");
		const seen = await events;
		const lines = seen.filter((item) => item.event === "lines").flatMap((item) => item.data.lines as string[]);
		expect(lines.map((line) => line.trim()).filter((line) => line !== "")).toEqual([
			expect.stringMatching(
				new RegExp(`^=== ${body.name} started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ===$`),
			),
			"step 1 of skills install",
			"step 2 of skills install",
			"step 3 of skills install",
			"step 4 of skills install",
			"step 5 of skills install",
			"done",
		]);
		expect(seen.at(-1)).toEqual({ event: "exit", data: { name: body.name, running: false, exit_code: 3 } });

		await actionRunnerFor(context).settled(body.name);
		const finished = (await (await request(`/api/actions/${body.name}/status?lines=2`)).json()) as Record<
			string,
			unknown
		>;
		expect(finished).toEqual({
			name: body.name,
			running: false,
			exit_code: 3,
			pid: body.pid,
			lines: ["step 5 of skills install", "done"],
		});
		expect(readFileSync(argvLog, "utf8")).toBe("skills install acme/skills/Big Tool! --yes\n");
		// Reaped: a zombie would still accept signal 0.
		expect(() => process.kill(body.pid, 0)).toThrow(/ESRCH/);
		expect(existsSync(join(home, "logs", `action-${body.name}.log`))).toBe(true);
	});

	it("the stream starts at the latest run's header by default", async () => {
		const { context, release, request } = setup({ FAKE_HERMES_LINES: "1" });
		writeFileSync(release, "");
		const first = (await (await request("/api/skills/hub/update", post())).json()) as { name: string };
		await actionRunnerFor(context).settled(first.name);
		await request("/api/skills/hub/update", post());
		await actionRunnerFor(context).settled(first.name);
		const lines = (await readEvents(await request("/api/actions/skills-update/stream")))
			.filter((item) => item.event === "lines")
			.flatMap((item) => item.data.lines as string[]);
		expect(lines.filter((line) => line.includes("started"))).toHaveLength(1);
		expect(lines.filter((line) => line.startsWith("step 1"))).toHaveLength(1);
		const all = (await readEvents(await request("/api/actions/skills-update/stream?from=0")))
			.filter((item) => item.event === "lines")
			.flatMap((item) => item.data.lines as string[]);
		expect(all.filter((line) => line.includes("started"))).toHaveLength(2);
	});

	it("a second start with the same argv while running answers the same pid", async () => {
		const { request, release } = setup();
		const first = (await (await request("/api/skills/hub/update", post())).json()) as { pid: number; name: string };
		const second = (await (await request("/api/skills/hub/update", post({}))).json()) as {
			pid: number;
			name: string;
		};
		expect(first.name).toBe("skills-update");
		expect(second.pid).toBe(first.pid);
		writeFileSync(release, "");
	});

	it("uninstall and profile arguments: -p for a named profile, none for default", async () => {
		const { home, argvLog, release, context, request } = setup();
		const { mkdirSync } = await import("node:fs");
		mkdirSync(join(home, "profiles", "work", "logs"), { recursive: true });
		writeFileSync(release, "");
		const a = (await (
			await request("/api/skills/hub/uninstall?profile=work", post({ name: "log-triage" }))
		).json()) as { name: string };
		expect(a.name).toMatch(/^skills-uninstall-log-triage-[0-9a-f]{8}$/);
		await actionRunnerFor(context).settled(a.name);
		const b = (await (await request("/api/skills/hub/update", post({ profile: "default" }))).json()) as {
			name: string;
		};
		await actionRunnerFor(context).settled(b.name);
		expect(readFileSync(argvLog, "utf8").split("\n")).toEqual([
			"-p work skills uninstall log-triage --yes",
			"skills update",
			"",
		]);
	});

	it("4xx texts: blank identifier/name 400, unknown profile 404, unknown action 404", async () => {
		const { request } = setup();
		const blank = await request("/api/skills/hub/install", post({ identifier: "  " }));
		expect(blank.status).toBe(400);
		expect(await blank.json()).toEqual({ detail: "identifier is required" });
		const noName = await request("/api/skills/hub/uninstall", post({ name: "" }));
		expect(await noName.json()).toEqual({ detail: "name is required" });
		const profile = await request("/api/skills/hub/update?profile=ghost", post());
		expect(profile.status).toBe(404);
		const unknown = await request("/api/actions/skills-install-never/status");
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toEqual({ detail: "Unknown action: skills-install-never" });
		expect((await request("/api/actions/nothing/stream")).status).toBe(404);
		expect((await request("/api/skills/hub/install", post({}))).status).toBe(422);
		const nul = await request("/api/skills/hub/install", post({ identifier: "a\u0000b" }));
		expect(nul.status).toBe(400);
		expect(await nul.json()).toEqual({
			detail: "Failed to install skill: arguments must not contain NUL characters",
		});
	});

	it("a fixed action never spawned: running false, exit_code and pid null", async () => {
		const { request } = setup();
		const response = await request("/api/actions/doctor/status");
		expect(await response.json()).toEqual({
			name: "doctor",
			running: false,
			exit_code: null,
			pid: null,
			lines: [],
		});
	});

	it("no hermes on PATH: a 424 naming what to install, no log written, and the server keeps answering", async () => {
		const { home, request } = setup({ PATH: "/nonexistent" });
		const response = await request("/api/skills/hub/install", post({ identifier: "acme/x" }));
		expect(response.status).toBe(424);
		const { readdirSync } = await import("node:fs");
		expect(readdirSync(join(home, "logs")).filter((file) => file.startsWith("action-"))).toEqual([]);
		const detail = ((await response.json()) as { detail: string }).detail;
		expect(detail).toMatch(/^Failed to install skill: .*hermes CLI was not found on PATH.*install Hermes Agent/);
		expect((await request("/api/skills")).status).toBe(200);
	});

	it("a launcher that cannot be executed fails that one request with a 500", async () => {
		const { mkdirSync, chmodSync } = await import("node:fs");
		const bin = mkdtempSync(join(tmpdir(), "broken-hermes-"));
		mkdirSync(bin, { recursive: true });
		writeFileSync(join(bin, "hermes"), "#!/nonexistent/interpreter\n");
		chmodSync(join(bin, "hermes"), 0o755);
		const { request } = setup({ PATH: bin });
		const response = await request("/api/skills/hub/update", post());
		expect(response.status).toBe(500);
		expect(((await response.json()) as { detail: string }).detail).toMatch(/^Failed to update skills: /);
		expect((await request("/api/actions/skills-update/status")).status).toBe(200);
	});
});

describe("hub search, preview, scan, sources", () => {
	it("search dedupes by identifier preferring builtin, counts sources, passes Hermes's flags", async () => {
		const { argvLog, request } = setup();
		const response = await request("/api/skills/hub/search?q=pdf&limit=99");
		expect(response.status).toBe(200);
		const body = (await response.json()) as { results: Record<string, unknown>[]; source_counts: object };
		expect(body.results.map((row) => [row.identifier, row.trust_level])).toEqual([
			["acme/skills/pdf-tool", "builtin"],
			["sh/other", "trusted"],
		]);
		expect(body.source_counts).toEqual({ official: 1, "skills-sh": 1 });
		expect(body).toMatchObject({ timed_out: [], installed: {} });
		expect(readFileSync(argvLog, "utf8")).toBe("skills search pdf --source all --limit 50 --json\n");
	});

	it("blank query answers the empty shape without running the CLI", async () => {
		const { argvLog, request } = setup();
		expect(await (await request("/api/skills/hub/search?q=%20")).json()).toEqual({
			results: [],
			source_counts: {},
			timed_out: [],
			installed: {},
		});
		expect(existsSync(argvLog)).toBe(false);
	});

	it("a CLI error quoting a secret is redacted in the 502", async () => {
		const { request } = setup();
		const failed = await request("/api/skills/hub/search?q=leak");
		expect(failed.status).toBe(502);
		const detail = ((await failed.json()) as { detail: string }).detail;
		expect(detail).toMatch(/^Hub search failed: Error: GET/);
		expect(detail).not.toContain("abcdefghijklmnopqrstuvwxyz0123456789");
	});

	it("search failure is a 502 with Hermes's prefix", async () => {
		const { request } = setup({ PATH: "/nonexistent" });
		const failed = await request("/api/skills/hub/search?q=x");
		expect(failed.status).toBe(502);
		expect(((await failed.json()) as { detail: string }).detail).toMatch(/^Hub search failed: /);
	});

	it("preview reads `hermes skills inspect`; unknown 404; blank 400; scan says why it is unavailable", async () => {
		const { argvLog, request } = setup();
		const preview = await request("/api/skills/hub/preview?identifier=acme/skills/pdf-tool&profile=default");
		expect(preview.status).toBe(200);
		expect(await preview.json()).toMatchObject({
			name: "pdf-tool",
			description: "Read PDFs",
			source: "official",
			identifier: "acme/skills/pdf-tool",
			trust_level: "builtin",
			tags: ["pdf", "docs"],
			skill_md: expect.stringContaining("# PDF tool"),
			files: [],
		});
		expect(readFileSync(argvLog, "utf8")).toBe("skills inspect acme/skills/pdf-tool\n");
		const missing = await request("/api/skills/hub/preview?identifier=missing");
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ detail: "Skill not found: missing" });
		expect((await request("/api/skills/hub/preview")).status).toBe(400);
		expect((await request("/api/skills/hub/scan")).status).toBe(400);
		const scan = await request("/api/skills/hub/scan?identifier=a/b");
		expect(scan.status).toBe(502);
		expect(((await scan.json()) as { detail: string }).detail).toMatch(/^Hub scan failed: /);
	});

	it("sources lists Hermes's hub sources and installed hub skills", async () => {
		const { request } = setup();
		const body = (await (await request("/api/skills/hub/sources")).json()) as {
			sources: Record<string, unknown>[];
		};
		expect(body.sources[0]).toEqual({ id: "official", label: "Official (Nous)", searchable: true });
		expect(body.sources.find((source) => source.id === "github")).toMatchObject({ rate_limited: false });
		expect(body).toMatchObject({ index_available: false });
		expect(body).toMatchObject({ featured: [], installed: {} });
	});
});

/**
 * System operations as background actions, with the stand-in `hermes` on PATH
 * (tests/fixtures/fake_hermes): each endpoint spawns Hermes's argv under Hermes's action
 * name, the SSE stream delivers live lines then the exit, the status has Hermes's shape
 * and exit code, no child is left a zombie, two gateway restarts share one process,
 * update refusals are synthetic results, and every write leaves an admin-log line.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixtureHome, makeContext, testClient } from "../helpers/app.ts";
import { pipInstall } from "../helpers/hermes_install.ts";
import { fakeHermes, stopActionsAfterEach } from "../helpers/fake_hermes.ts";
import { actionRunnerFor } from "../../src/hermes/actions/runner.ts";

const track = stopActionsAfterEach();

// Ungated: a test that wants the stand-in to wait sets FAKE_HERMES_RELEASE itself.
function setup(extraEnv: Record<string, string> = {}) {
	const home = copyFixtureHome();
	const fake = fakeHermes(extraEnv, { path: "/usr/bin:/bin", gated: false });
	const context = track(makeContext({ home, env: fake.env }));
	return { home, context, argvLog: fake.argvLog, release: fake.release, request: testClient(context) };
}

const POST: RequestInit = { method: "POST" };

/** Process state letter from /proc (null when the pid is gone entirely). */
function procState(pid: number): string | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
		return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
	} catch {
		return null;
	}
}

/** SSE events until the stream ends. */
async function readEvents(response: Response): Promise<{ event: string; data: Record<string, unknown> }[]> {
	const text = await response.text();
	return text
		.split("\n\n")
		.filter((block) => block.includes("event:"))
		.map((block) => {
			const event = /^event: ?(.*)$/m.exec(block)![1]!;
			const data = JSON.parse(/^data: ?(.*)$/m.exec(block)![1]!) as Record<string, unknown>;
			return { event, data };
		});
}

describe("diagnostic actions", () => {
	it.each([
		["doctor", "doctor"],
		["security-audit", "security audit"],
		["prompt-size", "prompt-size"],
		["dump", "dump"],
		["config-migrate", "config migrate"],
	])("POST /api/ops/%s runs `hermes %s` and reports its exit", async (name, argv) => {
		const { home, request, argvLog, context } = setup({ FAKE_HERMES_EXIT: "3", FAKE_HERMES_LINES: "3" });
		const response = await request(`/api/ops/${name}`, POST);
		expect(response.status).toBe(200);
		const started = (await response.json()) as { ok: boolean; pid: number; name: string };
		expect(started).toEqual({ ok: true, pid: expect.any(Number), name });
		const events = await readEvents(await request(`/api/actions/${name}/stream`));
		// The stream's lines keep their terminators.
		const lines = events
			.filter((e) => e.event === "lines")
			.flatMap((e) => (e.data.lines as string[]).map((line) => line.replace(/\r?\n$/, "")));
		expect(lines.find((line) => line !== "")).toMatch(
			new RegExp(`^=== ${name} started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ===$`),
		);
		const [verb = "", object = ""] = argv.split(" ");
		expect(lines).toContain(`step 3 of ${verb} ${object}`);
		expect(events.at(-1)).toEqual({ event: "exit", data: { name, running: false, exit_code: 3 } });
		const status = await (await request(`/api/actions/${name}/status?lines=5`)).json();
		expect(status).toEqual({ name, running: false, exit_code: 3, pid: started.pid, lines: expect.any(Array) });
		expect(status.lines.at(-1)).toBe("done");
		expect(readFileSync(argvLog, "utf8").trim()).toBe(argv);
		expect(readFileSync(join(home, "logs", `action-${name}.log`), "utf8")).toContain("done\n");
		// Reaped by the runner: nothing is left, not even a zombie.
		await actionRunnerFor(context).settled(name);
		expect(procState(started.pid)).not.toBe("Z");
		const audit = readFileSync(join(home, "logs", "dashboard-admin.log"), "utf8");
		expect(audit).toContain(`"path":"/api/ops/${name}"`);
	});

	it("streams lines while the process is still running", async () => {
		const ctx = setup({ FAKE_HERMES_LINES: "2" });
		const gate = ctx.release;
		ctx.context.env.FAKE_HERMES_RELEASE = gate;
		await ctx.request("/api/ops/doctor", POST);
		const stream = await ctx.request("/api/actions/doctor/stream");
		const reader = stream.body!.getReader();
		const decoder = new TextDecoder();
		let seen = "";
		while (!seen.includes("step 2 of doctor")) {
			const { value, done } = await reader.read();
			if (done) break;
			seen += decoder.decode(value, { stream: true });
		}
		expect(seen).toContain("step 1 of doctor");
		expect(seen).not.toContain("event: exit");
		expect((await (await ctx.request("/api/actions/doctor/status")).json()).running).toBe(true);
		writeFileSync(gate, "");
		while (!seen.includes("event: exit")) {
			const { value, done } = await reader.read();
			if (done) break;
			seen += decoder.decode(value, { stream: true });
		}
		expect(seen).toContain('"exit_code":0');
	});

	it("checkpoint prune and curator run spawn Hermes's argv under their action names", async () => {
		const { request, argvLog, context } = setup();
		expect(await (await request("/api/ops/checkpoints/prune", POST)).json()).toMatchObject({
			ok: true,
			name: "checkpoints-prune",
		});
		expect(await (await request("/api/curator/run", POST)).json()).toMatchObject({ ok: true, name: "curator-run" });
		await actionRunnerFor(context).settled("checkpoints-prune");
		await actionRunnerFor(context).settled("curator-run");
		expect(readFileSync(argvLog, "utf8").split("\n").sort()).toEqual(["", "checkpoints prune", "curator run"]);
	});

	it("without a hermes CLI a run is one clear error, never a crash", async () => {
		const context = makeContext({ env: { PATH: "/nonexistent" } });
		const request = testClient(context);
		const response = await request("/api/curator/run", POST);
		expect(response.status).toBe(409);
		expect((await response.json()).detail).toMatch(/^Failed to run curator: the hermes CLI was not found/);
		expect((await request("/api/system/stats")).status).toBe(200);
	});
});

describe("gateway restart on the actions module", () => {
	it("two restarts at once share one process; status follows it; no zombie", async () => {
		const { request, argvLog, release, context } = setup({ FAKE_HERMES_LINES: "1" });
		context.env.FAKE_HERMES_RELEASE = release;
		const [first, second] = await Promise.all([
			request("/api/gateway/restart", POST).then((r) => r.json()),
			request("/api/gateway/restart", POST).then((r) => r.json()),
		]);
		expect(first).toEqual({ ok: true, pid: expect.any(Number), name: "gateway-restart" });
		expect(second).toEqual(first);
		const running = await (await request("/api/actions/gateway-restart/status")).json();
		expect(running).toMatchObject({ running: true, exit_code: null, pid: first.pid });
		writeFileSync(release, "");
		await actionRunnerFor(context).settled("gateway-restart");
		const finished = await (await request("/api/actions/gateway-restart/status")).json();
		expect(finished).toMatchObject({ running: false, exit_code: 0, pid: first.pid });
		expect(readFileSync(argvLog, "utf8")).toBe("gateway restart\n");
		expect(procState(first.pid)).not.toBe("Z");
	});
});

describe("POST /api/hermes/update", () => {
	it.each([
		[
			{ HERMES_CONTAINER: "1" },
			"dashboard_update_managed_externally",
			"managed outside dashboard",
			"containerized",
		],
		// (Homebrew and Nix refusals are not tested here: inside a container they read as managed-runtime.)
	])(
		"a managed install (%o) gets the out-of-band command and a synthetic failed result",
		async (env, error, command, words) => {
			const { request, argvLog } = setup({ ...env, HERMES_AGENT_DIR: pipInstall({}, "2026.7.7.2") });
			const answer = await (await request("/api/hermes/update", POST)).json();
			expect(answer).toMatchObject({
				ok: false,
				pid: null,
				name: "hermes-update",
				error,
				update_command: command,
			});
			const status = await (await request("/api/actions/hermes-update/status")).json();
			expect(status).toMatchObject({ running: false, exit_code: 1, pid: null });
			expect(status.lines.join("\n")).toContain(words);
			expect(existsSync(argvLog)).toBe(false);
		},
	);

	it("a git install spawns `hermes update`", async () => {
		const root = pipInstall({}, "2026.7.7.2");
		mkdirSync(join(root, ".git"));
		const { request, argvLog, context } = setup({ HERMES_AGENT_DIR: root });
		const answer = await (await request("/api/hermes/update", POST)).json();
		expect(answer).toEqual({ ok: true, pid: expect.any(Number), name: "hermes-update" });
		await actionRunnerFor(context).settled("hermes-update");
		expect(readFileSync(argvLog, "utf8")).toBe("update\n");
	});
});

/**
 * The terminal-backend bridge into the TUI's env: which `terminal.*` keys become which
 * `TERMINAL_*` variables, who wins against the inherited env, and the value rendering.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyTerminalConfig, ownedTerminalEnvVars } from "../../src/hermes/config/terminal_env.ts";
import { pythonJSONDumps } from "../../src/hermes/home/python_json.ts";
import { childEnv } from "../../src/pty/command.ts";
import { parseConfigText } from "../../src/hermes/config/yaml.ts";
import { makeContext } from "../helpers/app.ts";

const config = (text: string) => parseConfigText(text);

describe("terminal config → TERMINAL_* env", () => {
	it("bridges the file's keys over the inherited env, and defaults only into gaps", () => {
		const env = applyTerminalConfig(
			{ HOME: "/home/u", TERMINAL_ENV: "local", TERMINAL_TIMEOUT: "30", TERMINAL_CONTAINER_CPU: "4" },
			config(
				"terminal:\n  backend: docker\n  docker_volumes: ['/a:/b', /c]\n  container_persistent: false\n  cwd: ~/work\n",
			),
		);
		expect(env.TERMINAL_ENV).toBe("docker");
		expect(env.TERMINAL_DOCKER_VOLUMES).toBe('["/a:/b", "/c"]');
		expect(env.TERMINAL_CONTAINER_PERSISTENT).toBe("False");
		expect(env.TERMINAL_CWD).toBe("/home/u/work");
		// Not in the file: the inherited values stay, the defaults fill the rest.
		expect(env.TERMINAL_TIMEOUT).toBe("30");
		expect(env.TERMINAL_CONTAINER_CPU).toBe("4");
		expect(env.TERMINAL_CONTAINER_MEMORY).toBe("5120");
		expect(env.TERMINAL_DOCKER_ENV).toBe("{}");
		expect(env.TERMINAL_PERSISTENT_SHELL).toBe("True");
	});

	it("leaves placeholder cwds alone and keeps ~ for an SSH backend's remote shell", () => {
		expect(
			applyTerminalConfig({ HOME: "/home/u" }, config("terminal:\n  cwd: auto\n")).TERMINAL_CWD,
		).toBeUndefined();
		expect(applyTerminalConfig({ HOME: "/home/u" }, config("terminal:\n  cwd: .\n")).TERMINAL_CWD).toBeUndefined();
		expect(
			applyTerminalConfig(
				{ HOME: "/home/u" },
				config("terminal:\n  backend: ssh\n  cwd: ~/src\n  ssh_port: 2222\n"),
			),
		).toMatchObject({ TERMINAL_ENV: "ssh", TERMINAL_CWD: "~/src", TERMINAL_SSH_PORT: "2222" });
		// An inherited TERMINAL_ENV names the backend when the file does not.
		expect(
			applyTerminalConfig({ HOME: "/home/u", TERMINAL_ENV: "ssh" }, config('terminal:\n  cwd: "~"\n'))
				.TERMINAL_CWD,
		).toBe("~");
	});

	it("with no terminal section, defaults never override the env", () => {
		const env = applyTerminalConfig({ TERMINAL_ENV: "modal", TERMINAL_DOCKER_IMAGE: "mine" }, config("model: x\n"));
		expect(env.TERMINAL_ENV).toBe("modal");
		expect(env.TERMINAL_DOCKER_IMAGE).toBe("mine");
		expect(env.TERMINAL_TIMEOUT).toBe("180");
	});

	it("renders values as Python does", () => {
		expect(pythonJSONDumps({ a: [1, true, null], ü: "é\u007f" })).toBe(
			'{"a": [1, true, null], "\\u00fc": "\\u00e9\\u007f"}',
		);
		expect(applyTerminalConfig({}, config("terminal:\n  ssh_key:\n")).TERMINAL_SSH_KEY).toBe("None");
		expect(ownedTerminalEnvVars(config("terminal:\n  backend: docker\n  cwd: auto\n  font: x\n"))).toEqual([
			"TERMINAL_ENV",
		]);
	});

	it("the TUI's env carries its home's bridge; a profile's replaces the launch home's", () => {
		const context = makeContext({ env: { HOME: "/home/u", TERMINAL_SSH_HOST: "from-shell" } });
		writeFileSync(join(context.home, "config.yaml"), "terminal:\n  backend: ssh\n  ssh_host: root-host\n");
		const root = childEnv(context, { home: context.home });
		expect(root.TERMINAL_ENV).toBe("ssh");
		expect(root.TERMINAL_SSH_HOST).toBe("root-host");
		const profile = join(context.home, "profiles", "work");
		mkdirSync(profile, { recursive: true });
		writeFileSync(join(profile, "config.yaml"), "terminal:\n  backend: docker\n");
		const scoped = childEnv(context, { home: profile });
		expect(scoped.TERMINAL_ENV).toBe("docker");
		expect(scoped.TERMINAL_SSH_HOST).toBeUndefined();
		expect(scoped.HERMES_HOME).toBe(profile);
	});
});

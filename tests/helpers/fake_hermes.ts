/**
 * The stand-in `hermes` CLI (tests/fixtures/fake_hermes/hermes) for tests that start
 * actions: a scratch folder with its argv log and release file (a gated stand-in prints
 * its lines, then waits for that file before exiting), and the environment that puts it
 * first on PATH.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { actionRunnerFor } from "../../src/hermes/actions/runner.ts";
import type { AppContext } from "../../src/context.ts";

export const FAKE_HERMES_BIN = fileURLToPath(new URL("../fixtures/fake_hermes", import.meta.url));

export interface FakeHermes {
	/** Scratch folder holding the two files below. */
	dir: string;
	/** Every invocation's argv, one line each. */
	argvLog: string;
	/** Created by the test to let a gated stand-in exit. */
	release: string;
	/** PATH, FAKE_HERMES_ARGV_LOG, FAKE_HERMES_RELEASE (when gated) and `settings`. */
	env: Record<string, string>;
}

export interface FakeHermesOptions {
	/** Wait for the release file before exiting (default true). */
	gated?: boolean;
	/** PATH after the stand-in's folder (default: the test process's PATH). */
	path?: string;
}

/** A stand-in with `settings` (FAKE_HERMES_LINES, FAKE_HERMES_EXIT, HERMES_AGENT_DIR …) in its environment. */
export function fakeHermes(settings: Record<string, string> = {}, options: FakeHermesOptions = {}): FakeHermes {
	const dir = mkdtempSync(join(tmpdir(), "fake-hermes-"));
	const argvLog = join(dir, "argv.log");
	const release = join(dir, "release");
	const env: Record<string, string> = {
		PATH: `${FAKE_HERMES_BIN}:${options.path ?? process.env.PATH ?? "/usr/bin:/bin"}`,
		FAKE_HERMES_ARGV_LOG: argvLog,
		...(options.gated === false ? {} : { FAKE_HERMES_RELEASE: release }),
		...settings,
	};
	return { dir, argvLog, release, env };
}

/**
 * For in-process tests: returns `track(context)`, and after each test stops every action
 * a tracked context's runner still has running (a gated stand-in would otherwise linger).
 */
export function stopActionsAfterEach(): (context: AppContext) => AppContext {
	const contexts: AppContext[] = [];
	afterEach(() => {
		for (const context of contexts.splice(0)) actionRunnerFor(context).stopAll();
	});
	return (context) => {
		contexts.push(context);
		return context;
	};
}

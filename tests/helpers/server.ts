/**
 * Real-process helpers: spawn the CLI on port 0 and wait for the ready line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { request as httpRequest } from "node:http";
import { readFileSync } from "node:fs";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

/** The Deno binary from the npm package, running the Deno entry with the permissions it needs. */
export const DENO_COMMAND: string[] = [
	fileURLToPath(new URL("../../node_modules/deno/deno", import.meta.url)),
	"run",
	"--allow-net",
	"--allow-read",
	"--allow-write",
	"--allow-env",
	"--allow-sys",
	"--allow-run",
	fileURLToPath(new URL("../../src/deno.ts", import.meta.url)),
];

/**
 * The fixture home's anchor time (`anchor_now`, epoch seconds): every spawned server runs
 * with its clock pinned there, so answers about "the last 7 days" never depend on today.
 */
export const FIXTURE_ANCHOR_SECONDS: number = (
	JSON.parse(
		readFileSync(
			fileURLToPath(new URL("../../../shared/fixtures/hermes-home-sample.meta.json", import.meta.url)),
			"utf8",
		),
	) as { anchor_now: number }
).anchor_now;

export interface RunningServer {
	child: ChildProcess;
	port: number;
	baseURL: string;
	stdout: () => string;
	stderr: () => string;
	stop: () => Promise<void>;
}

export interface StartOptions {
	args?: string[];
	env?: Record<string, string | undefined>;
	/** Command to run instead of `node src/main.ts` (e.g. Deno). */
	command?: string[];
	timeoutMs?: number;
}

/** Starts the dashboard and resolves once it printed HERMES_DASHBOARD_READY. */
export function startServer(options: StartOptions = {}): Promise<RunningServer> {
	const command = options.command ?? [process.execPath, MAIN];
	const [program, ...baseArgs] = command as [string, ...string[]];
	const child = spawn(program, [...baseArgs, "--port", "0", "--no-open", ...(options.args ?? [])], {
		cwd: PROJECT_ROOT,
		env: {
			...process.env,
			HERMES_DASHBOARD_SESSION_TOKEN: "",
			HERMES_DASHBOARD_NOW: String(FIXTURE_ANCHOR_SECONDS),
			...options.env,
		},
		stdio: ["ignore", "pipe", "pipe"],
	});
	let out = "";
	let err = "";
	child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
	child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
	const stop = (): Promise<void> =>
		new Promise((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) {
				resolve();
				return;
			}
			child.once("exit", () => resolve());
			child.kill("SIGTERM");
			setTimeout(() => child.kill("SIGKILL"), 3000).unref();
		});
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			void stop();
			reject(new Error(`server did not become ready: ${out}\n${err}`));
		}, options.timeoutMs ?? 20_000);
		child.stdout!.on("data", () => {
			const match = /HERMES_DASHBOARD_READY port=(\d+)/.exec(out);
			if (match !== null) {
				clearTimeout(timer);
				const port = Number(match[1]);
				resolve({
					child,
					port,
					baseURL: `http://127.0.0.1:${port}`,
					stdout: () => out,
					stderr: () => err,
					stop,
				});
			}
		});
		child.once("exit", (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited early with ${code}: ${out}\n${err}`));
		});
	});
}

/** Runs the CLI to completion and returns its exit code and output. */
export function runCLI(
	args: string[],
	env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [MAIN, ...args], {
			cwd: PROJECT_ROOT,
			env: { ...process.env, ...env },
			stdio: ["ignore", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
		child.once("exit", (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

/** A GET through node:http, which (unlike fetch) sends the Host header we give it. */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const request = httpRequest(url, { headers }, (response) => {
			let body = "";
			response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
			response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
		});
		request.on("error", reject);
		request.end();
	});
}

/**
 * No Docker engine runs here (the README says what was verified by hand with podman):
 * check what can be checked statically — every path the Dockerfile copies exists, the
 * command it runs exists, it runs as a non-root user, and the health check needs no curl.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../helpers/server.ts";

const dockerfile = readFileSync(join(PROJECT_ROOT, "Dockerfile"), "utf8");
const instructions = dockerfile
	.replace(/\\\n/g, " ")
	.split("\n")
	.filter((line) => /^[A-Z]+\s/.test(line));

describe("Dockerfile", () => {
	it("is based on Node 24 slim", () => {
		const froms = instructions.filter((line) => line.startsWith("FROM "));
		expect(froms.length).toBeGreaterThan(0);
		for (const from of froms) {
			expect(from).toMatch(/^FROM node:24-[a-z]+-slim( AS \w+)?$/);
		}
	});

	it("copies only paths that exist", () => {
		// `COPY --from=<stage>` copies between build stages, not from the repository.
		const copies = instructions.filter((line) => line.startsWith("COPY ") && !line.includes("--from="));
		expect(copies.length).toBeGreaterThan(0);
		for (const line of copies) {
			const parts = line
				.split(/\s+/)
				.slice(1)
				.filter((part) => !part.startsWith("--"));
			for (const source of parts.slice(0, -1)) {
				expect(existsSync(join(PROJECT_ROOT, source)), source).toBe(true);
			}
		}
	});

	it("runs an entry file that exists, as a non-root user", () => {
		const cmd = instructions.filter((line) => line.startsWith("CMD ")).at(-1)!;
		const argv = JSON.parse(cmd.slice(4)) as string[];
		expect(argv[0]).toBe("node");
		expect(existsSync(join(PROJECT_ROOT, argv[1]!))).toBe(true);
		expect(instructions.some((line) => /^USER (node|\d{3,})$/.test(line))).toBe(true);
	});

	it("health-checks /healthz without curl, on a volume-backed home", () => {
		const health = instructions.find((line) => line.startsWith("HEALTHCHECK "))!;
		expect(health).toContain("/healthz");
		expect(health).not.toContain("curl");
		expect(health).toContain('CMD ["node"');
		expect(instructions.some((line) => line.startsWith("VOLUME ") && line.includes("/opt/data"))).toBe(true);
		expect(dockerfile).toContain("HERMES_HOME=/opt/data");
	});

	it("starts Node with the launcher's malloc settings (its CMD skips the launcher), as npm start does", () => {
		const launcher = readFileSync(join(PROJECT_ROOT, "bin", "hermes-dashboard.js"), "utf8");
		const settings = /const MALLOC_ENV = (\{[^}]*\})/.exec(launcher)![1]!;
		const pairs = Object.entries(JSON.parse(settings.replace(/(\w+):/g, '"$1":')) as Record<string, string>);
		expect(pairs.length).toBeGreaterThan(0);
		const env = instructions.filter((line) => line.startsWith("ENV ")).join(" ");
		const start = (
			JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: { start: string } }
		).scripts.start;
		for (const [name, value] of pairs) {
			expect(env).toMatch(new RegExp(`\\b${name}=${value}\\b`));
			// `npm start` sets them too, so the launcher has no reason to re-execute Node.
			expect(start).toMatch(new RegExp(`^(\\w+=\\S+ )*${name}=${value} `));
		}
		expect(start).toMatch(/ node bin\/hermes-dashboard\.js$/);
	});

	it("does no build at start (no npm run build / tsc in CMD)", () => {
		const cmd = instructions.filter((line) => line.startsWith("CMD ")).at(-1)!;
		expect(cmd).not.toMatch(/npm|tsc|build/);
	});

	it("installs exactly what package-lock.json pins, and ships no compilers", () => {
		expect(dockerfile).toMatch(/npm ci --omit=dev/);
		const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
		expect(runtime).not.toMatch(/apt-get install[^\n]*g\+\+/);
		expect(existsSync(join(PROJECT_ROOT, "package-lock.json"))).toBe(true);
	});
});

describe("fly.toml", () => {
	const fly = readFileSync(join(PROJECT_ROOT, "fly.toml"), "utf8");
	it("binds 0.0.0.0 (so the auth gate is on), mounts the home and checks /healthz", () => {
		expect(fly).toMatch(/HOST = "0\.0\.0\.0"/);
		expect(fly).toMatch(/destination = "\/opt\/data"/);
		expect(fly).toMatch(/path = "\/healthz"/);
		expect(fly).toMatch(/internal_port = 9119/);
	});
});

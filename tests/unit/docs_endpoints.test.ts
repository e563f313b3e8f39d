/**
 * What README and docs/ promise must hold for main: every endpoint they name is routed, and
 * every path the security layer treats as public is one the app serves (a public path with
 * no route behind it is a hole waiting for one).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PUBLIC_API_PATHS } from "../../src/security/middleware.ts";
import { WEBSOCKET_PATHS } from "../../src/server/websocket.ts";
import { makeContext, testClient, TEST_TOKEN } from "../helpers/app.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DOCS = ["README.md", ...readdirSync(`${ROOT}docs`).map((name) => `docs/${name}`)];

/** Folders on disk the docs mention (volumes, system files): not endpoints. */
const FILESYSTEM = /^\/(opt|etc|usr|tmp|proc|dev|home|var|root)\//;

const AREA_PREFIXES = new Set(["/api", "/ui", "/auth", "/static", "/vendor"]);

/** Every backticked absolute path in a document, without its query string. */
function namedPaths(text: string): string[] {
	const paths = new Set<string>();
	for (const [, token = ""] of text.matchAll(/`(\/[A-Za-z0-9_\-./{}:<>…]*)(?:\?[^`]*)?`/g)) {
		// Placeholders (`/<name>`) and bare area prefixes (`/api`) describe shapes, not endpoints.
		const shapeOnly = /^\/<[^>]+>\/?$/.test(token) || AREA_PREFIXES.has(token);
		if (!FILESYSTEM.test(token) && !shapeOnly && !token.endsWith("*") && !token.includes("…")) {
			paths.add(token);
		}
	}
	return [...paths];
}

const request = testClient(makeContext());

/** Routed means: not the app's own catch-all 404 (a route's own 404, e.g. an unknown id, still counts). */
async function isRouted(path: string): Promise<boolean> {
	if (WEBSOCKET_PATHS.has(path)) {
		return true;
	}
	const concrete = path.replace(/\{[^}]+\}|:[A-Za-z_]+|<[^>]+>/g, "x");
	const response = await request(concrete, { headers: { "X-Hermes-Session-Token": TEST_TOKEN } });
	if (response.status !== 404) {
		return true;
	}
	// The catch-all answers JSON `Not Found` under /api and the HTML 404 page elsewhere.
	const body = await response.text();
	return !(
		body.startsWith('{"detail":"No such API endpoint') ||
		body === '{"detail":"Not Found"}' ||
		(response.headers.get("content-type") ?? "").includes("text/html")
	);
}

describe("the docs tell the truth about endpoints", () => {
	const cases = DOCS.flatMap((doc) => namedPaths(readFileSync(`${ROOT}${doc}`, "utf8")).map((path) => [doc, path]));

	it("finds the endpoints the README names", () => {
		expect(cases.map(([, path]) => path)).toEqual(
			expect.arrayContaining(["/api/status", "/api/sessions", "/healthz"]),
		);
	});

	it("tells a routed path from an unrouted one", async () => {
		expect(await isRouted("/api/sessions/x")).toBe(true);
		expect(await isRouted("/api/no-such-endpoint")).toBe(false);
		expect(await isRouted("/no-such-page")).toBe(false);
	});

	it.each(cases)("%s names %s, which is routed", async (_doc, path) => {
		expect(await isRouted(path)).toBe(true);
	});

	it.each([...PUBLIC_API_PATHS])("public path %s is routed and the README says it is public", async (path) => {
		expect(await isRouted(path)).toBe(true);
		const publicList =
			readFileSync(`${ROOT}README.md`, "utf8").match(/except the public ones \(([^)]*)\)/)?.[1] ?? "";
		expect(publicList).toContain(`\`${path}\``);
	});
});

/**
 * Test helpers: a copy of the fixture home, an app context, and `request()` that calls
 * the in-process app with a loopback peer and a loopback Host header by default.
 */
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "../../src/app.ts";
import { ProviderRegistry } from "../../src/auth/registry.ts";
import { WSTicketStore } from "../../src/auth/tickets.ts";
import { decideSecurityMode } from "../../src/security/mode.ts";
import type { AppContext } from "../../src/context.ts";
import { fixedClock } from "../../src/hermes/home/clock.ts";

export const FIXTURE_HOME = fileURLToPath(new URL("../../../shared/fixtures/hermes-home-sample", import.meta.url));
/** The fixture home's anchor time (hermes-home-sample.meta.json `anchor_now`): every date in it is relative to this. */
export const FIXTURE_NOW_MS: number =
	(
		JSON.parse(
			readFileSync(
				fileURLToPath(new URL("../../../shared/fixtures/hermes-home-sample.meta.json", import.meta.url)),
				"utf8",
			),
		) as {
			anchor_now: number;
		}
	).anchor_now * 1000;

export const TEST_TOKEN = "test-session-token-0123456789abcdefghijklmnop";

function makeWritable(path: string): void {
	const stat = statSync(path);
	chmodSync(path, stat.isDirectory() ? 0o700 : (stat.mode & 0o777) | 0o600);
	if (stat.isDirectory()) {
		for (const entry of readdirSync(path)) {
			makeWritable(join(path, entry));
		}
	}
}

/** A fresh writable copy of the fixture home (the original is read-only). */
export function copyFixtureHome(): string {
	const dir = mkdtempSync(join(tmpdir(), "hermes-home-"));
	const home = join(dir, "home");
	cpSync(FIXTURE_HOME, home, { recursive: true });
	makeWritable(home);
	return home;
}

export function makeContext(overrides: Partial<AppContext> = {}): AppContext {
	const host = overrides.host ?? "127.0.0.1";
	return {
		home: overrides.home ?? copyFixtureHome(),
		host,
		port: 9119,
		mode: decideSecurityMode(host, false),
		sessionToken: TEST_TOKEN,
		providers: new ProviderRegistry(),
		env: {},
		version: "test",
		wsTickets: new WSTicketStore(),
		readinessChecks: [],
		clock: fixedClock(FIXTURE_NOW_MS),
		...overrides,
	};
}

export interface TestRequestInit extends RequestInit {
	/** Peer address the adapter would report; default 127.0.0.1. */
	peer?: string | null;
	/** Send the session token header (default true). */
	token?: boolean;
}

/** Calls the app in-process, as the Node adapter would. */
export function testClient(context: AppContext) {
	const app = createApp(context);
	return async function request(path: string, init: TestRequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		if (!headers.has("host")) {
			headers.set("host", `127.0.0.1:${context.port}`);
		}
		if (init.token !== false && !headers.has("x-hermes-session-token")) {
			headers.set("x-hermes-session-token", context.sessionToken);
		}
		const peer = init.peer === undefined ? "127.0.0.1" : init.peer;
		const env = peer === null ? {} : { incoming: { socket: { remoteAddress: peer } } };
		return app.request(`http://127.0.0.1:${context.port}${path}`, { ...init, headers }, env);
	};
}

/**
 * A JSON caller over `request`: sends `body` as JSON (and only the content-type header)
 * and answers the status with the parsed body.
 */
export function jsonCaller(request: ReturnType<typeof testClient>) {
	return async (
		path: string,
		init: Omit<TestRequestInit, "body" | "headers"> & { body?: unknown } = {},
	): Promise<{ status: number; body: any }> => {
		const response = await request(path, {
			...init,
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
			headers: { "content-type": "application/json" },
		});
		return { status: response.status, body: await response.json() };
	};
}

/** Request options sending `body` as JSON (PUT unless told). */
export function jsonRequest(body: unknown, method = "PUT"): RequestInit {
	return { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/**
 * A gateway that looks alive to the dashboard without running one: a live process's PID
 * in `gateway.pid` (as Hermes writes it) and a `gateway_state.json` reporting "running".
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** `state` adds to (or overrides) the state file's fields; `pid` must be a live process. */
export function fakeRunningGateway(
	home: string,
	state: Record<string, unknown>,
	pid: number = process.pid,
	argv: string[] = [],
): void {
	writeFileSync(join(home, "gateway.pid"), JSON.stringify({ pid, kind: "hermes-gateway", argv }));
	writeFileSync(join(home, "gateway_state.json"), JSON.stringify({ pid, gateway_state: "running", ...state }));
}

/**
 * Turns the fixture's webhook platform off in `home`'s config.yaml (as a user editing it
 * would); returns the config path. Fails when the fixture no longer has it on.
 */
export function disableWebhookPlatform(home: string): string {
	const config = join(home, "config.yaml");
	const text = readFileSync(config, "utf8");
	const on = "  webhook:\n    enabled: true";
	if (!text.includes(on)) throw new Error("the fixture's config.yaml no longer enables the webhook platform");
	writeFileSync(config, text.replace(on, "  webhook:\n    enabled: false"));
	return config;
}

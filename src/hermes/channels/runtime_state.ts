/**
 * @module
 * The per-platform part of `gateway_state.json` (hermes-home §12), unfiltered: the
 * shared gateway reader keeps only platforms config.yaml names, but a card also
 * needs platforms the gateway enabled implicitly from `.env`. Read-only.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface RuntimePlatforms {
	gatewayState: string | null;
	exitReason: unknown;
	platforms: Record<string, Record<string, unknown>>;
}

export function readRuntimePlatforms(home: string): RuntimePlatforms {
	let file: Record<string, unknown> = {};
	try {
		const value: unknown = JSON.parse(readFileSync(join(home, "gateway_state.json"), "utf8"));
		if (value !== null && typeof value === "object" && !Array.isArray(value)) {
			file = value as Record<string, unknown>;
		}
	} catch {
		// Missing or half-written: no runtime state.
	}
	const platforms: Record<string, Record<string, unknown>> = {};
	const raw = file.platforms;
	if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
		for (const [id, entry] of Object.entries(raw as Record<string, unknown>)) {
			if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
				platforms[id] = entry as Record<string, unknown>;
			}
		}
	}
	return {
		gatewayState: typeof file.gateway_state === "string" ? file.gateway_state : null,
		exitReason: file.exit_reason ?? null,
		platforms,
	};
}

/**
 * @module
 * Glue between the session/analytics routes and the state.db data layer: the
 * `profile` parameter (api-contract 0.2) → a home, and store failures → clear errors.
 */
import { existsSync } from "node:fs";
import { homePaths, rootHome } from "../hermes/home/paths.ts";
import { PROFILE_NAME, profileHome } from "../hermes/home/profiles.ts";
import { StateDBError } from "../hermes/sessions/state_db.ts";
import { SessionRuleError } from "../hermes/sessions/write.ts";
import { ApiError } from "../http/errors.ts";
import type { AppContext } from "../context.ts";

export interface Store {
	home: string;
	db: string;
	/** Canonical profile name when one was asked for. */
	profile?: string;
	isDefaultProfile?: boolean;
}

/** Resolves `?profile=` (or a body `profile`) to the home whose state.db is used. */
export function storeFor(app: AppContext, profile: string | undefined | null): Store {
	const name = (profile ?? "").trim();
	if (name === "" || name.toLowerCase() === "current") {
		return { home: app.home, db: homePaths(app.home).stateDB };
	}
	const normalised = name.toLowerCase();
	if (!PROFILE_NAME.test(normalised)) {
		throw new ApiError(
			400,
			`Invalid profile name '${name}': use lowercase letters, digits, '-' and '_' (max 64 chars).`,
		);
	}
	const home = profileHome(rootHome(app.home), normalised);
	if (!existsSync(home)) {
		throw new ApiError(404, `Profile '${name}' does not exist.`);
	}
	return { home, db: homePaths(home).stateDB, profile: normalised, isDefaultProfile: normalised === "default" };
}

/** Runs a store call; a locked/corrupt database becomes a 503, a broken rule a 400. */
export async function guarded<T>(call: () => T | Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		if (error instanceof StateDBError) {
			throw new ApiError(503, error.message);
		}
		if (error instanceof SessionRuleError) {
			throw new ApiError(400, error.message);
		}
		throw error;
	}
}

/**
 * @module
 * Glue between the session/analytics routes and the state.db data layer: the resolved
 * `profile` (src/http/profile.ts) → the state.db to open, and store failures → clear errors.
 */
import { StateDBError } from "../hermes/sessions/state_db.ts";
import { SessionRuleError } from "../hermes/sessions/write.ts";
import { ApiError } from "../http/errors.ts";
import { profileFor } from "../http/profile.ts";
import type { AppContext } from "../context.ts";

export interface Store {
	home: string;
	db: string;
	/** Canonical profile name when one was asked for. */
	profile?: string;
	isDefaultProfile?: boolean;
}

/** The store of the requested profile (`?profile=` or a body `profile`); 400/404 as api-contract 0.2. */
export function storeFor(app: AppContext, requested: string | undefined | null): Store {
	const profile = profileFor(app, requested);
	const store: Store = { home: profile.home, db: profile.paths.stateDB };
	if (profile.name !== null) {
		store.profile = profile.name;
		store.isDefaultProfile = profile.isDefault;
	}
	return store;
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

/**
 * @module
 * The `profile` parameter (api-contract 0.2): absent, "" or "current" → the served
 * home; otherwise a validated profile name under the root home (400 invalid, 404
 * unknown). Body beats query where both exist.
 */
import { existsSync } from "node:fs";
import { ApiError } from "../http/errors.ts";
import { rootHome } from "../hermes/home/paths.ts";
import { PROFILE_NAME, profileHome } from "../hermes/home/profiles.ts";
import type { AppContext } from "../context.ts";

export function resolveProfileHome(
	app: AppContext,
	bodyProfile: string | undefined,
	queryProfile: string | undefined,
): string {
	const name = (bodyProfile ?? queryProfile ?? "").trim();
	if (name === "" || name.toLowerCase() === "current") {
		return app.home;
	}
	if (!PROFILE_NAME.test(name)) {
		throw new ApiError(400, `Invalid profile name '${name}': use lowercase letters, digits, '-' and '_' (max 64).`);
	}
	const home = profileHome(rootHome(app.home), name);
	if (!existsSync(home)) {
		throw new ApiError(404, `Profile '${name}' does not exist.`);
	}
	return home;
}

/**
 * @module
 * The `profile` parameter over HTTP (api-contract 0.2): the data layer's one resolver,
 * with its failures as Hermes's answers (400 invalid name, 404 unknown profile). Where a
 * JSON body may carry `profile` too, the body wins.
 */
import { resolveProfile, type ProfileFailure, type ResolvedProfile } from "../hermes/home/profiles.ts";
import { ApiError } from "./errors.ts";
import type { AppContext } from "../context.ts";

/** The HTTP status Hermes answers for a profile failure. */
export function profileFailureStatus(failure: ProfileFailure): 400 | 404 {
	return failure.kind === "invalid" ? 400 : 404;
}

/** The profile a request asked for: a body `profile` beats the query's. */
export function requestedProfile(
	bodyProfile: string | null | undefined,
	queryProfile: string | null | undefined,
): string | undefined {
	return bodyProfile ?? queryProfile ?? undefined;
}

/** Resolves the requested profile against this dashboard's home, or throws the 4xx. */
export function profileFor(app: AppContext, requested: string | null | undefined): ResolvedProfile {
	const resolution = resolveProfile(app.home, requested);
	if (!resolution.ok) {
		throw new ApiError(profileFailureStatus(resolution.failure), resolution.failure.message);
	}
	return resolution.profile;
}

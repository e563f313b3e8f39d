/**
 * @module
 * The provider registry: registration order is kept, names are unique, and every
 * provider that declined to register leaves a reason the fail-closed start can show.
 */
import type { DashboardAuthProvider } from "./provider.ts";
import { withDashboardSessions } from "./password_sessions.ts";
import { systemClock, type Clock } from "../hermes/home/clock.ts";

export interface SkippedProvider {
	name: string;
	reason: string;
}

export class ProviderRegistry {
	readonly #providers: DashboardAuthProvider[] = [];
	readonly #skipped: SkippedProvider[] = [];
	readonly #clock: Clock;

	/** `clock` dates the sessions the dashboard mints for password-only plugins. */
	constructor(clock: Clock = systemClock) {
		this.#clock = clock;
	}

	/** Adds a provider; throws on a malformed provider or a duplicate name. */
	register(provider: DashboardAuthProvider): void {
		if (typeof provider.name !== "string" || provider.name === "") {
			throw new Error("Auth provider has no name");
		}
		if (typeof provider.displayName !== "string" || provider.displayName === "") {
			throw new Error(`Auth provider '${provider.name}' has no display name`);
		}
		const usable =
			provider.verifySession !== undefined ||
			provider.verifyToken !== undefined ||
			provider.completePasswordLogin !== undefined;
		if (!usable) {
			throw new Error(`Auth provider '${provider.name}' implements no login or verify method`);
		}
		if (this.#providers.some((existing) => existing.name === provider.name)) {
			throw new Error(`Auth provider '${provider.name}' is already registered`);
		}
		const lowerCase = /^[a-z0-9][a-z0-9_-]*$/.test(provider.name);
		if (!lowerCase) {
			throw new Error(
				`Auth provider name must be lower-case letters, digits, - or _: ${JSON.stringify(provider.name)}`,
			);
		}
		// A password provider may implement only `completePasswordLogin`; sessions are then ours.
		const needsSessions =
			provider.completePasswordLogin !== undefined &&
			provider.verifySession === undefined &&
			provider.supportsSession !== false;
		this.#providers.push(needsSessions ? withDashboardSessions(provider, this.#clock) : provider);
	}

	/** Records why a bundled provider did not register (shown on a refused start). */
	skip(name: string, reason: string): void {
		this.#skipped.push({ name, reason });
	}

	get size(): number {
		return this.#providers.length;
	}

	/** Every provider, registration order (what `/api/status` lists). */
	list(): readonly DashboardAuthProvider[] {
		return this.#providers;
	}

	/** Providers that hold browser sessions (OAuth and password ones). */
	sessionProviders(): DashboardAuthProvider[] {
		return this.#providers.filter((provider) => provider.supportsSession !== false);
	}

	/** Whether `path` is a token route of some token provider (the D.12 seam). */
	isTokenPath(path: string): boolean {
		return this.tokenProviders().some((provider) => provider.tokenPaths?.includes(path) === true);
	}

	tokenProviders(): DashboardAuthProvider[] {
		return this.#providers.filter((provider) => provider.supportsToken === true);
	}

	get(name: string): DashboardAuthProvider | undefined {
		return this.#providers.find((provider) => provider.name === name);
	}

	skipped(): readonly SkippedProvider[] {
		return this.#skipped;
	}
}

/**
 * @module
 * Auth provider plugins (api-contract D.13): a module at
 * `<home>/plugins/<name>/dashboard_auth.{mjs,js,ts}` exporting `register(ctx)`, which
 * calls `ctx.registerDashboardAuthProvider(provider)`. The context hands plugins the
 * OIDC provider and the error classes, so a plugin needs no import from this package.
 * Only the named file is loaded: other files under `plugins/` (Hermes's Python plugins,
 * dashboard plugin bundles) are never executed.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ConfigMapping } from "../hermes/config/yaml.ts";
import type { Clock } from "../hermes/home/clock.ts";
import { OIDCProvider, type OIDCSettings } from "./oidc.ts";
import {
	InvalidCodeError,
	InvalidCredentialsError,
	ProviderUnreachableError,
	RefreshExpiredError,
	type DashboardAuthProvider,
} from "./provider.ts";
import type { ProviderRegistry } from "./registry.ts";

export const PLUGIN_FILES = ["dashboard_auth.mjs", "dashboard_auth.js", "dashboard_auth.ts"];

export interface AuthPluginContext {
	registerDashboardAuthProvider(provider: DashboardAuthProvider): void;
	createOIDCProvider(settings: OIDCSettings): DashboardAuthProvider;
	errors: {
		ProviderUnreachableError: typeof ProviderUnreachableError;
		InvalidCredentialsError: typeof InvalidCredentialsError;
		InvalidCodeError: typeof InvalidCodeError;
		RefreshExpiredError: typeof RefreshExpiredError;
	};
	config: ConfigMapping;
	env: Record<string, string | undefined>;
	home: string;
	pluginName: string;
}

/** A loaded plugin: its name and register function. */
export interface LoadedAuthPlugin {
	name: string;
	register: (ctx: AuthPluginContext) => void | Promise<void>;
}

export interface PluginLoadResult {
	plugins: LoadedAuthPlugin[];
	errors: string[];
}

/** Finds and imports every auth plugin under `<home>/plugins/`. */
export async function loadAuthPlugins(home: string): Promise<PluginLoadResult> {
	const root = join(home, "plugins");
	const result: PluginLoadResult = { plugins: [], errors: [] };
	if (!existsSync(root)) {
		return result;
	}
	for (const entry of readdirSync(root).sort()) {
		const dir = join(root, entry);
		if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
			continue;
		}
		const file = PLUGIN_FILES.map((name) => join(dir, name)).find((path) => existsSync(path));
		if (file === undefined) {
			continue;
		}
		try {
			const module = (await import(pathToFileURL(file).href)) as {
				register?: unknown;
				default?: { register?: unknown };
			};
			const register = module.register ?? module.default?.register;
			if (typeof register !== "function") {
				result.errors.push(`auth plugin ${entry}: ${file} exports no register(ctx) function`);
				continue;
			}
			result.plugins.push({ name: entry, register: register as LoadedAuthPlugin["register"] });
		} catch (error) {
			result.errors.push(`auth plugin ${entry}: failed to load ${file}: ${(error as Error).message}`);
		}
	}
	return result;
}

/** Runs each plugin's `register(ctx)`; returns the problems to report at start. */
export async function registerAuthPlugins(
	registry: ProviderRegistry,
	plugins: LoadedAuthPlugin[],
	input: { config: ConfigMapping; env: Record<string, string | undefined>; home: string; clock: Clock },
): Promise<string[]> {
	const errors: string[] = [];
	for (const plugin of plugins) {
		const ctx: AuthPluginContext = {
			registerDashboardAuthProvider(provider) {
				try {
					registry.register(provider);
				} catch (error) {
					errors.push(`auth plugin ${plugin.name}: ${(error as Error).message}`);
				}
			},
			createOIDCProvider: (settings) => new OIDCProvider({ clock: input.clock, ...settings }),
			errors: { ProviderUnreachableError, InvalidCredentialsError, InvalidCodeError, RefreshExpiredError },
			config: input.config,
			env: input.env,
			home: input.home,
			pluginName: plugin.name,
		};
		try {
			await plugin.register(ctx);
		} catch (error) {
			errors.push(`auth plugin ${plugin.name}: register() failed: ${(error as Error).message}`);
		}
	}
	return errors;
}

/**
 * @module
 * The `/api/status` payload (api-contract A.1, hermes-home §17.4), assembled from the
 * home's files. Every probe degrades instead of failing: status is always answerable.
 */
import { existsSync } from "node:fs";
import { homePaths, rootHome } from "../home/paths.ts";
import { getPath, readConfigLenient } from "../config/yaml.ts";
import { readGatewayStatus, type GatewayStatus, type PlatformState } from "../gateway/runtime.ts";
import { canUpdateInPlace, findHermesInstall, LATEST_CONFIG_VERSION, type HermesInstall } from "../home/install.ts";
import { listProfiles, profileHome } from "../home/profiles.ts";
import { countActiveSessions } from "../sessions/query.ts";
import { nousSessionState, type NousSessionState } from "../credentials/auth_json.ts";
import type { Clock } from "../home/clock.ts";

export type GatewayMode = "multiplex" | "single" | "multiple" | "none" | "unknown";

export interface StatusPayload {
	version: string;
	release_date: string;
	hermes_installed: boolean;
	config_version: number;
	latest_config_version: number;
	can_update_hermes: boolean;
	gateway_running: boolean;
	gateway_state: string | null;
	gateway_platforms: Record<string, PlatformState>;
	gateway_exit_reason: unknown;
	gateway_updated_at: unknown;
	active_agents: number;
	gateway_busy: boolean;
	gateway_drainable: boolean;
	restart_drain_timeout: number;
	active_sessions: number;
	auth_required: boolean;
	auth_providers: string[];
	nous_session_valid: NousSessionState;
	profiles: string[];
	gateway_mode: GatewayMode;
	hermes_home?: string;
	config_path?: string;
	env_path?: string;
	gateway_pid?: number | null;
	gateway_health_url?: string | null;
	gateways?: { profile: string; ports: Record<string, number>; served_profiles?: string[] }[];
}

export interface StatusInput {
	home: string;
	env: Record<string, string | undefined>;
	authRequired: boolean;
	authProviders: string[];
	/** "Now" in epoch milliseconds (the app's clock): decides active sessions and token expiry. */
	nowMs: number;
	/** Probe for a remote gateway (`GATEWAY_HEALTH_URL`); injectable for tests. */
	fetchRemote?: (url: string) => Promise<{ pid: number | null } | null>;
}

/**
 * The install rarely changes: look it up at most once a minute (a monotonic timer: this
 * is cache age, not a rule about the date, so a pinned clock must not freeze it).
 */
let installCache: { key: string; at: number; value: HermesInstall } | null = null;

function cachedInstall(home: string, env: Record<string, string | undefined>): HermesInstall {
	const key = `${home}\0${env.PATH ?? ""}\0${env.HERMES_AGENT_DIR ?? ""}`;
	const now = performance.now();
	if (installCache === null || installCache.key !== key || now - installCache.at > 60_000) {
		installCache = { key, at: now, value: findHermesInstall(home, env) };
	}
	return installCache.value;
}

function configVersion(configPath: string, config: Record<string, unknown>): number {
	if (!existsSync(configPath)) {
		return LATEST_CONFIG_VERSION;
	}
	const raw = config._config_version;
	return typeof raw === "number" && Number.isInteger(raw) ? raw : 0;
}

async function probeRemote(url: string): Promise<{ pid: number | null } | null> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(1500) });
		if (!response.ok) {
			await response.body?.cancel();
			return null;
		}
		const body = (await response.json().catch(() => ({}))) as { pid?: unknown };
		return { pid: typeof body.pid === "number" ? body.pid : null };
	} catch {
		return null;
	}
}

function gatewayMode(own: GatewayStatus, othersRunning: number): GatewayMode {
	const running = (own.running ? 1 : 0) + othersRunning;
	if (running === 0) {
		return "none";
	}
	if (running > 1) {
		return "multiple";
	}
	return own.servedProfiles.length > 1 ? "multiplex" : "single";
}

export async function buildStatus(input: StatusInput): Promise<StatusPayload> {
	const paths = homePaths(input.home);
	const config = readConfigLenient(paths.config);
	const install = cachedInstall(input.home, input.env);
	const gateway = readGatewayStatus(input.home, config);
	const root = rootHome(input.home);
	const profiles = listProfiles(root);

	const healthURL = input.env.GATEWAY_HEALTH_URL?.trim() || null;
	let running = gateway.running;
	let state = gateway.state;
	let pid = gateway.pid;
	if (!running && healthURL !== null) {
		const remote = await (input.fetchRemote ?? probeRemote)(healthURL);
		if (remote !== null) {
			running = true;
			state = "running";
			pid = remote.pid;
		}
	}

	const gateways: NonNullable<StatusPayload["gateways"]> = [];
	let othersRunning = 0;
	for (const profile of profiles) {
		const home = profileHome(root, profile);
		const status =
			home === input.home ? gateway : readGatewayStatus(home, readConfigLenient(homePaths(home).config));
		if (!status.running) {
			continue;
		}
		if (home !== input.home) {
			othersRunning++;
		}
		const entry: (typeof gateways)[number] = { profile, ports: status.ports };
		if (status.servedProfiles.length > 0) {
			entry.served_profiles = status.servedProfiles;
		}
		gateways.push(entry);
	}

	const drain = getPath(config, "agent.restart_drain_timeout");
	const payload: StatusPayload = {
		version: install.version ?? "not installed",
		release_date: install.releaseDate ?? "",
		hermes_installed: install.found,
		config_version: configVersion(paths.config, config),
		latest_config_version: LATEST_CONFIG_VERSION,
		can_update_hermes: canUpdateInPlace(install, input.home, input.env),
		gateway_running: running,
		gateway_state: state,
		gateway_platforms: running ? gateway.platforms : {},
		gateway_exit_reason: gateway.exitReason,
		gateway_updated_at: gateway.updatedAt,
		active_agents: gateway.activeAgents,
		gateway_busy: running && state === "running" && gateway.activeAgents > 0,
		gateway_drainable: running && state === "running",
		restart_drain_timeout: typeof drain === "number" && Number.isFinite(drain) ? drain : 0,
		active_sessions: countActiveSessions(paths.stateDB, input.nowMs / 1000),
		auth_required: input.authRequired,
		auth_providers: input.authProviders,
		nous_session_valid: nousSessionState(input.home, input.nowMs),
		profiles,
		gateway_mode: gatewayMode(gateway, othersRunning),
	};
	if (!input.authRequired) {
		payload.hermes_home = input.home;
		payload.config_path = paths.config;
		payload.env_path = paths.env;
		payload.gateway_pid = pid;
		payload.gateway_health_url = healthURL;
		payload.gateways = gateways;
	}
	return payload;
}

/** The status payload for a running dashboard: its home, security mode and clock. */
/** What the status payload needs to know about the running dashboard. */
export interface StatusSource {
	home: string;
	env: Record<string, string | undefined>;
	mode: string;
	providers: { list(): readonly { name: string }[] };
	clock: Clock;
}

/** The status payload for the served home, or for a requested profile's `home`. */
export function currentStatus(app: StatusSource, home: string = app.home): Promise<StatusPayload> {
	return buildStatus({
		home,
		env: app.env,
		authRequired: app.mode === "gated",
		authProviders: app.providers.list().map((provider) => provider.name),
		nowMs: app.clock.now(),
	});
}

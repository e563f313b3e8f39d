/**
 * @module
 * Device-code sign-in (api-contract-clients §3.8): the RFC 8628 flows of Nous Portal and
 * xAI, and OpenAI Codex's own variant (JSON user-code and poll endpoints, then a code
 * exchange). The start call returns the user code; a background poller waits for the
 * user's approval and stores the tokens in the session's auth.json under Hermes's lock.
 * A cancelled session stops its poller before anything is stored.
 */
import { isMapping } from "../config/effective.ts";
import { updateAuth } from "./auth_store.ts";
import { CLIENT_IDS, OAuthFlowError, type OAuthSession, type OAuthSessions } from "./oauth_flows.ts";

export type DeviceProvider = "nous" | "xai-oauth" | "openai-codex";
export const DEVICE_PROVIDERS: ReadonlySet<string> = new Set(["nous", "xai-oauth", "openai-codex"]);

type Tokens = Record<string, unknown>;

export interface DeviceStart {
	session_id: string;
	flow: "device_code";
	user_code: string;
	verification_url: string;
	expires_in: number;
	poll_interval: number;
}

const FORM = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };
/** Codex answers its user code within this time or the start fails (Hermes waits 10 s too). */
const CODEX_START_MS = 10_000;

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function fail(session: OAuthSession, status: OAuthSession["status"], message: string): void {
	if (session.status === "pending") {
		session.status = status;
		session.error = message;
	}
}

/** Stores the login under `providers.<id>` of the session's auth.json. */
async function store(flows: OAuthSessions, session: OAuthSession, entry: Record<string, unknown>): Promise<void> {
	await updateAuth(session.home, flows.now(), (data) => {
		const providers = isMapping(data.providers) ? data.providers : {};
		data.providers = providers;
		providers[session.provider] = entry;
	});
}

function rfcEntry(flows: OAuthSessions, session: OAuthSession, tokens: Tokens): Record<string, unknown> {
	const now = flows.now();
	const expiresIn = typeof tokens.expires_in === "number" ? tokens.expires_in : null;
	return {
		...(session.provider === "nous" ? { portal_base_url: flows.endpoints.nousPortal } : {}),
		client_id: CLIENT_IDS[session.provider],
		token_type: tokens.token_type ?? "Bearer",
		scope: tokens.scope ?? null,
		access_token: tokens.access_token,
		refresh_token: tokens.refresh_token ?? null,
		obtained_at: new Date(now).toISOString(),
		expires_in: expiresIn,
		expires_at: expiresIn === null ? null : new Date(now + expiresIn * 1000).toISOString(),
	};
}

async function rfcEndpoints(flows: OAuthSessions, provider: DeviceProvider) {
	if (provider === "nous") {
		const portal = flows.endpoints.nousPortal;
		return {
			codeURL: `${portal}/api/oauth/device/code`,
			tokenURL: `${portal}/api/oauth/token`,
			scope: "inference:invoke",
		};
	}
	const issuer = flows.endpoints.xaiIssuer;
	const discovery = await flows.fetcher(`${issuer}/.well-known/openid-configuration`, {
		signal: AbortSignal.timeout(15_000),
	});
	const meta = (await discovery.json()) as Tokens;
	if (typeof meta.token_endpoint !== "string") throw new OAuthFlowError("xAI discovery has no token_endpoint");
	return { codeURL: `${issuer}/oauth2/device/code`, tokenURL: meta.token_endpoint, scope: "openid offline_access" };
}

/** RFC 8628: ask for a user code, then poll the token endpoint in the background. */
async function startRFC(flows: OAuthSessions, provider: DeviceProvider, home: string): Promise<DeviceStart> {
	const { codeURL, tokenURL, scope } = await rfcEndpoints(flows, provider);
	const response = await flows.fetcher(codeURL, {
		method: "POST",
		headers: FORM,
		body: new URLSearchParams({ client_id: CLIENT_IDS[provider]!, scope }),
		signal: AbortSignal.timeout(15_000),
	});
	if (!response.ok) throw new OAuthFlowError(`${provider} device code request failed: HTTP ${response.status}`);
	const grant = (await response.json()) as Tokens;
	if (typeof grant.device_code !== "string" || typeof grant.user_code !== "string") {
		throw new OAuthFlowError(`${provider} device code response is missing device_code or user_code`);
	}
	const expiresIn = Number(grant.expires_in) > 0 ? Number(grant.expires_in) : 900;
	const interval = Math.max(1, Number(grant.interval) || 5);
	const session = flows.open(provider, "device_code", home, expiresIn * 1000);
	void pollRFC(flows, session, tokenURL, grant.device_code, interval);
	return {
		session_id: session.id,
		flow: "device_code",
		user_code: grant.user_code,
		verification_url: String(grant.verification_uri_complete ?? grant.verification_uri ?? ""),
		expires_in: expiresIn,
		poll_interval: interval,
	};
}

async function pollRFC(
	flows: OAuthSessions,
	session: OAuthSession,
	tokenURL: string,
	deviceCode: string,
	interval: number,
) {
	let wait = interval;
	try {
		while (session.status === "pending") {
			await sleep(wait * 1000);
			if (flows.now() > session.expiresMs) return fail(session, "expired", "Device code expired before approval");
			const response = await flows.fetcher(tokenURL, {
				method: "POST",
				headers: FORM,
				body: new URLSearchParams({
					grant_type: "urn:ietf:params:oauth:grant-type:device_code",
					client_id: CLIENT_IDS[session.provider]!,
					device_code: deviceCode,
				}),
				signal: AbortSignal.timeout(15_000),
			});
			const payload = (await response.json().catch(() => ({}))) as Tokens;
			if (session.status !== "pending") return;
			if (response.ok && typeof payload.access_token === "string") {
				await store(flows, session, rfcEntry(flows, session, payload));
				session.status = "approved";
				return;
			}
			if (payload.error === "authorization_pending") continue;
			if (payload.error === "slow_down") {
				wait = Math.min(wait + 1, 30);
				continue;
			}
			const status =
				payload.error === "access_denied" ? "denied" : payload.error === "expired_token" ? "expired" : "error";
			return fail(
				session,
				status,
				String(payload.error_description ?? payload.error ?? `HTTP ${response.status}`),
			);
		}
	} catch (error) {
		fail(session, "error", String((error as Error)?.message ?? error));
	}
}

/** OpenAI Codex: its own user-code and poll endpoints, then an authorization-code exchange. */
async function startCodex(flows: OAuthSessions, home: string): Promise<DeviceStart> {
	const issuer = flows.endpoints.codexIssuer;
	let response: Response;
	try {
		response = await flows.fetcher(`${issuer}/api/accounts/deviceauth/usercode`, {
			method: "POST",
			headers: JSON_HEADERS,
			body: JSON.stringify({ client_id: CLIENT_IDS["openai-codex"] }),
			signal: AbortSignal.timeout(CODEX_START_MS),
		});
	} catch (error) {
		if ((error as Error)?.name === "TimeoutError") throw new CodexTimeout();
		throw error;
	}
	if (!response.ok) throw new OAuthFlowError(`device-auth start returned HTTP ${response.status}`);
	const grant = (await response.json()) as Tokens;
	const userCode = typeof grant.user_code === "string" ? grant.user_code : "";
	const deviceAuthID = typeof grant.device_auth_id === "string" ? grant.device_auth_id : "";
	if (userCode === "" || deviceAuthID === "")
		throw new OAuthFlowError("device-code response missing user_code or device_auth_id");
	const interval = Math.max(3, Number(grant.interval) || 5);
	const session = flows.open("openai-codex", "device_code", home, 15 * 60 * 1000);
	void pollCodex(flows, session, userCode, deviceAuthID, interval);
	return {
		session_id: session.id,
		flow: "device_code",
		user_code: userCode,
		verification_url: `${issuer}/codex/device`,
		expires_in: 900,
		poll_interval: interval,
	};
}

async function pollCodex(
	flows: OAuthSessions,
	session: OAuthSession,
	userCode: string,
	deviceAuthID: string,
	interval: number,
) {
	const issuer = flows.endpoints.codexIssuer;
	try {
		let grant: Tokens | null = null;
		while (session.status === "pending" && grant === null) {
			await sleep(interval * 1000);
			if (flows.now() > session.expiresMs) return fail(session, "expired", "Device code expired before approval");
			const poll = await flows.fetcher(`${issuer}/api/accounts/deviceauth/token`, {
				method: "POST",
				headers: JSON_HEADERS,
				body: JSON.stringify({ device_auth_id: deviceAuthID, user_code: userCode }),
				signal: AbortSignal.timeout(15_000),
			});
			if (poll.status === 200) grant = (await poll.json()) as Tokens;
			else if (poll.status === 403 || poll.status === 404) await poll.body?.cancel();
			else return fail(session, "error", `deviceauth/token poll returned ${poll.status}`);
		}
		if (grant === null || session.status !== "pending") return;
		const exchange = await flows.fetcher(`${issuer}/oauth/token`, {
			method: "POST",
			headers: FORM,
			body: new URLSearchParams({
				grant_type: "authorization_code",
				code: String(grant.authorization_code ?? ""),
				redirect_uri: `${issuer}/deviceauth/callback`,
				client_id: CLIENT_IDS["openai-codex"]!,
				code_verifier: String(grant.code_verifier ?? ""),
			}),
			signal: AbortSignal.timeout(15_000),
		});
		if (exchange.status !== 200) return fail(session, "error", `token exchange returned ${exchange.status}`);
		const tokens = (await exchange.json()) as Tokens;
		if (typeof tokens.access_token !== "string" || tokens.access_token === "") {
			return fail(session, "error", "token exchange did not return access_token");
		}
		if (session.status !== "pending") return;
		await store(flows, session, {
			tokens: { access_token: tokens.access_token, refresh_token: tokens.refresh_token ?? "" },
			last_refresh: new Date(flows.now()).toISOString().replace(/\.\d+Z$/, "Z"),
			auth_mode: "chatgpt",
		});
		session.status = "approved";
	} catch (error) {
		fail(session, "error", String((error as Error)?.message ?? error));
	}
}

/** Codex did not hand out a user code in time. */
export class CodexTimeout extends Error {
	constructor() {
		super("device-auth timed out before returning a user code");
	}
}

export function startDeviceFlow(flows: OAuthSessions, provider: DeviceProvider, home: string): Promise<DeviceStart> {
	return provider === "openai-codex" ? startCodex(flows, home) : startRFC(flows, provider, home);
}

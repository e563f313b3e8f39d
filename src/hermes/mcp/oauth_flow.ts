/**
 * @module
 * The OAuth sign-in Hermes runs for `POST /api/mcp/servers/{name}/auth` (and
 * `hermes mcp login`): cached state is cleared to force a fresh consent, the SDK's
 * OAuth client discovers the server's authorization server, registers a client (or uses
 * the entry's pre-registered `oauth.client_id`), and sends the browser to consent; a
 * one-shot callback listener on 127.0.0.1 receives the code, which is exchanged for
 * tokens. Tokens and client registration land in `mcp-tokens/` in Hermes's layout, so
 * Hermes uses them as its own. On any failure the previous files are put back.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { tokenFileStem } from "./oauth_tokens.ts";
import { isMapping, type ServerConfig } from "./servers.ts";

/** How long the user has to finish consenting in the browser (Hermes's callback window). */
export const CALLBACK_WINDOW_MS = 300_000;

export interface OAuthFlowOptions {
	home: string;
	name: string;
	url: string;
	config: ServerConfig;
	/** Sends the user's browser to the authorization URL. */
	openURL: (url: string) => void;
	/** Wall-clock seconds, for the absolute `expires_at` Hermes stores beside tokens. */
	nowSeconds: () => number;
	callbackWindowMs?: number;
}

type Json = Record<string, unknown>;

/** The SDK's OAuth client pieces, loaded on first use and typed here (see probe.ts for why). */
interface AuthModule {
	auth: (
		provider: Json,
		options: { serverUrl: string; authorizationCode?: string; scope?: string },
	) => Promise<"AUTHORIZED" | "REDIRECT">;
}
const AUTH_MODULE = "@modelcontextprotocol/sdk/client/auth.js";

function readJson(path: string): Json | undefined {
	try {
		const data: unknown = JSON.parse(readFileSync(path, "utf8"));
		return isMapping(data) ? data : undefined;
	} catch {
		return undefined;
	}
}

/** A one-shot listener for the authorization server's redirect back to us. */
function callbackListener(): Promise<{ server: Server; port: number; result: Promise<URLSearchParams> }> {
	let deliver: (params: URLSearchParams) => void = () => {};
	const result = new Promise<URLSearchParams>((resolve) => {
		deliver = resolve;
	});
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? "/", "http://127.0.0.1");
		if (url.pathname !== "/callback") {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
		res.end("<!doctype html><title>Hermes</title><p>Sign-in received. You can close this tab.</p>");
		deliver(url.searchParams);
	});
	return new Promise((resolve, reject) => {
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			resolve({ server, port: typeof address === "object" && address !== null ? address.port : 0, result });
		});
	});
}

/** Runs the flow; resolves when tokens are stored, rejects with a readable error otherwise. */
export async function runOAuthFlow(options: OAuthFlowOptions): Promise<void> {
	const dir = join(options.home, "mcp-tokens");
	const stem = tokenFileStem(options.name);
	const files = {
		tokens: join(dir, `${stem}.json`),
		client: join(dir, `${stem}.client.json`),
		meta: join(dir, `${stem}.meta.json`),
	};
	const backup = new Map<string, string>();
	for (const path of Object.values(files)) {
		try {
			backup.set(path, readFileSync(path, "utf8"));
		} catch {
			// Nothing cached there.
		}
		rmSync(path, { force: true });
	}
	const restore = (): void => {
		for (const path of Object.values(files)) {
			const previous = backup.get(path);
			if (previous === undefined) {
				rmSync(path, { force: true });
			} else {
				writeFileAtomic(path, previous, { forceMode: 0o600 });
			}
		}
	};
	const write = (path: string, data: Json): void => {
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		writeFileAtomic(path, `${JSON.stringify(data, null, 2)}\n`, { forceMode: 0o600 });
	};

	const listener = await callbackListener();
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		const oauth = isMapping(options.config.oauth) ? options.config.oauth : {};
		const redirectUrl = `http://127.0.0.1:${listener.port}/callback`;
		const state = randomBytes(16).toString("base64url");
		let verifier = "";
		const preRegistered =
			typeof oauth.client_id === "string" && oauth.client_id !== ""
				? {
						client_id: oauth.client_id,
						...(oauth.client_secret ? { client_secret: String(oauth.client_secret) } : {}),
					}
				: undefined;
		const provider = {
			get redirectUrl() {
				return redirectUrl;
			},
			get clientMetadata() {
				return {
					client_name: typeof oauth.client_name === "string" ? oauth.client_name : "Hermes Agent",
					redirect_uris: [redirectUrl],
					grant_types: ["authorization_code", "refresh_token"],
					response_types: ["code"],
					token_endpoint_auth_method: oauth.client_secret ? "client_secret_post" : "none",
					...(typeof oauth.scope === "string" ? { scope: oauth.scope } : {}),
				};
			},
			state: () => state,
			clientInformation: () => preRegistered ?? readJson(files.client),
			saveClientInformation: (info: Json) => write(files.client, info),
			tokens: () => {
				const tokens = readJson(files.tokens);
				if (tokens !== undefined) delete tokens.expires_at;
				return tokens;
			},
			saveTokens: (tokens: Json) => {
				const expiresIn = Number(tokens.expires_in);
				write(
					files.tokens,
					Number.isFinite(expiresIn) ? { ...tokens, expires_at: options.nowSeconds() + expiresIn } : tokens,
				);
			},
			redirectToAuthorization: (url: URL) => options.openURL(url.href),
			saveCodeVerifier: (value: string) => {
				verifier = value;
			},
			codeVerifier: () => verifier,
		};
		const { auth } = (await import(AUTH_MODULE)) as AuthModule;
		const scope = typeof oauth.scope === "string" ? oauth.scope : undefined;
		const first = await auth(provider, { serverUrl: options.url, scope });
		if (first !== "AUTHORIZED") {
			const timeout = new Promise<never>((_, reject) => {
				timer = setTimeout(
					() => reject(new Error("The browser sign-in was not completed in time.")),
					options.callbackWindowMs ?? CALLBACK_WINDOW_MS,
				);
			});
			const params = await Promise.race([listener.result, timeout]);
			if (params.get("error")) {
				throw new Error(
					`The authorization server refused: ${params.get("error_description") || params.get("error")}`,
				);
			}
			if (params.get("state") !== state) {
				throw new Error("The sign-in callback did not match this request (state mismatch).");
			}
			const code = params.get("code");
			if (!code) {
				throw new Error("The sign-in callback carried no authorization code.");
			}
			await auth(provider, { serverUrl: options.url, authorizationCode: code, scope });
		}
		if (readJson(files.tokens) === undefined) {
			throw new Error(
				"The server responded, but no OAuth token was obtained — this provider may require a manually-registered OAuth client (see `hermes mcp login`).",
			);
		}
	} catch (error) {
		restore();
		throw error;
	} finally {
		clearTimeout(timer);
		listener.server.closeAllConnections();
		listener.server.close();
	}
}

/**
 * A client that speaks to a remote dashboard the way Hermes Desktop's remote mode does
 * (api-contract §E): Node http requests with `Content-Type: application/json` on every
 * call, the session token header in token mode (the cookie jar in OAuth mode), bodies on
 * DELETE too, `?profile=<name>` appended unless the path names one, and its reading of
 * the answer: status ≥ 400 → an error `"<status>: <body>"`, HTML → "endpoint likely
 * missing", empty → null.
 */
import { request as httpRequest } from "node:http";

/** Token mode sends the header; OAuth mode sends the session cookies. */
export type DesktopCredential = { token: string } | { cookie: string } | null;

export interface DesktopCall {
	method?: string;
	body?: unknown;
	/** The Desktop profile the call is scoped to (global remote mode appends it). */
	profile?: string;
	/** Extra headers (a test's deliberate deviation, e.g. a foreign Host). */
	headers?: Record<string, string>;
}

/** `?profile=` appended as Desktop's global remote mode does: only when the path has none. */
export function withProfile(path: string, profile: string | undefined): string {
	if (profile === undefined || profile.trim() === "") return path;
	const url = new URL(path, "http://hermes.local");
	if (url.searchParams.has("profile")) return path;
	url.searchParams.set("profile", profile.trim());
	return `${url.pathname}${url.search}`;
}

/** Raw answer: status, headers, text. */
export function desktopSend(
	base: string,
	credential: DesktopCredential,
	path: string,
	call: DesktopCall = {},
): Promise<{ status: number; contentType: string; text: string; setCookie: string[] }> {
	const body = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
	const headers: Record<string, string> = { "Content-Type": "application/json", ...call.headers };
	if (credential !== null && "token" in credential) headers["X-Hermes-Session-Token"] = credential.token;
	if (credential !== null && "cookie" in credential) headers.Cookie = credential.cookie;
	if (body !== undefined) headers["Content-Length"] = String(body.length);
	const url = new URL(`${base}${withProfile(path, call.profile)}`);
	return new Promise((resolve, reject) => {
		const request = httpRequest(url, { method: call.method ?? "GET", headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on("data", (chunk: Buffer) => chunks.push(chunk));
			response.on("error", reject);
			response.on("end", () =>
				resolve({
					status: response.statusCode ?? 500,
					contentType: String(response.headers["content-type"] ?? ""),
					text: Buffer.concat(chunks).toString("utf8"),
					setCookie: response.headers["set-cookie"] ?? [],
				}),
			);
		});
		request.on("error", reject);
		if (body !== undefined) request.write(body);
		request.end();
	});
}

/** Desktop's JSON call: resolves with the parsed body (null when empty), rejects like Desktop does. */
export async function desktopJson(
	base: string,
	credential: DesktopCredential,
	path: string,
	call: DesktopCall = {},
): Promise<any> {
	const answer = await desktopSend(base, credential, path, call);
	if (answer.status >= 400) throw new Error(`${answer.status}: ${answer.text}`);
	if (answer.text === "") return null;
	if (/^\s*<(?:!doctype|html)/i.test(answer.text) || answer.contentType.includes("text/html")) {
		throw new Error(`Expected JSON from ${path} but got HTML: the endpoint is likely missing`);
	}
	return JSON.parse(answer.text);
}

/** The `/api/ws` URL Desktop builds from a remote base URL (the base's path is the prefix). */
export function gatewayURL(base: string, credential: { token: string } | { ticket: string }, profile?: string): string {
	const url = new URL(base);
	const scheme = url.protocol === "https:" ? "wss" : "ws";
	const prefix = url.pathname.replace(/\/+$/, "");
	const query =
		"token" in credential
			? `token=${encodeURIComponent(credential.token)}`
			: `ticket=${encodeURIComponent(credential.ticket)}`;
	const scope = profile === undefined ? "" : `&profile=${encodeURIComponent(profile)}`;
	return `${scheme}://${url.host}${prefix}/api/ws?${query}${scope}`;
}

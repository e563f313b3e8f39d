/**
 * @module
 * `POST /api/providers/validate` (api-contract-clients §3.7): a live check of a key or
 * base URL before it is saved. Nothing is stored; the answer is always a verdict.
 */

export interface Verdict {
	ok: boolean;
	reachable: boolean;
	message: string;
	models?: string[];
}

/** The probe per key name: where to ask, and whether the key goes in the URL or a Bearer header. */
export interface KeyProbe {
	url: (value: string) => string;
	bearer: boolean;
}

export const KEY_PROBES: Readonly<Record<string, KeyProbe>> = {
	OPENROUTER_API_KEY: { url: () => "https://openrouter.ai/api/v1/key", bearer: true },
	OPENAI_API_KEY: { url: () => "https://api.openai.com/v1/models", bearer: true },
	XAI_API_KEY: { url: () => "https://api.x.ai/v1/models", bearer: true },
	GEMINI_API_KEY: {
		url: (value) => `https://generativelanguage.googleapis.com/v1beta/models?key=${encodeURIComponent(value)}`,
		bearer: false,
	},
};

function modelIds(body: unknown): string[] {
	const data = (body as { data?: unknown } | null)?.data;
	if (!Array.isArray(data)) return [];
	return data
		.map((item) => (typeof item === "string" ? item : (item as { id?: unknown } | null)?.id))
		.filter((id): id is string => typeof id === "string");
}

async function get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<Response> {
	return fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
}

export async function validateCredential(
	key: string,
	value: string,
	apiKey: string | undefined,
	probes: Readonly<Record<string, KeyProbe>> = KEY_PROBES,
): Promise<Verdict> {
	if (value.trim() === "") {
		return { ok: false, reachable: true, message: "Enter a value first." };
	}
	if (key === "OPENAI_BASE_URL") {
		const url = `${value.trim().replace(/\/+$/, "")}/models`;
		let response: Response;
		try {
			response = await get(url, apiKey ? { Authorization: `Bearer ${apiKey}` } : {}, 8000);
		} catch {
			return { ok: false, reachable: false, message: `Could not reach ${url}.` };
		}
		const body: unknown = response.ok ? await response.json().catch(() => null) : await response.body?.cancel();
		return { ok: true, reachable: true, message: "", models: response.ok ? modelIds(body) : [] };
	}
	const probe = Object.hasOwn(probes, key) ? probes[key] : undefined;
	if (probe === undefined) {
		return { ok: true, reachable: false, message: "" };
	}
	let status: number;
	try {
		const headers: Record<string, string> = { Accept: "application/json" };
		if (probe.bearer) headers.Authorization = `Bearer ${value}`;
		const response = await get(probe.url(value), headers, 10_000);
		status = response.status;
		await response.body?.cancel();
	} catch {
		return { ok: false, reachable: false, message: "Could not reach the provider to verify the key." };
	}
	if (status === 401 || status === 403) {
		return { ok: false, reachable: true, message: "That API key was rejected. Double-check it and try again." };
	}
	if ((status >= 200 && status < 300) || status === 429) {
		return { ok: true, reachable: true, message: "" };
	}
	return { ok: false, reachable: true, message: `Provider returned HTTP ${status} for this key.` };
}

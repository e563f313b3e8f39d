/**
 * @module
 * Webhook subscriptions (hermes-home §9): `webhook_subscriptions.json` exactly as
 * Hermes's `hermes webhook subscribe` writes it, the webhook platform's enabled flag
 * and base URL from config.yaml. The gateway hot-reloads the file, so no restart is
 * needed for route changes. Secrets leave this module only in the create result.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { getPath, readConfigLenient, type ConfigMapping } from "../config/yaml.ts";
import { readJSONEntries, setKey, updateJSONObject, type JSONObject } from "../channels/json_file.ts";

export const SUBSCRIPTIONS_FILE = "webhook_subscriptions.json";

/** Route names as Hermes accepts them (after trim, lower-case, spaces → `-`). */
export const ROUTE_NAME = /^[a-z0-9][a-z0-9_-]*$/;

export interface WebhookSummary {
	name: string;
	description: string;
	events: string[];
	deliver: string;
	deliver_only: boolean;
	prompt: string;
	script: string;
	skills: string[];
	created_at: unknown;
	url: string;
	secret_set: boolean;
	enabled: boolean;
}

export interface NewSubscription {
	name: string;
	description?: string | null;
	events: string[];
	prompt?: string | null;
	script?: string | null;
	skills: string[];
	deliver: string;
	deliver_only: boolean;
	deliver_chat_id?: string | null;
	secret?: string | null;
}

export function subscriptionsPath(home: string): string {
	return join(home, SUBSCRIPTIONS_FILE);
}

function webhookConfig(home: string): ConfigMapping {
	const section = getPath(readConfigLenient(join(home, "config.yaml")), "platforms.webhook");
	return section !== null && typeof section === "object" && !Array.isArray(section) ? (section as ConfigMapping) : {};
}

/** `platforms.webhook.enabled` is truthy in config.yaml (`WEBHOOK_ENABLED` is not consulted). */
export function webhookPlatformEnabled(home: string): boolean {
	const enabled = webhookConfig(home).enabled;
	return enabled !== undefined && enabled !== null && enabled !== false && enabled !== 0 && enabled !== "";
}

/** `http://<host>:<port>` from `platforms.webhook.extra` (0.0.0.0 shown as localhost). */
export function webhookBaseURL(home: string): string {
	const extra = webhookConfig(home).extra;
	const settings =
		extra !== null && typeof extra === "object" && !Array.isArray(extra) ? (extra as ConfigMapping) : {};
	const host = settings.host ?? "0.0.0.0";
	const port = settings.port ?? 8644;
	return `http://${host === "0.0.0.0" ? "localhost" : String(host)}:${String(port)}`;
}

/** Hermes's name rule: trimmed, lower-cased, spaces to hyphens. */
export function normaliseRouteName(name: string): string {
	return name.trim().toLowerCase().replaceAll(" ", "-");
}

function strings(value: unknown): string[] {
	return Array.isArray(value) ? value.map(String) : [];
}

function text(value: unknown): string {
	return value === undefined || value === null ? "" : String(value);
}

function summarise(name: string, route: JSONObject, baseURL: string): WebhookSummary {
	return {
		name,
		description: text(route.description),
		events: strings(route.events),
		deliver: route.deliver === undefined ? "log" : text(route.deliver),
		deliver_only: Boolean(route.deliver_only),
		prompt: text(route.prompt),
		script: text(route.script),
		skills: strings(route.skills),
		created_at: route.created_at ?? null,
		url: `${baseURL}/webhooks/${name}`,
		secret_set: Boolean(route.secret),
		// Only an explicit `false` disables a route.
		enabled: route.enabled !== false,
	};
}

function asRoute(value: unknown): JSONObject {
	return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JSONObject) : {};
}

export function listSubscriptions(home: string): WebhookSummary[] {
	const baseURL = webhookBaseURL(home);
	return readJSONEntries(subscriptionsPath(home)).map(([name, route]) => summarise(name, asRoute(route), baseURL));
}

/** UTC `YYYY-MM-DDTHH:MM:SSZ`. */
function createdAt(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A random 43-character URL-safe token (`secrets.token_urlsafe(32)`). */
export function newWebhookSecret(): string {
	return randomBytes(32).toString("base64url");
}

/**
 * Adds (or silently replaces) a route; the caller has checked the name. Returns the
 * summary plus the secret, which is never readable again.
 */
export function createSubscription(
	home: string,
	input: NewSubscription,
	nowMs: number,
): WebhookSummary & { secret: string } {
	const secret = input.secret ? input.secret : newWebhookSecret();
	const route: JSONObject = {
		description: input.description || `Dashboard-created subscription: ${input.name}`,
		events: input.events.map((event) => event.trim()).filter((event) => event !== ""),
		secret,
		prompt: input.prompt || "",
		skills: input.skills.map((skill) => skill.trim()).filter((skill) => skill !== ""),
		deliver: input.deliver || "log",
		created_at: createdAt(nowMs),
	};
	if (input.script && input.script.trim() !== "") {
		route.script = input.script.trim();
	}
	if (input.deliver_only) {
		route.deliver_only = true;
	}
	if (input.deliver_chat_id) {
		route.deliver_extra = { chat_id: input.deliver_chat_id };
	}
	updateJSONObject(subscriptionsPath(home), (subs) => {
		setKey(subs, input.name, route);
		return { result: undefined, write: true };
	});
	return { ...summarise(input.name, route, webhookBaseURL(home)), secret };
}

/** Removes a route; false when there is none of that name. */
export function deleteSubscription(home: string, name: string): boolean {
	return updateJSONObject(subscriptionsPath(home), (subs) => {
		if (!Object.hasOwn(subs, name)) {
			return { result: false, write: false };
		}
		delete subs[name];
		return { result: true, write: true };
	});
}

/** Sets a route's `enabled`; false when there is none of that name. */
export function setSubscriptionEnabled(home: string, name: string, enabled: boolean): boolean {
	return updateJSONObject(subscriptionsPath(home), (subs) => {
		if (!Object.hasOwn(subs, name)) {
			return { result: false, write: false };
		}
		const route = asRoute(subs[name]);
		route.enabled = enabled;
		setKey(subs, name, route);
		return { result: true, write: true };
	});
}

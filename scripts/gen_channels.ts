/**
 * @module
 * Generates `src/hermes/channels/catalog.ts`: every messaging platform the gateway
 * supports (hermes-home §11.2 — the display order, the per-platform table and the
 * plugin `requires_env` lists), each card's env list completed from the §3.4 catalogue
 * (messaging entries with the platform's prefix), as one data module.
 *
 * Usage: `node scripts/gen_channels.ts [path/to/hermes-home.md]`, then
 * `biome format --write src/hermes/channels/catalog.ts` (the check compares data, not text).
 * `tests/unit/channels_catalog.test.ts` fails when the committed module is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ENV_CATALOG } from "../src/hermes/env/catalog.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const CATALOG_TARGET = `${ROOT}src/hermes/channels/catalog.ts`;
export const DEFAULT_SOURCE = `${ROOT}../shared/reference/hermes-home.md`;

const DOCS = "https://hermes-agent.nousresearch.com/docs";

/** Built-in gateway platforms §11.2 names only in passing (no table row): `id → name`. */
const UNLISTED_BUILTINS: Record<string, string> = {
	whatsapp_cloud: "Whatsapp Cloud",
	msgraph_webhook: "Msgraph Webhook",
	relay: "Relay",
};

/** Labels of plugin platforms (their `plugin.yaml` `label`); §11.2 gives only their env lists. */
const PLUGIN_LABELS: Record<string, string> = {
	irc: "IRC",
	line: "LINE",
	ntfy: "ntfy",
	photon: "iMessage via Photon",
	raft: "Raft",
	simplex: "SimpleX Chat",
	teams: "Microsoft Teams",
};

/** One line per card (the reference gives none; worded for this dashboard). */
const DESCRIPTIONS: Record<string, string> = {
	telegram: "Chat with Hermes through a Telegram bot.",
	discord: "Bring Hermes into Discord servers and DMs as a bot.",
	slack: "Run Hermes as a Slack app over Socket Mode.",
	mattermost: "Connect Hermes to a Mattermost server as a bot.",
	matrix: "Join Matrix rooms as a Hermes bot account.",
	whatsapp: "Pair a WhatsApp account through the built-in bridge.",
	signal: "Talk to Hermes over Signal via signal-cli-rest-api.",
	bluebubbles: "Reach Hermes from iMessage through a BlueBubbles server.",
	homeassistant: "Receive Home Assistant events and control devices.",
	email: "Read and answer email over IMAP and SMTP.",
	sms: "Send and receive text messages through Twilio.",
	dingtalk: "Add Hermes to DingTalk as a robot.",
	feishu: "Add Hermes to Feishu / Lark as an app bot.",
	google_chat: "Serve Google Chat spaces through a Pub/Sub subscription.",
	wecom: "Post into WeCom groups as a group bot.",
	wecom_callback: "Run Hermes as a self-built WeCom application.",
	weixin: "Connect a personal WeChat account.",
	qqbot: "Run Hermes as a QQ Open Platform bot.",
	yuanbao: "Connect Hermes to Tencent Yuanbao.",
	api_server: "Offer an OpenAI-compatible HTTP API to other tools.",
	webhook: "Start agent runs from GitHub, GitLab and other webhooks.",
	whatsapp_cloud: "Use the WhatsApp Business Cloud API.",
	msgraph_webhook: "Receive Microsoft Graph change notifications.",
	relay: "Relay messages through a connector (experimental).",
	irc: "Join an IRC channel as a bot.",
	line: "Run Hermes as a LINE Messaging API bot.",
	ntfy: "Exchange messages over an ntfy topic.",
	photon: "Reach Hermes from iMessage through Photon.",
	raft: "Connect Hermes to Raft.",
	simplex: "Chat with Hermes over SimpleX Chat.",
	teams: "Bring Hermes into Microsoft Teams as a bot.",
};

/** Guide links the table abbreviates (`open.dingtalk.com …`). */
const FULL_URLS: Record<string, string> = {
	dingtalk: "https://open.dingtalk.com/document/orgapp/the-robot-development-process",
	feishu: "https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/intro",
	wecom_callback: "https://developer.work.weixin.qq.com/document/path/90930",
};

/** Card env-var prefixes where the id is not the prefix (§11.2 aliases). */
const PREFIX_ALIASES: Record<string, string[]> = {
	email: ["EMAIL_"],
	homeassistant: ["HASS_"],
	qqbot: ["QQ_", "QQBOT_"],
	sms: ["TWILIO_"],
	wecom: ["WECOM_BOT_", "WECOM_SECRET"],
	wecom_callback: ["WECOM_CALLBACK_"],
};

/** Messaging variables that stay on the Keys page. */
const KEYS_PAGE_ONLY = new Set(["GATEWAY_ALLOW_ALL_USERS", "GATEWAY_PROXY_KEY", "GATEWAY_PROXY_URL"]);

export interface GeneratedPlatform {
	id: string;
	name: string;
	description: string;
	docsUrl: string;
	envVars: string[];
	requiredEnv: string[];
}

function section(markdown: string): string {
	const start = markdown.indexOf("### 11.2 ");
	const end = markdown.indexOf("\n---", start);
	if (start < 0 || end < 0) {
		throw new Error("section 11.2 not found");
	}
	return markdown.slice(start, end);
}

/** Variable names in a cell; `_CORP_SECRET` shorthand continues the first name's prefix. */
function variables(cell: string, base = ""): string[] {
	const names: string[] = [];
	for (const match of cell.matchAll(/(?<![A-Za-z0-9`])(_?[A-Z][A-Z0-9_]{2,})/g)) {
		let name = match[1]!;
		if (name.startsWith("_")) {
			const first = names[0] ?? base;
			const prefix = first.slice(0, first.indexOf("_", first.indexOf("_") + 1));
			name = prefix + name;
		}
		names.push(name);
	}
	return names;
}

function docsURL(id: string, cell: string): string {
	if (Object.hasOwn(FULL_URLS, id)) return FULL_URLS[id]!;
	const text = cell.trim();
	if (text === "—" || text === "") return "";
	const docs = /^hermes docs (\S+)$/.exec(text);
	if (docs !== null) {
		const path = docs[1]!;
		return path.startsWith("/user-guide") ? `${DOCS}${path}` : `${DOCS}/user-guide${path}`;
	}
	return text.startsWith("http") ? text : `https://${text.replace(/^…/, "")}`;
}

function discovered(id: string): string[] {
	const prefixes = PREFIX_ALIASES[id] ?? [`${id.toUpperCase().replace(/-/g, "_")}_`];
	return ENV_CATALOG.filter(
		(entry) =>
			entry.category === "messaging" &&
			!KEYS_PAGE_ONLY.has(entry.name) &&
			prefixes.some((prefix) => entry.name.startsWith(prefix)),
	)
		.map((entry) => entry.name)
		.sort();
}

/** Parses §11.2 into the ordered platform list. */
export function parseCatalog(markdown: string): GeneratedPlatform[] {
	const text = section(markdown);
	const orderMatch = /ordered:\n`([^`]+)`/.exec(text);
	if (orderMatch === null) throw new Error("display order not found");
	const order = orderMatch[1]!.split(/\s+/).filter(Boolean);

	const rows = new Map<string, { name: string; required: string[]; other: string[]; url: string }>();
	for (const line of text.split("\n")) {
		const cells = line.split("|").map((cell) => cell.trim());
		if (cells.length < 7 || !/^[a-z_]+$/.test(cells[1]!) || cells[1] === "id") continue;
		const [, id, name, required, other, url] = cells as [string, string, string, string, string, string];
		const requiredNames = variables(required.replace(/^\(plugin\)\s*/, ""));
		rows.set(id, {
			name: name.replace(/^\(plugin\)\s*/, ""),
			required: requiredNames,
			other: variables(other, requiredNames[0]),
			url: docsURL(id, url),
		});
	}
	const plugins = new Map<string, string[]>();
	const pluginText = /Plugin `requires_env` lists[^:]*:([\s\S]*?)\.\n/.exec(text);
	if (pluginText === null) throw new Error("plugin requires_env lists not found");
	for (const part of pluginText[1]!.split(";")) {
		const match = /([a-z_]+)\s+`([^`]+)`/.exec(part.replace(/\s+/g, " "));
		if (match !== null) plugins.set(match[1]!, match[2]!.split(" "));
	}

	const platforms: GeneratedPlatform[] = [];
	const build = (id: string): GeneratedPlatform => {
		const row = rows.get(id);
		const pluginEnv = plugins.get(id);
		const own = discovered(id);
		if (row !== undefined) {
			const required = row.required.length > 0 ? row.required : (pluginEnv ?? []);
			const listed = [...required, ...row.other];
			return {
				id,
				name: row.name,
				description: DESCRIPTIONS[id] ?? "",
				docsUrl: row.url,
				envVars: [...new Set([...listed, ...own])],
				requiredEnv: required,
			};
		}
		const name = PLUGIN_LABELS[id] ?? UNLISTED_BUILTINS[id];
		if (name === undefined) throw new Error(`no name for platform ${id}`);
		return {
			id,
			name,
			description: DESCRIPTIONS[id] ?? "",
			docsUrl: "",
			envVars: [...new Set([...(pluginEnv ?? []), ...own])],
			requiredEnv: pluginEnv ?? [],
		};
	};
	for (const id of order) platforms.push(build(id));
	const others = [...Object.keys(UNLISTED_BUILTINS), ...Object.keys(PLUGIN_LABELS)]
		.filter((id) => !order.includes(id))
		.map(build)
		.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
	return [...platforms, ...others];
}

/** The module text for a parsed catalogue. */
export function renderCatalog(platforms: GeneratedPlatform[]): string {
	const lines = platforms.map(
		(p) =>
			`\t{ id: ${JSON.stringify(p.id)}, name: ${JSON.stringify(p.name)}, description: ${JSON.stringify(p.description)}, docsUrl: ${JSON.stringify(p.docsUrl)}, envVars: ${JSON.stringify(p.envVars)}, requiredEnv: ${JSON.stringify(p.requiredEnv)} },`,
	);
	return `/**
 * @module
 * GENERATED by \`scripts/gen_channels.ts\` from hermes-home.md §11.2 and the §3.4
 * catalogue — do not edit by hand. Every messaging platform the gateway supports
 * (${platforms.length}), in the dashboard's display order.
 */

export interface PlatformCatalogEntry {
	id: string;
	name: string;
	description: string;
	/** "Setup guide" link; "" when Hermes has none. */
	docsUrl: string;
	/** Every variable the card may set (the PUT allow-list). */
	envVars: readonly string[];
	/** Variables that must be set for the platform to count as configured. */
	requiredEnv: readonly string[];
}

export const PLATFORM_CATALOG: readonly PlatformCatalogEntry[] = [
${lines.join("\n")}
];
`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
	const source = process.argv[2] ?? DEFAULT_SOURCE;
	writeFileSync(CATALOG_TARGET, renderCatalog(parseCatalog(readFileSync(source, "utf8"))));
	console.log(`wrote ${CATALOG_TARGET}`);
}

/**
 * @module
 * Hermes's repair of concatenated `.env` lines (hermes-home §3.1): a line that starts
 * with a known `KEY=` and contains further known `KEY=` occurrences (`A=xB=y`, left by
 * an old writer bug) is read as separate assignments — unless a preceding value looks
 * structured (`://`, `?`, `&` or whitespace). Longer key names win, so `GLM_API_KEY=`
 * is not split at `LM_API_KEY=`. Used when reading; the file itself is left as it is.
 */
import { ENV_CATALOG } from "./catalog.ts";
import { PROVIDER_VARS } from "./providers.ts";

const HOME_CHANNEL_PLATFORMS = [
	"DISCORD",
	"TELEGRAM",
	"SLACK",
	"SIGNAL",
	"SMS",
	"DINGTALK",
	"FEISHU",
	"YUANBAO",
	"WECOM",
	"WEIXIN",
	"BLUEBUBBLES",
	"QQBOT",
	"MATTERMOST",
];

const EXTRA_KEYS = [
	"OPENAI_API_KEY",
	"OPENAI_BASE_URL",
	"ANTHROPIC_API_KEY",
	"ANTHROPIC_TOKEN",
	"TERMINAL_ENV",
	"TERMINAL_SSH_KEY",
	"TERMINAL_SSH_PORT",
	"HERMES_TOOL_PROGRESS",
	"HERMES_TOOL_PROGRESS_MODE",
	"WHATSAPP_MODE",
	"WHATSAPP_ENABLED",
	"LANGFUSE_PUBLIC_KEY",
	"LANGFUSE_SECRET_KEY",
	"LANGFUSE_HOST",
	...HOME_CHANNEL_PLATFORMS.flatMap((platform) => [`${platform}_HOME_CHANNEL`, `${platform}_HOME_CHANNEL_NAME`]),
];

/** Names Hermes knows: the catalogue, provider vars and its fixed extras. */
export const KNOWN_ENV_KEYS: ReadonlySet<string> = new Set([
	...ENV_CATALOG.map((entry) => entry.name),
	...PROVIDER_VARS.flatMap((provider) => provider.vars),
	...EXTRA_KEYS,
]);

// Longest first, so the regex prefers `GLM_API_KEY=` over `LM_API_KEY=` at one position.
const KEY_PATTERN = new RegExp(`(?:${[...KNOWN_ENV_KEYS].sort((a, b) => b.length - a.length).join("|")})=`, "g");

function looksStructured(value: string): boolean {
	return value.includes("://") || value.includes("?") || value.includes("&") || /\s/.test(value);
}

/** Splits one trimmed line into the assignments Hermes would read from it. */
export function repairConcatenated(line: string): string[] {
	KEY_PATTERN.lastIndex = 0;
	const first = KEY_PATTERN.exec(line);
	if (first === null || first.index !== 0) {
		return [line];
	}
	const parts: string[] = [];
	let start = 0;
	let valueStart = first[0].length;
	for (let match = KEY_PATTERN.exec(line); match !== null; match = KEY_PATTERN.exec(line)) {
		if (looksStructured(line.slice(valueStart, match.index))) {
			break;
		}
		parts.push(line.slice(start, match.index));
		start = match.index;
		valueStart = match.index + match[0].length;
	}
	parts.push(line.slice(start));
	return parts;
}

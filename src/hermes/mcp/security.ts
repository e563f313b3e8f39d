/**
 * @module
 * The suspicious-command filter Hermes applies to every `mcp_servers` entry before saving
 * or spawning it (hermes-home §8.1): stdio servers may run any local command, so this is
 * not a whitelist; it refuses three narrow abuse shapes only — a known campaign
 * indicator anywhere in command/args/env, and a shell interpreter whose inline script
 * reaches the network or writes to an OS persistence surface.
 */

const SHELL_INTERPRETERS: ReadonlySet<string> = new Set([
	"bash",
	"sh",
	"zsh",
	"dash",
	"fish",
	"cmd",
	"cmd.exe",
	"powershell",
	"powershell.exe",
	"pwsh",
	"pwsh.exe",
]);

const EGRESS =
	/(?<![\w.-])(?:curl|wget|nc|ncat|socat)(?![\w.-])|\/dev\/tcp\/|\bInvoke-WebRequest\b|\bInvoke-RestMethod\b|\bSystem\.Net\.WebClient\b/i;

const EXFIL_HINT = /\.env\b|--data-binary|--data-raw|\b-X\s+POST\b|\bPOST\b|<\s*[^\s]+/i;

/** SSH keys, PAM, sudoers, cron, init units and shell rc files: nothing an MCP server writes. */
const PERSISTENCE =
	/authorized_keys|\.ssh\/|\/etc\/ssh\b|\/etc\/pam\.d\b|pam_[\w-]+\.so|\/etc\/sudoers|\/etc\/cron|crontab\b|\/etc\/rc\.local|\/etc\/systemd|\.bashrc\b|\.bash_profile\b|\.profile\b|\.zshrc\b/i;

/** Artifacts of the June 2026 campaign that planted backdoor MCP entries (key, name, source IPs). */
const INDICATORS = [
	"AAAAC3NzaC1lZDI1NTE5AAAAICBoh1oDC4DnsO1m5mJ4yfEKrQebaFh",
	"hermes-0day",
	"60.165.167.",
	"118.182.244.156",
	"61.178.123.196",
];

/** Python's `str()` of a YAML value, close enough for matching. */
function text(value: unknown): string {
	if (value === null || value === undefined) {
		return "";
	}
	return typeof value === "string" ? value : String(value);
}

/** The first word of a command line, as POSIX shell quoting splits it. */
function firstWord(command: string): string {
	const match = /^(?:[^\s'"\\]|\\.|'[^']*'|"(?:[^"\\]|\\.)*")+/.exec(command);
	if (match === null) {
		return command.split(/\s+/)[0] ?? command;
	}
	return match[0].replace(/'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)/g, (_all, single, double, escaped) =>
		single !== undefined ? single : double !== undefined ? double.replace(/\\(.)/g, "$1") : escaped,
	);
}

function commandBasename(command: unknown): string {
	const line = text(command).trim();
	if (line === "") {
		return "";
	}
	const word = firstWord(line);
	return (word.split("/").pop() ?? word).toLowerCase();
}

function inlineScript(args: unknown): string {
	if (args === null || args === undefined) {
		return "";
	}
	return Array.isArray(args) ? args.map(text).join(" ") : text(args);
}

function isMapping(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The reasons an entry is refused; empty when it is not suspicious. */
export function suspiciousEntryIssues(name: string, entry: unknown): string[] {
	if (!isMapping(entry)) {
		return [];
	}
	const env = isMapping(entry.env) ? Object.values(entry.env).map(text) : [];
	const flat = [text(entry.command), inlineScript(entry.args), ...env].join(" ");
	const indicator = INDICATORS.find((ioc) => flat.includes(ioc));
	if (indicator !== undefined) {
		return [`MCP server '${name}' contains a known hermes-0day indicator-of-compromise ('${indicator}')`];
	}
	if (!SHELL_INTERPRETERS.has(commandBasename(entry.command))) {
		return [];
	}
	const script = inlineScript(entry.args);
	if (script === "") {
		return [];
	}
	const issues: string[] = [];
	const command = text(entry.command);
	if (EGRESS.test(script)) {
		issues.push(
			`MCP server '${name}' uses shell interpreter '${command}' with network egress in args${
				EXFIL_HINT.test(script) ? " and exfiltration-shaped arguments" : ""
			}`,
		);
	}
	if (PERSISTENCE.test(script)) {
		issues.push(
			`MCP server '${name}' uses shell interpreter '${command}' to write to an OS persistence surface (SSH keys / PAM / sudoers / cron / shell rc) — this is the hermes-0day backdoor shape, not a real MCP server`,
		);
	}
	return issues;
}

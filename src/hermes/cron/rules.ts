/**
 * @module
 * The checks Hermes makes before a job is stored (cron/jobs.py, cron/lifecycle_guard.py
 * and the dashboard's adapter in web_server.py): optional text and list normalisation,
 * the `scripts/` sandbox, `workdir`, the gateway-lifecycle guard and "an agent job needs
 * something to run". Failures are `CronRuleError`s carrying Hermes's message.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { isWithin } from "../home/confine.ts";
import { pythonStringRepr } from "../home/profiles.ts";

/** A job Hermes would refuse (HTTP 400 with this message). */
export class CronRuleError extends Error {}

/** `_cron_optional_text`: trimmed text or null. */
export function optionalText(value: unknown, stripTrailingSlash = false): string | null {
	if (value === null || value === undefined) {
		return null;
	}
	let text = String(value).trim();
	if (stripTrailingSlash) {
		text = text.replace(/\/+$/, "");
	}
	return text === "" ? null : text;
}

/** `_cron_string_list`: a list, or a comma/newline separated string, as trimmed non-empty items (null when none). */
export function stringList(value: unknown): string[] | null {
	let items: unknown[];
	if (typeof value === "string") {
		items = value.split(/[\n,]/);
	} else if (Array.isArray(value)) {
		items = value;
	} else {
		return null;
	}
	const out = items.map((item) => String(item ?? "").trim()).filter((item) => item !== "");
	return out.length > 0 ? out : null;
}

/** `_normalize_skill_list`: ordered, de-duplicated skills from `skills` (or the legacy `skill`). */
export function skillList(skill: unknown, skills: unknown): string[] {
	const raw =
		skills === null || skills === undefined
			? skill
				? [skill]
				: []
			: typeof skills === "string"
				? [skills]
				: Array.isArray(skills)
					? skills
					: [];
	const out: string[] = [];
	for (const item of raw) {
		const text = String(item ?? "").trim();
		if (text !== "" && !out.includes(text)) {
			out.push(text);
		}
	}
	return out;
}

function realOrResolved(path: string): string {
	try {
		return realpathSync(path);
	} catch {
		return resolve(path);
	}
}

function expandUser(path: string): string {
	return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}

/** `_normalize_dashboard_cron_script`: a script inside `<home>/scripts/`, stored relative to it. */
export function normalizeScript(value: unknown, home: string): string | null {
	const text = optionalText(value);
	if (text === null) {
		return null;
	}
	const root = realOrResolved(join(home, "scripts"));
	const raw = expandUser(text);
	const candidate = realOrResolved(isAbsolute(raw) ? raw : join(root, raw));
	const inside = relative(root, candidate);
	if (inside === "" || !isWithin(root, candidate)) {
		throw new CronRuleError(`script must be inside ${root}`);
	}
	if (!existsSync(candidate)) {
		throw new CronRuleError(`script does not exist: ${candidate}`);
	}
	if (!statSync(candidate).isFile()) {
		throw new CronRuleError(`script is not a file: ${candidate}`);
	}
	return inside;
}

/** `_normalize_workdir`: an existing absolute directory, or null to clear. */
export function normalizeWorkdir(value: unknown): string | null {
	if (value === null || value === undefined || value === false) {
		return null;
	}
	const raw = String(value).trim();
	if (raw === "") {
		return null;
	}
	const expanded = expandUser(raw);
	if (!isAbsolute(expanded)) {
		throw new CronRuleError(
			`Cron workdir must be an absolute path (got ${pythonStringRepr(raw)}). Cron jobs run detached from any shell cwd, so relative paths are ambiguous.`,
		);
	}
	const resolved = realOrResolved(expanded);
	if (!existsSync(resolved)) {
		throw new CronRuleError(`Cron workdir does not exist: ${resolved}`);
	}
	if (!statSync(resolved).isDirectory()) {
		throw new CronRuleError(`Cron workdir is not a directory: ${resolved}`);
	}
	return resolved;
}

const GATEWAY_LIFECYCLE =
	/(?:hermes\s+gateway\s+(?:restart|stop))|(?:launchctl\s+(?:kickstart|unload|load|stop|restart)\b[^\n]*\bhermes[.-]?gateway)|(?:systemctl\s+(?:-\S+\s+)*(?:restart|stop|start)\b[^\n]*\bhermes[.-]?gateway)|(?:p?kill\b[^\n]*\bhermes\b[^\n]*\bgateway)|(?:p?kill\b[^\n]*\bgateway\b[^\n]*\bhermes)/i;

/** `check_gateway_lifecycle`: refuses prompts or scripts that would restart or stop the gateway. */
export function checkGatewayLifecycle(prompt: string, script: string | null, home: string): void {
	let combined = prompt;
	if (script) {
		const path = isAbsolute(expandUser(script)) ? expandUser(script) : join(home, "scripts", script);
		try {
			combined = `${combined}\n${readFileSync(path).toString("utf8")}`;
		} catch {
			// Unreadable: only the prompt is scanned, as Hermes does.
		}
	}
	if (GATEWAY_LIFECYCLE.test(combined)) {
		throw new CronRuleError(
			"Blocked: cron job contains a gateway lifecycle command (restart/stop/kill). This is blocked to prevent agent-driven SIGTERM-respawn loops under launchd/systemd supervision (#30719). Run `hermes gateway restart` from a shell outside the running gateway instead.",
		);
	}
}

/** `_validate_dashboard_cron_effective_job`: a script-only job needs its script; an agent job needs a prompt, skill or script. */
export function checkRunnable(job: Record<string, unknown>): void {
	const prompt = optionalText(job.prompt);
	const script = optionalText(job.script);
	const skills = stringList(job.skills) ?? stringList(job.skill);
	if (job.no_agent) {
		if (!script) {
			throw new CronRuleError("no_agent=True requires a script");
		}
		return;
	}
	if (!(prompt || skills || script)) {
		throw new CronRuleError("agent cron jobs require a prompt, skill, or script");
	}
}

/**
 * @module
 * Shell hooks (hermes-home §15): `hooks.<event>: [{command, matcher?, timeout?}]` in
 * config.yaml, and the consent allowlist `shell-hooks-allowlist.json`, read-modify-written
 * under `flock` on `shell-hooks-allowlist.json.lock` as Hermes does. A hook only fires
 * once its exact (event, command) pair is approved.
 */
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../home/atomic_write.ts";
import { withFileLock } from "../home/flock.ts";
import { isMapping } from "../config/effective.ts";
import type { ConfigMapping } from "../config/yaml.ts";
import { editConfig } from "../system/config_edit.ts";

/** `VALID_HOOKS` of Hermes 0.18.2, sorted. */
export const VALID_HOOK_EVENTS: readonly string[] = [
	"api_request_error",
	"kanban_task_blocked",
	"kanban_task_claimed",
	"kanban_task_completed",
	"on_session_end",
	"on_session_finalize",
	"on_session_reset",
	"on_session_start",
	"post_api_request",
	"post_approval_response",
	"post_llm_call",
	"post_tool_call",
	"pre_api_request",
	"pre_approval_request",
	"pre_gateway_dispatch",
	"pre_llm_call",
	"pre_tool_call",
	"pre_verify",
	"subagent_start",
	"subagent_stop",
	"transform_llm_output",
	"transform_terminal_output",
	"transform_tool_result",
];

const DEFAULT_TIMEOUT = 60;

export interface HookRow {
	event: string;
	matcher: string | null;
	command: string;
	timeout: number;
	allowed: boolean;
	approved_at: string | null;
	executable: boolean;
}

interface Approval {
	event: string;
	command: string;
	approved_at: string;
	script_mtime_at_approval: string | null;
	[key: string]: unknown;
}

/** A hook request Hermes refuses with 400. */
export class HookError extends Error {}

function allowlistPath(home: string): string {
	return join(home, "shell-hooks-allowlist.json");
}

function readApprovals(home: string): Approval[] {
	try {
		const data = JSON.parse(readFileSync(allowlistPath(home), "utf8")) as { approvals?: unknown };
		return Array.isArray(data.approvals) ? (data.approvals.filter(isMapping) as Approval[]) : [];
	} catch {
		return [];
	}
}

/** Sorted keys at every level, as Python's `sort_keys=True`. */
function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) {
		return value.map(sortKeys);
	}
	if (isMapping(value)) {
		return Object.fromEntries(
			Object.keys(value)
				.sort()
				.map((key) => [key, sortKeys(value[key])]),
		);
	}
	return value;
}

function writeApprovals(home: string, approvals: Approval[]): void {
	writeFileAtomic(allowlistPath(home), `${JSON.stringify(sortKeys({ approvals }), null, 2)}\n`, { mode: 0o600 });
}

function updateApprovals(home: string, change: (approvals: Approval[]) => Approval[]): Promise<void> {
	return withFileLock(`${allowlistPath(home)}.lock`, () => writeApprovals(home, change(readApprovals(home))), {
		what: "the shell-hook allowlist",
	});
}

/** The script a command runs: its first word, with `~` expanded. */
function scriptOf(command: string, env: Record<string, string | undefined>): string {
	const first = command.trim().split(/\s+/)[0] ?? "";
	return first.startsWith("~/") ? join(env.HOME ?? "", first.slice(2)) : first;
}

function isExecutable(command: string, env: Record<string, string | undefined>): boolean {
	const script = scriptOf(command, env);
	try {
		accessSync(script, constants.X_OK);
		return statSync(script).isFile();
	} catch {
		return false;
	}
}

function scriptMtime(command: string, env: Record<string, string | undefined>): string | null {
	try {
		return statSync(scriptOf(command, env))
			.mtime.toISOString()
			.replace(/\.\d{3}Z$/, "Z");
	} catch {
		return null;
	}
}

function clampTimeout(value: unknown): number {
	const number = typeof value === "number" ? value : Number(value);
	return Number.isFinite(number) ? Math.min(300, Math.max(1, Math.trunc(number))) : DEFAULT_TIMEOUT;
}

/** Every configured hook of known events, with its consent and whether its script can run. */
export function listHooks(home: string, config: ConfigMapping, env: Record<string, string | undefined>): HookRow[] {
	const hooks = config.hooks;
	if (!isMapping(hooks)) {
		return [];
	}
	const approvals = readApprovals(home);
	const rows: HookRow[] = [];
	for (const [event, entries] of Object.entries(hooks)) {
		if (!VALID_HOOK_EVENTS.includes(event) || !Array.isArray(entries)) {
			continue;
		}
		for (const entry of entries) {
			if (!isMapping(entry) || typeof entry.command !== "string" || entry.command.trim() === "") {
				continue;
			}
			const command = entry.command.trim();
			const approval = approvals.find((item) => item.event === event && item.command === command);
			rows.push({
				event,
				matcher: typeof entry.matcher === "string" ? entry.matcher : null,
				command,
				timeout: clampTimeout(entry.timeout ?? DEFAULT_TIMEOUT),
				allowed: approval !== undefined,
				approved_at: approval?.approved_at ?? null,
				executable: isExecutable(command, env),
			});
		}
	}
	return rows;
}

export interface NewHook {
	event: string;
	command: string;
	matcher?: string | null | undefined;
	timeout?: number | null | undefined;
	approve: boolean;
	nowMs: number;
}

/** Appends a hook under `hooks.<event>` (comments kept) and, if asked, records consent. */
export async function addHook(
	paths: { home: string; config: string },
	hook: NewHook,
	env: Record<string, string | undefined>,
): Promise<{ event: string; command: string; approved: boolean }> {
	const event = hook.event.trim();
	const command = hook.command.trim();
	if (event === "" || command === "") {
		throw new HookError("event and command are required");
	}
	if (!VALID_HOOK_EVENTS.includes(event)) {
		throw new HookError(`Unknown event '${event}'. Valid: ${VALID_HOOK_EVENTS.join(", ")}`);
	}
	await editConfig(paths.config, env, (config) => {
		const hooks = isMapping(config.hooks) ? config.hooks : {};
		config.hooks = hooks;
		const entries = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
		const entry: ConfigMapping = { command };
		if (hook.matcher) {
			entry.matcher = hook.matcher;
		}
		if (hook.timeout !== null && hook.timeout !== undefined) {
			entry.timeout = Math.trunc(hook.timeout);
		}
		hooks[event] = [...entries, entry];
		return true;
	});
	if (hook.approve) {
		const approvedAt = new Date(hook.nowMs).toISOString().replace(/\.\d{3}Z$/, "Z");
		await updateApprovals(paths.home, (approvals) => [
			...approvals.filter((item) => !(item.event === event && item.command === command)),
			{ event, command, approved_at: approvedAt, script_mtime_at_approval: scriptMtime(command, env) },
		]);
	}
	return { event, command, approved: hook.approve };
}

/**
 * Removes every `hooks.<event>` entry running `command` (empty lists and an empty
 * `hooks:` block go too) and revokes every approval of that command. Returns whether a
 * hook was removed.
 */
export async function removeHook(
	paths: { home: string; config: string },
	target: { event: string; command: string },
	env: Record<string, string | undefined>,
): Promise<boolean> {
	const event = target.event.trim();
	const command = target.command.trim();
	if (event === "" || command === "") {
		throw new HookError("event and command are required");
	}
	let removed = false;
	await editConfig(paths.config, env, (config) => {
		const hooks = config.hooks;
		if (!isMapping(hooks) || !Array.isArray(hooks[event])) {
			return false;
		}
		const before = hooks[event] as unknown[];
		const kept = before.filter((entry) => !(isMapping(entry) && entry.command === command));
		removed = kept.length < before.length;
		if (kept.length === 0) {
			delete hooks[event];
		} else {
			hooks[event] = kept;
		}
		if (Object.keys(hooks).length === 0) {
			delete config.hooks;
		}
		return removed;
	});
	// Consent goes regardless, so adding the hook again asks again.
	await updateApprovals(paths.home, (approvals) => approvals.filter((item) => item.command !== command));
	return removed;
}

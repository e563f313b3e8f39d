/**
 * @module
 * The skills hub (hermes-home §7.5, api-contract A.7) through the Hermes CLI: install,
 * uninstall and update run as background actions with Hermes's action names and argv;
 * search, preview, scan and sources run `hermes skills <verb> … --json` and parse its
 * output (Hermes answers these in-process in Python; the CLI is our bridge to it).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { isMapping } from "../config/effective.ts";
import { findHermesInstall } from "../home/install.ts";
import { redactSecrets } from "../../security/redact.ts";

/** The `hermes` launcher on PATH, or an error saying what to install. */
export function hermesLauncher(home: string, env: Record<string, string | undefined>): string {
	const found = findHermesInstall(home, env).launcher;
	if (found === null) throw new Error("the hermes CLI was not found on PATH; install Hermes Agent");
	return found;
}

/** `hermes [-p <profile>]`: no `-p` for the dashboard's own home or "default". */
export function profileArgs(profile: string | null): string[] {
	return profile === null || profile === "default" ? [] : ["-p", profile];
}

/** Lower-case, non-alphanumeric runs → `-`, trimmed, ≤48 chars, else `skill`. */
export function actionSlug(text: string): string {
	const slug = text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, "-")
		.replace(/^-+|-+$/g, "")
		.slice(0, 48)
		.replace(/-+$/g, "");
	return slug === "" ? "skill" : slug;
}

function shortHash(text: string): string {
	return createHash("sha1").update(text).digest("hex").slice(0, 8);
}

export function installActionName(identifier: string): string {
	return `skills-install-${actionSlug(identifier)}-${shortHash(identifier)}`;
}

export function uninstallActionName(name: string): string {
	return `skills-uninstall-${actionSlug(name)}-${shortHash(name)}`;
}

export interface HubResult {
	name: string;
	description: string;
	source: string;
	identifier: string;
	trust_level: string;
	repo: string | null;
	tags: string[];
}

export interface HubSearch {
	results: HubResult[];
	source_counts: Record<string, number>;
	timed_out: string[];
	installed: Record<string, { name: string; trust_level: string; scan_verdict: string | null }>;
}

const TRUST_RANK: Readonly<Record<string, number>> = { builtin: 2, trusted: 1, community: 0 };
const rank = (trust: string) => (Object.hasOwn(TRUST_RANK, trust) ? TRUST_RANK[trust]! : 0);

/** Dedupes by identifier, preferring builtin > trusted > community (unknown ranks as community; first seen on a tie). */
export function dedupeResults(results: HubResult[]): HubResult[] {
	const best = new Map<string, HubResult>();
	for (const item of results) {
		const seen = best.get(item.identifier);
		if (seen === undefined || rank(item.trust_level) > rank(seen.trust_level)) {
			best.set(item.identifier, item);
		}
	}
	return [...best.values()];
}

/** Installed hub skills by identifier, from `skills/.hub/lock.json`. */
export function installedFromLock(lock: unknown): HubSearch["installed"] {
	const out: HubSearch["installed"] = {};
	const installed = isMapping(lock) && isMapping(lock.installed) ? lock.installed : {};
	for (const [name, entry] of Object.entries(installed)) {
		if (!isMapping(entry) || typeof entry.identifier !== "string") continue;
		out[entry.identifier] = {
			name,
			trust_level: typeof entry.trust_level === "string" ? entry.trust_level : "community",
			scan_verdict: typeof entry.scan_verdict === "string" ? entry.scan_verdict : null,
		};
	}
	return out;
}

function toResult(item: unknown): HubResult | null {
	if (!isMapping(item) || typeof item.identifier !== "string") return null;
	const text = (key: string) => (typeof item[key] === "string" ? (item[key] as string) : "");
	return {
		name: text("name") || item.identifier,
		description: text("description"),
		source: text("source"),
		identifier: item.identifier,
		trust_level: text("trust_level") || "community",
		repo: typeof item.repo === "string" ? item.repo : null,
		tags: Array.isArray(item.tags) ? item.tags.map(String) : [],
	};
}

/** Parses `hermes skills search --json` output: a list, or `{results, timed_out}`. */
export function parseSearchOutput(stdout: string): { results: HubResult[]; timed_out: string[] } {
	const parsed = JSON.parse(stdout) as unknown;
	const list = Array.isArray(parsed)
		? parsed
		: isMapping(parsed) && Array.isArray(parsed.results)
			? parsed.results
			: null;
	if (list === null) throw new Error("unexpected output from hermes skills search");
	const timed = isMapping(parsed) && Array.isArray(parsed.timed_out) ? parsed.timed_out.map(String) : [];
	return { results: list.map(toResult).filter((item): item is HubResult => item !== null), timed_out: timed };
}

export function countBySource(results: HubResult[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const item of results) counts[item.source] = (counts[item.source] ?? 0) + 1;
	return counts;
}

/** Runs the CLI once (JSON or text commands) and returns its stdout; rejects with its stderr's last line on failure. */
export function runHermes(
	launcher: string,
	args: readonly string[],
	env: Record<string, string | undefined>,
	home: string,
	timeoutMs = 30_000,
): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = execFile(
			launcher,
			[...args],
			{
				env: { ...env, HERMES_HOME: home, HERMES_NONINTERACTIVE: "1" },
				timeout: timeoutMs,
				maxBuffer: 8 * 1024 * 1024,
			},
			(error, stdout, stderr) => {
				if (error !== null) {
					const last = String(stderr).trim().split("\n").pop() ?? "";
					// CLI output can quote tokens (a failed request URL, an env dump): never pass one on.
					reject(new Error(redactSecrets(last !== "" ? last : error.message)));
					return;
				}
				resolve(String(stdout));
			},
		);
		child.on("error", () => {
			// Reported through the callback above.
		});
	});
}

/** Removes terminal colour/cursor sequences from CLI output. */
export function stripAnsi(text: string): string {
	return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}

/**
 * The preview payload from `hermes skills inspect` text: the name, description, source,
 * trust and identifier lines of its info panel, and the whole text as `skill_md`.
 */
export function previewFromInspect(identifier: string, text: string) {
	const field = (label: string): string => {
		const match = new RegExp(`${label}:\\s*(.+?)\\s*[│|]?\\s*$`, "m").exec(text);
		return match?.[1]?.trim() ?? "";
	};
	const trust = field("Trust");
	return {
		name: field("Name") || identifier,
		description: field("Description"),
		source: field("Source"),
		identifier: field("Identifier") || identifier,
		trust_level: trust === "official" ? "builtin" : trust || "community",
		repo: null,
		tags: field("Tags")
			.split(",")
			.map((tag) => tag.trim())
			.filter((tag) => tag !== ""),
		skill_md: text.trim(),
		files: [],
	};
}

/** `hermes [-p P] skills inspect <identifier>` as a preview; null when no source has it. */
export async function inspectHubSkill(
	cli: { launcher: string; profileArgs: readonly string[]; env: Record<string, string | undefined>; home: string },
	identifier: string,
): Promise<ReturnType<typeof previewFromInspect> | null> {
	const args = [...cli.profileArgs, "skills", "inspect", identifier];
	const env = { ...cli.env, NO_COLOR: "1", TERM: "dumb", COLUMNS: "120" };
	const text = stripAnsi(await runHermes(cli.launcher, args, env, cli.home));
	return /Could not find '/.test(text) ? null : previewFromInspect(identifier, text);
}

/**
 * @module
 * The command palette's search: `GET /api/palette?q=` answers a short, ranked list of
 * places to jump to: pages, sessions (by title), config fields, API keys (names only,
 * never values), cron jobs and skills. Every source is an existing data layer, each read
 * is bounded, and a source that fails (a locked state.db, a broken jobs.json) drops out
 * of the answer instead of failing it: the palette must open on a half-broken home.
 */
import { Hono } from "hono/tiny";
import * as v from "valibot";
import { queryInteger, queryParams } from "../http/validate.ts";
import { profileFor } from "../http/profile.ts";
import { describeRoute } from "../http/openapi.ts";
import type { ResolvedProfile } from "../hermes/home/profiles.ts";
import { listSessions } from "../hermes/sessions/query.ts";
import { buildConfigSchema } from "../hermes/config/schema.ts";
import { readConfigLenient } from "../hermes/config/yaml.ts";
import { readEnvValues } from "../hermes/env/dotenv.ts";
import { ENV_CATALOG } from "../hermes/env/catalog.ts";
import { listJobs } from "../hermes/cron/read.ts";
import { listInstalledSkills } from "../hermes/skills/scan.ts";
import { NAV_ITEMS } from "../views/nav.ts";
import { t } from "../views/i18n.ts";
import { languageOf } from "./render.ts";
import type { AppContext, AppEnv } from "../context.ts";

export type PaletteKind = "page" | "session" | "config" | "env" | "cron" | "skill";

export interface PaletteResult {
	kind: PaletteKind;
	label: string;
	/** A second line: the config key, a cron schedule, a skill's description. */
	detail: string;
	/**
	 * Where the palette navigates (root-relative; the browser adds any path prefix). A
	 * session opens as the Sessions search for its id, as the Status page links it.
	 */
	url: string;
}

/** Sessions scanned for a title match: the most recently active ones. */
export const SESSION_SCAN_LIMIT = 500;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;
export const MAX_QUERY_LENGTH = 200;

const PaletteQuery = v.object({
	q: v.optional(
		v.pipe(v.string(), v.maxLength(MAX_QUERY_LENGTH, `q must be at most ${MAX_QUERY_LENGTH} characters`)),
		"",
	),
	limit: v.optional(queryInteger(1, MAX_LIMIT)),
	profile: v.optional(v.string()),
});

describeRoute({
	method: "GET",
	path: "/api/palette",
	summary: "Command palette search: pages, sessions, config fields, API key names, cron jobs, skills",
	query: PaletteQuery,
});

/** 0 for a prefix match, 1 for a word-start match, 2 for any substring, null for none. */
export function matchRank(text: string, needle: string): number | null {
	const hay = text.toLowerCase();
	const at = hay.indexOf(needle);
	if (at < 0) return null;
	if (at === 0) return 0;
	return /[\s._\-/]/.test(hay.charAt(at - 1)) ? 1 : 2;
}

interface Candidate extends PaletteResult {
	rank: number;
}

/** Reads one source; a failing source contributes nothing (see the module note). */
function safely<T>(read: () => T[]): T[] {
	try {
		return read();
	} catch {
		return [];
	}
}

function truncate(text: string, max = 120): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function candidates(app: AppContext, profile: ResolvedProfile, needle: string, lang: ReturnType<typeof languageOf>) {
	const out: Candidate[] = [];
	const add = (result: PaletteResult, ...texts: string[]) => {
		const ranks = texts.map((text) => (needle === "" ? 0 : matchRank(text, needle))).filter((r) => r !== null);
		if (ranks.length > 0) out.push({ ...result, rank: Math.min(...ranks) });
	};
	for (const item of NAV_ITEMS) {
		const label = t(lang, item.label);
		add({ kind: "page", label, detail: item.path, url: item.path }, label, item.path.slice(1));
	}
	if (needle === "") return out;
	const nowSeconds = Math.floor(app.clock.now() / 1000);
	const sessions = safely(
		() =>
			listSessions(profile.paths.stateDB, { limit: SESSION_SCAN_LIMIT, offset: 0, order: "recent" }, nowSeconds)
				.sessions,
	);
	for (const row of sessions) {
		if (typeof row.title !== "string" || row.title === "") continue;
		add(
			{
				kind: "session",
				label: row.title,
				detail: String(row.source ?? ""),
				url: `/sessions?q=${encodeURIComponent(row.id)}`,
			},
			row.title,
		);
	}
	for (const [path, schema] of safely(() => Object.entries(buildConfigSchema().fields))) {
		add(
			{ kind: "config", label: schema.description, detail: path, url: `/config#${path}` },
			path,
			schema.description,
		);
	}
	const setKeys = safely(() => [...readEnvValues(profile.paths.env).keys()]);
	const envNames = new Set([...setKeys, ...ENV_CATALOG.map((entry) => entry.name)]);
	for (const name of envNames) {
		add(
			{ kind: "env", label: name, detail: setKeys.includes(name) ? "set" : "not set", url: `/env#${name}` },
			name,
		);
	}
	for (const job of safely(() => listJobs(profile.home))) {
		const id = String(job.id ?? "");
		const name = typeof job.name === "string" && job.name !== "" ? job.name : String(job.prompt ?? id);
		const schedule = typeof job.schedule_display === "string" ? job.schedule_display : "";
		add({ kind: "cron", label: truncate(name), detail: schedule, url: `/cron#${id}` }, name, id);
	}
	const skills = safely(() =>
		listInstalledSkills(profile.paths.skills, readConfigLenient(profile.paths.config), app.env),
	);
	for (const skill of skills) {
		add(
			{ kind: "skill", label: skill.name, detail: truncate(skill.description), url: `/skills#${skill.name}` },
			skill.name,
		);
	}
	return out;
}

/** Kinds in the order a tie is shown: places first, then the things in them. */
const KIND_ORDER: readonly PaletteKind[] = ["page", "session", "config", "env", "cron", "skill"];

export function paletteRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/api/palette", (c) => {
		const query = queryParams(c, PaletteQuery);
		const profile = profileFor(app, query.profile);
		const needle = query.q.trim().toLowerCase();
		const limit = query.limit ?? DEFAULT_LIMIT;
		const ranked = candidates(app, profile, needle, languageOf(c))
			.map((candidate, index) => ({ candidate, index }))
			.sort(
				(a, b) =>
					a.candidate.rank - b.candidate.rank ||
					KIND_ORDER.indexOf(a.candidate.kind) - KIND_ORDER.indexOf(b.candidate.kind) ||
					a.index - b.index,
			)
			.slice(0, limit)
			.map(({ candidate: { rank: _rank, ...result } }) => result);
		return c.json({ q: query.q, results: ranked });
	});

	return routes;
}

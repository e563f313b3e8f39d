/**
 * @module
 * `GET /api/profiles/sessions` (api-contract-clients §2.9): one session list merged over
 * several profiles' state.db files, each read through the sessions data layer. A
 * profile whose database fails lands in `errors`; the others still answer.
 */
import { existsSync } from "node:fs";
import { listSessions, type ListQuery } from "../sessions/query.ts";
import type { SessionListRow } from "../sessions/types.ts";
import { homePaths } from "../home/paths.ts";

/** Rows fetched per profile at most (Hermes's cap: deeper merged pages are incomplete). */
const PER_PROFILE_CAP = 500;

export interface ProfileTarget {
	name: string;
	home: string;
}

export interface CrossProfilePage {
	sessions: SessionListRow[];
	total: number;
	profile_totals: Record<string, number>;
	limit: number;
	offset: number;
	errors: { profile: string; error: string }[];
}

function sortKey(row: SessionListRow, order: "created" | "recent"): number {
	const value = order === "recent" ? (row.last_active ?? row.started_at) : row.started_at;
	return typeof value === "number" ? value : Number(row.started_at ?? 0) || 0;
}

export function crossProfileSessions(targets: ProfileTarget[], query: ListQuery, nowSeconds: number): CrossProfilePage {
	const order = query.order ?? "recent";
	const fetch = Math.min(Math.max(query.limit + query.offset, query.limit), PER_PROFILE_CAP);
	const merged: SessionListRow[] = [];
	const profileTotals: Record<string, number> = {};
	const errors: { profile: string; error: string }[] = [];
	let total = 0;
	for (const target of targets) {
		const path = homePaths(target.home).stateDB;
		if (!existsSync(path)) continue;
		try {
			const page = listSessions(path, { ...query, order, limit: fetch, offset: 0, full: true }, nowSeconds);
			profileTotals[target.name] = page.total;
			total += page.total;
			for (const row of page.sessions) {
				merged.push({ ...row, profile: target.name, is_default_profile: target.name === "default" });
			}
		} catch (error) {
			errors.push({ profile: target.name, error: String((error as Error)?.message ?? error) });
		}
	}
	merged.sort((a, b) => sortKey(b, order) - sortKey(a, order));
	const sessions = merged.slice(query.offset, query.offset + query.limit).map((row) => {
		if (query.full) return row;
		const { system_prompt: _prompt, model_config: _config, ...rest } = row;
		return rest as SessionListRow;
	});
	return { sessions, total, profile_totals: profileTotals, limit: query.limit, offset: query.offset, errors };
}

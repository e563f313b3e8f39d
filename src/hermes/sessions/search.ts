/**
 * @module
 * Session search (hermes-home §4.4): id matches first, then FTS5 message matches
 * (`>>>`/`<<<` snippet markers), one hit per compression lineage, reported on the
 * lineage tip. CJK text goes to the trigram index (Hermes's own endpoint appends `*`
 * to CJK tokens and finds nothing; we quote them instead), short CJK terms to LIKE.
 * Any user text, FTS syntax included, yields results or an empty list, never an error.
 */
import type { DatabaseSync } from "node:sqlite";
import { withReader, type Row } from "./state_db.ts";
import { compressionTip, contentText, likeEscape, lineageRoot, previewOf, previewRawSQL, row, rows } from "./rows.ts";

export interface SearchResult {
	session_id: string;
	lineage_root: string;
	snippet: string;
	role: string | null;
	source: string | null;
	model: string | null;
	session_started: number | null;
}

const CJK =
	/[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]/u;
const CJK_RUN = new RegExp(CJK.source + "+", "gu");
const OPERATORS = new Set(["AND", "OR", "NOT"]);

/** Splits on whitespace, keeping `"quoted phrases"` whole. */
export function queryTokens(query: string): string[] {
	return query.match(/"[^"]*"|\S+/g) ?? [];
}

/** Hermes's prefix rule: every bare token gets a trailing `*`. */
export function addPrefixStars(query: string): string {
	return queryTokens(query)
		.map((token) => {
			if (token.startsWith('"') || token.endsWith("*") || OPERATORS.has(token)) {
				return token;
			}
			return `${token}*`;
		})
		.join(" ");
}

/** FTS5 sanitisation (hermes-home §4.4): what survives can never be a syntax error. */
export function sanitizeFTSQuery(query: string): string {
	let text = query.slice(0, 2048);
	const phrases: string[] = [];
	text = text.replace(/"[^"]*"/g, (phrase) => {
		phrases.push(phrase);
		return `\u0001${phrases.length - 1}\u0001`;
	});
	text = text.replace(/["+{}():^]/g, " ").replace(/\*{2,}/g, "*");
	let tokens = text
		.split(/\s+/)
		.filter(Boolean)
		.map((token) => token.replace(/^\*+/, ""))
		.filter(Boolean);
	while (tokens.length > 0 && OPERATORS.has(tokens[0]!)) tokens.shift();
	while (tokens.length > 0 && OPERATORS.has(tokens[tokens.length - 1]!)) tokens.pop();
	tokens = tokens
		.map((token) => {
			if (token.includes("\u0001") || OPERATORS.has(token)) {
				return token;
			}
			// Anything beyond letters/digits (a-b, a.b, a_b.c, emoji, quotes…) is quoted as a phrase.
			const star = token.endsWith("*");
			const bare = star ? token.slice(0, -1) : token;
			if (/^[\p{L}\p{N}]+$/u.test(bare)) {
				return token;
			}
			return bare === "" ? "" : `"${bare.replace(/"/g, "")}"${star ? "*" : ""}`;
		})
		.filter(Boolean);
	return tokens.join(" ").replace(/\u0001(\d+)\u0001/g, (_, index: string) => phrases[Number(index)]!);
}

function hasTrigram(db: DatabaseSync): boolean {
	return row(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages_fts_trigram'") !== undefined;
}

interface Hit {
	session_id: string;
	role: string | null;
	/** A full-text hit's message id: its snippet is computed later, for kept hits only. */
	rowid?: number;
	/** A LIKE hit's snippet, known at once. */
	snippet?: string;
}

/** Message hits, and how to compute the snippets of the full-text ones that are kept. */
interface ContentHits {
	hits: Hit[];
	snippets: (rowids: number[]) => Map<number, string>;
}

const NO_SNIPPETS = (): Map<number, string> => new Map();

/**
 * Full-text candidates: the newest SEARCH_CANDIDATES matches (a backwards walk of the
 * doclist that stops there), ranked by bm25 — the very score Hermes orders by (`rank`),
 * with its corpus-wide statistics — ties by rowid as FTS5 orders them. A query matching
 * no more messages than that gets exactly Hermes's order; a broader one the best-ranked
 * of its newest matches, instead of a bm25 pass over every match in the home.
 */
export const SEARCH_CANDIDATES = 2000;

export function ftsCandidatesSQL(table: "messages_fts" | "messages_fts_trigram"): string {
	return `SELECT m.id, m.session_id, m.role FROM (
			SELECT rowid AS id, bm25(${table}) AS score FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT ?
		) c JOIN messages m ON m.id = c.id
		WHERE m.active = 1 OR m.compacted = 1
		ORDER BY c.score, c.id LIMIT ?`;
}

/**
 * The snippets of some matching messages, each as Hermes's search computes it for its row,
 * in one pass over the matches between the lowest and the highest rowid wanted (at most
 * the SEARCH_CANDIDATES newest). One pass, because every FTS5 query with a prefix term
 * first merges that term's whole doclist: a query per snippet cost ~1 ms each on a
 * 1 M-message home. The bounds are bound as BigInt: node:sqlite binds a JS number as REAL,
 * and FTS5 ignores a rowid bound that is not an INTEGER (it then walks every match).
 */
export function ftsSnippets(
	db: DatabaseSync,
	table: "messages_fts" | "messages_fts_trigram",
	match: string,
	rowids: number[],
): Map<number, string> {
	const snippets = new Map<number, string>();
	if (rowids.length === 0) {
		return snippets;
	}
	const found = rows(
		db,
		`SELECT rowid AS id, CASE WHEN rowid IN (SELECT value FROM json_each(?))
			THEN snippet(${table}, 0, '>>>', '<<<', '...', 40) END AS snippet
		FROM ${table} WHERE ${table} MATCH ? AND rowid >= ? AND rowid <= ?`,
		JSON.stringify(rowids),
		match,
		BigInt(Math.min(...rowids)),
		BigInt(Math.max(...rowids)),
	);
	for (const entry of found) {
		if (entry.snippet !== null) snippets.set(Number(entry.id), String(entry.snippet));
	}
	return snippets;
}

function ftsHits(
	db: DatabaseSync,
	table: "messages_fts" | "messages_fts_trigram",
	match: string,
	fetch: number,
): ContentHits {
	if (match.trim() === "") {
		return { hits: [], snippets: NO_SNIPPETS };
	}
	try {
		// Rank first, snippet later: snippet() on every candidate would cost more than the search.
		const hits = rows(db, ftsCandidatesSQL(table), match, SEARCH_CANDIDATES, fetch).map((hit) => ({
			session_id: String(hit.session_id),
			role: hit.role === null ? null : String(hit.role),
			rowid: Number(hit.id),
		}));
		return { hits, snippets: (rowids) => ftsSnippets(db, table, match, rowids) };
	} catch {
		// An FTS syntax error the sanitiser did not foresee: no results, never a 500.
		return { hits: [], snippets: NO_SNIPPETS };
	}
}

/**
 * Short CJK terms (under 3 characters: too short for the trigram index) are matched with
 * LIKE, as Hermes does, but over the newest LIKE_WINDOW messages only.
 */
export const LIKE_WINDOW = 20_000;

function likeHits(db: DatabaseSync, tokens: string[], fetch: number): ContentHits {
	const terms = tokens
		.map((token) => token.replace(/^"|"$/g, ""))
		.filter((token) => token !== "" && !OPERATORS.has(token));
	if (terms.length === 0) {
		return { hits: [], snippets: NO_SNIPPETS };
	}
	const clauses = terms.map(
		() => "(m.content LIKE ? ESCAPE '\\' OR m.tool_name LIKE ? ESCAPE '\\' OR m.tool_calls LIKE ? ESCAPE '\\')",
	);
	const params = terms.flatMap((term) => Array(3).fill(`%${likeEscape(term)}%`) as string[]);
	// LIKE cannot use an index: look at the newest LIKE_WINDOW messages, not the whole home.
	const found = rows(
		db,
		`SELECT m.session_id, m.role, m.content, m.tool_name, m.tool_calls
		FROM (SELECT * FROM messages ORDER BY id DESC LIMIT ?) m
		WHERE (m.active = 1 OR m.compacted = 1) AND (${clauses.join(" OR ")})
		ORDER BY m.timestamp DESC, m.id DESC LIMIT ?`,
		LIKE_WINDOW,
		...params,
		fetch,
	);
	const hits = found.map((hit) => {
		const text = [contentText(hit.content), hit.tool_name ?? "", hit.tool_calls ?? ""].join(" ");
		const lower = text.toLowerCase();
		const at = Math.max(
			0,
			Math.min(
				...terms.map((term) => {
					const index = lower.indexOf(term.toLowerCase());
					return index < 0 ? Infinity : index;
				}),
			),
		);
		const start = Number.isFinite(at) ? Math.max(0, at - 40) : 0;
		return {
			session_id: String(hit.session_id),
			role: hit.role === null ? null : String(hit.role),
			snippet: text.slice(start, start + 120),
		};
	});
	return { hits, snippets: NO_SNIPPETS };
}

/** Message hits: FTS5, the trigram index for CJK, LIKE for short CJK terms. */
function contentHits(db: DatabaseSync, query: string, fetch: number): ContentHits {
	if (CJK.test(query)) {
		const runs = query.match(CJK_RUN) ?? [];
		if (runs.every((run) => Array.from(run).length >= 3) && hasTrigram(db)) {
			const quoted = queryTokens(query)
				.map((token) => (OPERATORS.has(token) ? token : `"${token.replace(/"/g, "")}"`))
				.filter((token) => token !== '""');
			return ftsHits(db, "messages_fts_trigram", quoted.join(" "), fetch);
		}
		return likeHits(db, queryTokens(query), fetch);
	}
	return ftsHits(db, "messages_fts", sanitizeFTSQuery(addPrefixStars(query)), fetch);
}

/**
 * Sessions whose id (exactly, by prefix, or as a substring) is the query. A substring
 * can be anywhere, so every id is looked at — in the id index (a few MB at 100k
 * sessions), never the table; only the matches' rows are read.
 */
function idHits(db: DatabaseSync, query: string): Row[] {
	const needle = query.trim();
	if (needle === "" || /\s/.test(needle)) {
		return [];
	}
	const matches = matchingSessionIds(db, needle);
	if (matches.length === 0) {
		return [];
	}
	const escaped = likeEscape(needle);
	return rows(
		db,
		`SELECT id, source, model, started_at,
			CASE WHEN id = ? THEN 0 WHEN id LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END AS rank_
		FROM sessions WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rank_, started_at DESC LIMIT 50`,
		needle,
		`${escaped}%`,
		JSON.stringify(matches),
	);
}

/** Ids containing `needle` (LIKE: ASCII case folded), read from the id index only. */
export function matchingSessionIds(db: DatabaseSync, needle: string): string[] {
	const escaped = likeEscape(needle);
	// Without `%`, `_` or `\` in the needle both patterns mean the same, and LIKE without
	// an ESCAPE clause costs ~10% less CPU over the 100k ids of a big home (9.4 vs 10.6 ms).
	const found =
		escaped === needle ? rows(db, ID_MATCH_PLAIN_SQL, `%${needle}%`) : rows(db, ID_MATCH_SQL, `%${escaped}%`);
	return found.map((entry) => String(entry.id));
}

export const ID_MATCH_SQL = "SELECT id FROM sessions WHERE id LIKE ? ESCAPE '\\'";
export const ID_MATCH_PLAIN_SQL = "SELECT id FROM sessions WHERE id LIKE ?";

/** Hermes's list preview of one session (the id-match snippet). */
function sessionPreview(db: DatabaseSync, id: string): string {
	return previewOf(row(db, `SELECT ${previewRawSQL("s")} AS raw FROM (SELECT ? AS id) s`, id)?.raw);
}

/** `GET /api/sessions/search`. */
export function searchSessions(path: string, query: string, limit: number): SearchResult[] {
	const clamped = Math.min(100, Math.max(1, Number.isFinite(limit) ? Math.trunc(limit) : 20));
	if (query.trim() === "") {
		return [];
	}
	return withReader<SearchResult[]>(path, [], (db) => {
		const results: SearchResult[] = [];
		/** Results still waiting for their full-text snippet, by message id. */
		const pending = new Map<number, SearchResult>();
		const seenRoots = new Set<string>();
		const add = (sessionId: string, hit: Hit | null): void => {
			if (results.length >= clamped) return;
			const root = lineageRoot(db, sessionId);
			if (seenRoots.has(root)) return;
			seenRoots.add(root);
			const tip = compressionTip(db, root) ?? row(db, "SELECT * FROM sessions WHERE id = ?", sessionId);
			if (tip === undefined) return;
			const rootRow = root === tip.id ? tip : row(db, "SELECT started_at FROM sessions WHERE id = ?", root);
			const result: SearchResult = {
				session_id: String(tip.id),
				lineage_root: root,
				snippet:
					hit === null
						? sessionPreview(db, String(tip.id)) || `Session ID: ${String(tip.id)}`
						: (hit.snippet ?? ""),
				role: hit?.role ?? null,
				source: tip.source === null ? null : String(tip.source),
				model: tip.model === null ? null : String(tip.model),
				session_started: typeof rootRow?.started_at === "number" ? rootRow.started_at : null,
			};
			if (hit?.rowid !== undefined) pending.set(hit.rowid, result);
			results.push(result);
		};
		for (const hit of idHits(db, query)) {
			add(String(hit.id), null);
		}
		const content = contentHits(db, query, Math.max(clamped * 5, 50));
		for (const hit of content.hits) {
			add(hit.session_id, hit);
		}
		for (const [rowid, snippet] of content.snippets([...pending.keys()])) {
			pending.get(rowid)!.snippet = snippet;
		}
		return results;
	});
}

/** The first active message of a session that mentions `term` (for "scroll to the hit"). */
export function firstMatchingMessage(path: string, sessionId: string, term: string): number | null {
	const words = queryTokens(term)
		.map((token) => token.replace(/^"|"$|\*$/g, ""))
		.filter((token) => token !== "" && !OPERATORS.has(token));
	if (words.length === 0) {
		return null;
	}
	return withReader<number | null>(path, null, (db) => {
		const clauses = words.map(() => "(content LIKE ? ESCAPE '\\' OR tool_calls LIKE ? ESCAPE '\\')").join(" OR ");
		const params = words.flatMap((word) => [`%${likeEscape(word)}%`, `%${likeEscape(word)}%`]);
		const found = row(
			db,
			`SELECT id FROM messages WHERE session_id = ? AND active = 1 AND (${clauses}) ORDER BY id LIMIT 1`,
			sessionId,
			...params,
		);
		return found === undefined ? null : Number(found.id);
	});
}

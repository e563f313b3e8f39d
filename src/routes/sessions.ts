/**
 * @module
 * The sessions JSON API (api-contract A.2, hermes-home §4.3–4.8). Literal routes
 * (`search`, `stats`, `prune`, `bulk-delete`, `empty`) are registered before `{id}`.
 */
import { Hono } from "hono/tiny";
import * as v from "valibot";
import { ApiError, jsonBody, queryBoolean, queryInteger, queryParams } from "../http/validate.ts";
import {
	exportSession,
	getMessages,
	getSession,
	listSessions,
	sessionStats,
	type ArchivedFilter,
	type SessionOrder,
} from "../hermes/sessions/query.ts";
import { runOffThread } from "../hermes/sessions/worker.ts";
import {
	bulkDeleteSessions,
	countEmptySessions,
	deleteEmptySessions,
	deleteSession,
	patchSession,
	previewPrune,
	pruneSessions,
	type PruneFilters,
} from "../hermes/sessions/write.ts";
import { nowSeconds } from "../hermes/home/clock.ts";
import { requestedProfile } from "../http/profile.ts";
import { guarded, storeFor } from "./session_store.ts";
import { IMPORT_LIMITS, importSessions, validateImport } from "../hermes/sessions/import.ts";
import { latestDescendant } from "../hermes/sessions/lineage.ts";
import { describeRoute } from "../http/openapi.ts";
import type { AppContext, AppEnv } from "../context.ts";

const anyInteger = queryInteger(-(2 ** 53), 2 ** 53);

const ListQuery = v.object({
	limit: v.optional(anyInteger),
	offset: v.optional(anyInteger),
	min_messages: v.optional(anyInteger),
	archived: v.optional(v.string()),
	order: v.optional(v.string()),
	source: v.optional(v.string()),
	exclude_sources: v.optional(v.string()),
	cwd_prefix: v.optional(v.string()),
	full: v.optional(queryBoolean),
	profile: v.optional(v.string()),
});

const SearchQuery = v.object({
	q: v.optional(v.string()),
	limit: v.optional(anyInteger),
	profile: v.optional(v.string()),
});
const ProfileQuery = v.object({ profile: v.optional(v.string()) });
const MessagesQuery = v.object({
	limit: v.optional(anyInteger),
	offset: v.optional(anyInteger),
	profile: v.optional(v.string()),
});

const PatchBody = v.object({
	title: v.optional(v.nullable(v.string())),
	archived: v.optional(v.nullable(v.boolean())),
	profile: v.optional(v.nullable(v.string())),
});

const BulkDeleteBody = v.object({ ids: v.array(v.string()), profile: v.optional(v.nullable(v.string())) });

const num = v.optional(v.nullable(v.number()));
const int = v.optional(v.nullable(v.pipe(v.number(), v.integer())));
const str = v.optional(v.nullable(v.string()));
const PruneBody = v.optional(
	v.object({
		older_than_days: num,
		source: str,
		profile: str,
		started_before: num,
		started_after: num,
		title_like: str,
		end_reason: str,
		cwd_prefix: str,
		min_messages: int,
		max_messages: int,
		model_like: str,
		provider: str,
		user_id: str,
		chat_id: str,
		chat_type: str,
		branch_like: str,
		min_tokens: int,
		max_tokens: int,
		min_cost: num,
		max_cost: num,
		min_tool_calls: int,
		max_tool_calls: int,
		include_archived: v.optional(v.nullable(v.boolean())),
		dry_run: v.optional(v.nullable(v.boolean())),
	}),
	{},
);

/** Drops null/absent fields so "not sent" and "sent as null" mean the same. */
function present<T extends Record<string, unknown>>(input: T): Partial<T> {
	return Object.fromEntries(
		Object.entries(input).filter(([, value]) => value !== null && value !== undefined),
	) as Partial<T>;
}

const ImportBody = v.object({ sessions: v.array(v.unknown()), profile: v.optional(v.nullable(v.string())) });

describeRoute({
	method: "POST",
	path: "/api/sessions/import",
	summary: "Import exported sessions (25 MiB, 500 sessions at most)",
	body: ImportBody,
});
describeRoute({
	method: "GET",
	path: "/api/sessions/:id/latest-descendant",
	summary: "The newest descendant of a session along every child edge",
	query: ProfileQuery,
});

/** The body as text, read as a stream and given up past `limit` bytes (null then). */
async function readCappedText(request: Request, limit: number): Promise<string | null> {
	if (Number(request.headers.get("content-length") ?? "0") > limit) {
		return null;
	}
	if (request.body === null) {
		return "";
	}
	const chunks: Uint8Array[] = [];
	let total = 0;
	for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
		total += chunk.byteLength;
		if (total > limit) {
			return null;
		}
		chunks.push(chunk);
	}
	return new TextDecoder().decode(Buffer.concat(chunks));
}

describeRoute({
	method: "POST",
	path: "/api/sessions/bulk-delete",
	summary: "Delete several sessions",
	query: ProfileQuery,
	body: BulkDeleteBody,
});
describeRoute({
	method: "POST",
	path: "/api/sessions/prune",
	summary: "Delete old sessions",
	query: ProfileQuery,
	body: PruneBody,
});
describeRoute({
	method: "PATCH",
	path: "/api/sessions/:id",
	summary: "Rename a session",
	query: ProfileQuery,
	body: PatchBody,
});

describeRoute({ method: "GET", path: "/api/sessions", summary: "Sessions, newest first", query: ListQuery });
describeRoute({ method: "GET", path: "/api/sessions/search", summary: "Full-text session search", query: SearchQuery });
describeRoute({ method: "GET", path: "/api/sessions/stats", summary: "Session counts", query: ProfileQuery });
describeRoute({
	method: "GET",
	path: "/api/sessions/empty/count",
	summary: "How many sessions are empty",
	query: ProfileQuery,
});
describeRoute({ method: "DELETE", path: "/api/sessions/empty", summary: "Delete empty sessions", query: ProfileQuery });
describeRoute({
	method: "GET",
	path: "/api/sessions/:id/messages",
	summary: "A session's messages",
	query: MessagesQuery,
});
describeRoute({ method: "GET", path: "/api/sessions/:id/export", summary: "Export a session", query: ProfileQuery });

describeRoute({ method: "GET", path: "/api/sessions/:id", summary: "One session", query: ProfileQuery });
describeRoute({ method: "DELETE", path: "/api/sessions/:id", summary: "Delete a session", query: ProfileQuery });

export function sessionRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/api/sessions", async (c) => {
		const query = queryParams(c, ListQuery);
		const archived = query.archived ?? "exclude";
		if (!["exclude", "only", "include"].includes(archived)) {
			throw new ApiError(400, "archived must be one of: exclude, only, include");
		}
		const order = query.order ?? "created";
		if (!["created", "recent"].includes(order)) {
			throw new ApiError(400, "order must be one of: created, recent");
		}
		const store = storeFor(app, query.profile);
		const page = await guarded(() =>
			listSessions(
				store.db,
				{
					limit: query.limit ?? 20,
					offset: query.offset ?? 0,
					minMessages: Math.max(0, query.min_messages ?? 0),
					archived: archived as ArchivedFilter,
					order: order as SessionOrder,
					source: query.source || undefined,
					excludeSources: (query.exclude_sources ?? "")
						.split(",")
						.map((item) => item.trim())
						.filter(Boolean),
					cwdPrefix: query.cwd_prefix || undefined,
					full: query.full === true,
				},
				nowSeconds(app.clock),
			),
		);
		if (store.profile !== undefined) {
			for (const row of page.sessions) {
				row.profile = store.profile;
				row.is_default_profile = store.isDefaultProfile;
			}
		}
		return c.json(page);
	});

	routes.get("/api/sessions/search", async (c) => {
		const query = queryParams(c, SearchQuery);
		const store = storeFor(app, query.profile);
		const q = query.q ?? "";
		if (q.trim() === "") {
			return c.json({ results: [] });
		}
		return c.json({ results: await guarded(() => runOffThread("search", store.db, q, query.limit ?? 20)) });
	});

	routes.get("/api/sessions/stats", async (c) => {
		const store = storeFor(app, queryParams(c, ProfileQuery).profile);
		return c.json(await guarded(() => sessionStats(store.db)));
	});

	routes.get("/api/sessions/empty/count", async (c) => {
		const store = storeFor(app, queryParams(c, ProfileQuery).profile);
		return c.json({ count: await guarded(() => countEmptySessions(store.db)) });
	});

	routes.delete("/api/sessions/empty", async (c) => {
		const store = storeFor(app, queryParams(c, ProfileQuery).profile);
		return c.json({ ok: true, deleted: await guarded(() => deleteEmptySessions(store.db)) });
	});

	routes.post("/api/sessions/bulk-delete", async (c) => {
		const body = await jsonBody(c, BulkDeleteBody);
		if (body.ids.length > 500) {
			throw new ApiError(400, "ids must contain at most 500 entries");
		}
		const store = storeFor(app, requestedProfile(body.profile, c.req.query("profile")));
		return c.json({ ok: true, deleted: await guarded(() => bulkDeleteSessions(store.db, body.ids)) });
	});

	routes.post("/api/sessions/prune", async (c) => {
		const body = await jsonBody(c, PruneBody);
		const { dry_run: dryRun, profile, ...rest } = present(body);
		const filters = rest as PruneFilters;
		const windowed = filters.started_before !== undefined || filters.started_after !== undefined;
		if ((filters.older_than_days ?? 90) < 1 && !windowed) {
			throw new ApiError(400, "older_than_days must be >= 1");
		}
		const store = storeFor(app, requestedProfile(profile, c.req.query("profile")));
		if (dryRun === true) {
			return c.json(await guarded(() => previewPrune(store.db, filters, nowSeconds(app.clock))));
		}
		const removed = await guarded(() => pruneSessions(store.home, store.db, filters, nowSeconds(app.clock)));
		return c.json({ ok: true, removed });
	});

	routes.post("/api/sessions/import", async (c) => {
		const text = await readCappedText(c.req.raw, IMPORT_LIMITS.totalBytes);
		if (text === null) {
			throw new ApiError(413, "Session import payload is too large");
		}
		let payload: unknown;
		try {
			payload = JSON.parse(text);
		} catch {
			throw new ApiError(400, "Invalid session import payload");
		}
		const parsed = v.safeParse(ImportBody, payload);
		if (!parsed.success) {
			throw new ApiError(400, "Invalid session import payload");
		}
		const { sessions, profile } = parsed.output;
		if (sessions.length > IMPORT_LIMITS.sessions) {
			throw new ApiError(400, `sessions must contain at most ${IMPORT_LIMITS.sessions} entries`);
		}
		// The body's profile only: Hermes ignores ?profile= here (quirk 18).
		const store = storeFor(app, profile ?? undefined);
		const errors = validateImport(sessions);
		if (errors.length > 0) {
			throw new ApiError(400, { ok: false, imported: 0, skipped: 0, detached: 0, errors });
		}
		const result = await guarded(() =>
			importSessions(store.db, sessions as Record<string, unknown>[], nowSeconds(app.clock)),
		);
		return c.json(result);
	});

	routes.get("/api/sessions/:id/latest-descendant", async (c) => {
		const store = storeFor(app, queryParams(c, ProfileQuery).profile);
		const found = await guarded(() => latestDescendant(store.db, c.req.param("id")));
		if (found === null) {
			throw new ApiError(404, "Session not found");
		}
		return c.json(found);
	});

	routes.get("/api/sessions/:id", async (c) => {
		const store = storeFor(app, queryParams(c, ProfileQuery).profile);
		const session = await guarded(() => getSession(store.db, c.req.param("id")));
		if (session === null) {
			throw new ApiError(404, "Session not found");
		}
		if (store.profile !== undefined) {
			session.profile = store.profile;
		}
		return c.json(session);
	});

	routes.get("/api/sessions/:id/messages", async (c) => {
		const query = queryParams(c, MessagesQuery);
		const store = storeFor(app, query.profile);
		const page = await guarded(() =>
			getMessages(store.db, c.req.param("id"), query.limit ?? null, Math.max(0, query.offset ?? 0)),
		);
		if (page === null) {
			throw new ApiError(404, "Session not found");
		}
		return c.json(page);
	});

	routes.get("/api/sessions/:id/export", async (c) => {
		const store = storeFor(app, queryParams(c, ProfileQuery).profile);
		const exported = await guarded(() => exportSession(store.db, c.req.param("id")));
		if (exported === null) {
			throw new ApiError(404, "Session not found");
		}
		return c.json(exported);
	});

	routes.patch("/api/sessions/:id", async (c) => {
		const body = await jsonBody(c, PatchBody);
		const store = storeFor(app, requestedProfile(body.profile, c.req.query("profile")));
		const id = c.req.param("id");
		if ((await guarded(() => getSession(store.db, id))) === null) {
			throw new ApiError(404, "Session not found");
		}
		// Hermes reads null as "not provided" for both fields; only "" clears the title.
		if (
			(body.title === undefined || body.title === null) &&
			(body.archived === undefined || body.archived === null)
		) {
			throw new ApiError(400, "Nothing to update; provide 'title' and/or 'archived'.");
		}
		const change: { title?: string; archived?: boolean } = {};
		if (body.title !== undefined && body.title !== null) change.title = body.title;
		if (body.archived !== undefined && body.archived !== null) change.archived = body.archived;
		const result = await guarded(() => patchSession(store.db, id, change));
		if (result === null) {
			throw new ApiError(404, "Session not found");
		}
		return c.json(result);
	});

	routes.delete("/api/sessions/:id", async (c) => {
		const store = storeFor(app, queryParams(c, ProfileQuery).profile);
		return c.json(await guarded(() => deleteSession(store.db, c.req.param("id"))));
	});

	return routes;
}

/**
 * @module
 * The Desktop learning-journey panel (api-contract-clients §8): the graph of learned
 * skills and memory entries, and one node's read, edit and delete. `?profile=` (R-cfg)
 * on the reads; the edit and delete take `profile` from the JSON body only, as Hermes.
 */
import { Hono } from "hono/tiny";
import { basename } from "node:path";
import * as v from "valibot";
import { ApiError, jsonBody, queryParams } from "../http/validate.ts";
import { describeRoute } from "../http/openapi.ts";
import { profileFor } from "../http/profile.ts";
import { redactSecrets } from "../security/redact.ts";
import { buildLearningGraph } from "../hermes/learning/graph.ts";
import { deleteNode, editNode, type NodeResult, nodeDetail } from "../hermes/learning/nodes.ts";
import type { ResolvedProfile } from "../hermes/home/profiles.ts";
import type { AppContext, AppEnv } from "../context.ts";

const GraphQuery = v.object({ profile: v.optional(v.string()) });
const NodeQuery = v.object({ id: v.string(), profile: v.optional(v.string()) });
const EditBody = v.object({ id: v.string(), content: v.string(), profile: v.optional(v.nullable(v.string())) });
const DeleteBody = v.object({ id: v.string(), profile: v.optional(v.nullable(v.string())) });

describeRoute({
	method: "GET",
	path: "/api/learning/graph",
	summary: "Learned skills and memory entries as a graph",
	query: GraphQuery,
});
describeRoute({
	method: "GET",
	path: "/api/learning/node",
	summary: "One node's content, for editing",
	query: NodeQuery,
});
describeRoute({
	method: "PUT",
	path: "/api/learning/node",
	summary: "Rewrite a skill's SKILL.md or a memory entry",
	body: EditBody,
});
describeRoute({
	method: "DELETE",
	path: "/api/learning/node",
	summary: "Archive a skill or remove a memory entry",
	body: DeleteBody,
});

function profileName(profile: ResolvedProfile): string {
	return profile.name ?? (profile.isDefault ? "default" : basename(profile.home));
}

/** The helper's `{ok: false, message}` as an error with `status`; its success as is. */
function answer(result: NodeResult, status: 400 | 404): NodeResult {
	if (!result.ok) throw new ApiError(status, result.message);
	return result;
}

export function learningRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/api/learning/graph", (c) => {
		const profile = profileFor(app, queryParams(c, GraphQuery).profile);
		try {
			return c.json(buildLearningGraph(profile.home));
		} catch (error) {
			console.error(
				`[hermes-dashboard] GET /api/learning/graph failed: ${redactSecrets(String((error as Error)?.stack ?? error))}`,
			);
			throw new ApiError(500, "Failed to build learning graph");
		}
	});

	routes.get("/api/learning/node", (c) => {
		const query = queryParams(c, NodeQuery);
		const profile = profileFor(app, query.profile);
		return c.json(answer(nodeDetail(profile.home, query.id), 404));
	});

	routes.put("/api/learning/node", async (c) => {
		const body = await jsonBody(c, EditBody);
		const profile = profileFor(app, body.profile);
		return c.json(answer(await editNode(profile.home, body.id, body.content, profileName(profile)), 400));
	});

	routes.delete("/api/learning/node", async (c) => {
		const body = await jsonBody(c, DeleteBody);
		const profile = profileFor(app, body.profile);
		return c.json(answer(await deleteNode(profile.home, body.id, app.clock.now()), 400));
	});

	return routes;
}

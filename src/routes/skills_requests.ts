/**
 * @module
 * Request bodies and queries of the Skills area (api-contract A.7, api-contract-clients
 * §7): valibot schemas only, shared by `routes/skills.ts`. Unknown fields are ignored and
 * a body `profile` may be null, as Hermes's pydantic models allow.
 */
import * as v from "valibot";
import { queryInteger } from "../http/validate.ts";
import { describeRoute } from "../http/openapi.ts";

export const ProfileQuery = v.looseObject({ profile: v.optional(v.string()) });
const BodyProfile = { profile: v.optional(v.nullable(v.string())) };
export const ToggleBody = v.looseObject({ name: v.string(), enabled: v.boolean(), ...BodyProfile });
export const ContentQuery = v.looseObject({ name: v.string(), profile: v.optional(v.string()) });
export const ContentBody = v.looseObject({
	name: v.string(),
	content: v.string(),
	version: v.optional(v.nullable(v.string())),
	...BodyProfile,
});
export const CreateBody = v.looseObject({
	name: v.string(),
	content: v.string(),
	category: v.optional(v.nullable(v.string())),
	...BodyProfile,
});
export const EnabledBody = v.looseObject({ enabled: v.boolean(), ...BodyProfile });
export const ProviderBody = v.looseObject({ provider: v.string(), ...BodyProfile });
export const EnvBody = v.looseObject({ env: v.record(v.string(), v.string()), ...BodyProfile });
export const ModelBody = v.looseObject({
	model: v.string(),
	provider: v.optional(v.nullable(v.string())),
	...BodyProfile,
});
export const PostSetupBody = v.looseObject({ key: v.string(), ...BodyProfile });
export const SearchQuery = v.looseObject({
	q: v.optional(v.string(), ""),
	source: v.optional(v.string(), "all"),
	limit: v.optional(queryInteger(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), "20"),
	profile: v.optional(v.string()),
});
export const IdentifierQuery = v.looseObject({
	identifier: v.optional(v.string(), ""),
	profile: v.optional(v.string()),
});
export const InstallBody = v.looseObject({ identifier: v.string(), ...BodyProfile });
export const UninstallBody = v.looseObject({ name: v.string(), ...BodyProfile });
export const UpdateBody = v.optional(v.looseObject({ ...BodyProfile }));

// OpenAPI: each route next to the schemas it validates with (src/http/openapi.ts).
describeRoute({
	method: "PUT",
	path: "/api/skills/toggle",
	summary: "Enable or disable a skill",
	query: ProfileQuery,
	body: ToggleBody,
});
describeRoute({
	method: "PUT",
	path: "/api/skills/content",
	summary: "Save a skill's SKILL.md",
	query: ProfileQuery,
	body: ContentBody,
});
describeRoute({
	method: "POST",
	path: "/api/skills",
	summary: "Create a skill",
	query: ProfileQuery,
	body: CreateBody,
});
describeRoute({
	method: "PUT",
	path: "/api/tools/toolsets/:name",
	summary: "Enable or disable a toolset",
	query: ProfileQuery,
	body: EnabledBody,
});
describeRoute({
	method: "PUT",
	path: "/api/tools/toolsets/:name/provider",
	summary: "Choose a toolset's provider",
	query: ProfileQuery,
	body: ProviderBody,
});
describeRoute({
	method: "PUT",
	path: "/api/tools/toolsets/:name/env",
	summary: "Save a toolset's keys",
	query: ProfileQuery,
	body: EnvBody,
});
describeRoute({
	method: "PUT",
	path: "/api/tools/toolsets/:name/model",
	summary: "Choose a toolset's model",
	query: ProfileQuery,
	body: ModelBody,
});
describeRoute({
	method: "POST",
	path: "/api/tools/toolsets/:name/post-setup",
	summary: "Run a toolset's post-setup step",
	query: ProfileQuery,
	body: PostSetupBody,
});
describeRoute({
	method: "POST",
	path: "/api/skills/hub/install",
	summary: "Install a skill from the hub",
	query: ProfileQuery,
	body: InstallBody,
});
describeRoute({
	method: "POST",
	path: "/api/skills/hub/uninstall",
	summary: "Uninstall a hub skill",
	query: ProfileQuery,
	body: UninstallBody,
});
describeRoute({
	method: "POST",
	path: "/api/skills/hub/update",
	summary: "Update hub skills",
	query: ProfileQuery,
	body: UpdateBody,
});
describeRoute({ method: "GET", path: "/api/skills/hub/search", summary: "Search the skills hub", query: SearchQuery });
describeRoute({
	method: "GET",
	path: "/api/skills/hub/preview",
	summary: "Preview a hub skill",
	query: IdentifierQuery,
});
describeRoute({
	method: "GET",
	path: "/api/skills/hub/scan",
	summary: "Security scan of a hub skill",
	query: IdentifierQuery,
});
describeRoute({ method: "GET", path: "/api/skills/content", summary: "A skill's SKILL.md", query: ContentQuery });

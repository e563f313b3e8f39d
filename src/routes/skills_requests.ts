/**
 * @module
 * Request bodies and queries of the Skills area (api-contract A.7, api-contract-clients
 * §7): valibot schemas only, shared by `routes/skills.ts`. Unknown fields are ignored and
 * a body `profile` may be null, as Hermes's pydantic models allow.
 */
import * as v from "valibot";
import { queryInteger } from "../http/validate.ts";

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

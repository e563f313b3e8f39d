/**
 * @module
 * The OpenAPI 3.1 document of the JSON API. Paths come from the router itself (every
 * `/api/` route of every area), so a new route is listed without anyone remembering to;
 * request schemas come from a registry the routes feed once, at setup, with the same
 * valibot schemas they validate with (`describeRoute`). A route that registered nothing
 * is still listed, with its path parameters and the common error answers.
 */
import type * as v from "valibot";
import { toJsonSchema } from "@valibot/to-json-schema";
import { PUBLIC_API_PATHS } from "../security/middleware.ts";

export interface RouteDoc {
	method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
	/** The Hono pattern, as registered (`/api/sessions/:id`). */
	path: string;
	summary: string;
	query?: v.GenericSchema;
	/** A JSON body schema, or `"multipart"` with the form's field schema. */
	body?: v.GenericSchema;
	bodyType?: "json" | "multipart";
	/** What a success answers when it is not JSON. */
	produces?: "binary";
	/** Reachable without the session token. */
	public?: boolean;
}

const registry = new Map<string, RouteDoc>();

/** Registers a route's documentation (idempotent: the last registration wins). */
export function describeRoute(doc: RouteDoc): void {
	registry.set(`${doc.method} ${doc.path}`, doc);
}

/** Every registration (a test checks each names a route the router serves). */
export function describedRoutes(): RouteDoc[] {
	return [...registry.values()];
}

export function describedRoute(method: string, path: string): RouteDoc | undefined {
	return registry.get(`${method} ${path}`);
}

/** `/api/x/:id{.+}/*` → `/api/x/{id}/{path}`, with the parameter names in order. */
export function openAPIPath(pattern: string): { path: string; params: string[] } {
	const params: string[] = [];
	const path = pattern
		.replace(/:([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?/g, (_match, name: string) => {
			params.push(name);
			return `{${name}}`;
		})
		.replace(/\/\*$/, () => {
			params.push("path");
			return "/{path}";
		});
	return { path, params };
}

type JsonObject = Record<string, unknown>;

function jsonSchemaOf(schema: v.GenericSchema): JsonObject {
	const converted = toJsonSchema(schema, { target: "draft-2020-12", typeMode: "input", errorMode: "ignore" });
	const { $schema: _ignored, ...rest } = converted as JsonObject;
	return rest;
}

function queryParameters(schema: v.GenericSchema): JsonObject[] {
	const json = jsonSchemaOf(schema);
	const properties = (json.properties ?? {}) as Record<string, JsonObject>;
	const required = new Set((json.required ?? []) as string[]);
	return Object.entries(properties).map(([name, property]) => ({
		name,
		in: "query",
		required: required.has(name),
		schema: property,
	}));
}

const ERROR_BODY = {
	type: "object",
	properties: { detail: {} },
	required: ["detail"],
};

function errorAnswer(description: string): JsonObject {
	return { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
}

function operation(method: string, pattern: string, params: string[]): JsonObject {
	const doc = describedRoute(method, pattern);
	const parameters: JsonObject[] = params.map((name) => ({
		name,
		in: "path",
		required: true,
		schema: { type: "string" },
	}));
	if (doc?.query !== undefined) {
		parameters.push(...queryParameters(doc.query));
	}
	const success =
		doc?.produces === "binary"
			? { description: "The file's bytes", content: { "application/octet-stream": { schema: {} } } }
			: { description: "Success", content: { "application/json": { schema: {} } } };
	const result: JsonObject = {
		summary: doc?.summary ?? `${method} ${pattern}`,
		operationId: `${method.toLowerCase()}${openAPIPath(pattern).path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase())}`,
		parameters,
		responses: {
			"200": success,
			"400": errorAnswer("Invalid input (Hermes's `detail` text)"),
			"401": errorAnswer("Missing or wrong session token"),
			"422": errorAnswer("Request failed validation (FastAPI-style issue list)"),
		},
	};
	if (doc?.body !== undefined) {
		const mediaType = doc.bodyType === "multipart" ? "multipart/form-data" : "application/json";
		// An optional body schema (`v.optional(...)`): clients may send nothing at all.
		const required = doc.body.type !== "optional" && doc.body.type !== "nullish";
		result.requestBody = { required, content: { [mediaType]: { schema: jsonSchemaOf(doc.body) } } };
	}
	if (doc?.public === true || PUBLIC_API_PATHS.has(pattern)) {
		result.security = [];
	}
	return result;
}

export interface RouteLike {
	method: string;
	path: string;
}

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** Whether a router entry is part of the JSON API (under `/api/`, a concrete method). */
export function isAPIRoute(route: RouteLike): boolean {
	return METHODS.has(route.method) && route.path.startsWith("/api/");
}

/** The OpenAPI 3.1 document for the given router entries. */
export function openAPIDocument(routes: readonly RouteLike[], version: string): JsonObject {
	const paths: Record<string, Record<string, JsonObject>> = {};
	const sorted = [...routes].filter(isAPIRoute).sort((a, b) => a.path.localeCompare(b.path));
	for (const route of sorted) {
		const { path, params } = openAPIPath(route.path);
		paths[path] ??= {};
		paths[path][route.method.toLowerCase()] = operation(route.method, route.path, params);
	}
	return {
		openapi: "3.1.0",
		info: {
			title: "Hermes Dashboard API",
			version,
			description:
				"The JSON API of Hermes Dashboard, compatible with Hermes Agent's own dashboard. " +
				"Send the session token in the `X-Hermes-Session-Token` header (shown on the dashboard's pages).",
		},
		servers: [{ url: "/" }],
		security: [{ sessionToken: [] }],
		components: {
			securitySchemes: { sessionToken: { type: "apiKey", in: "header", name: "X-Hermes-Session-Token" } },
			schemas: { Error: ERROR_BODY },
		},
		paths,
	};
}

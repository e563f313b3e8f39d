/**
 * @module
 * Images for remote clients (api-contract-clients §8): `GET /api/media` returns an image
 * the agent saved as a data URL (the dashboard's own home; no `?profile=`, §0.2), and
 * `POST /api/chat/image-upload` stores a pasted image in the profile's images/ folder
 * (`?profile=`, R-cfg) for the chat page to attach with `/image <path>`.
 */
import { Hono } from "hono/tiny";
import * as v from "valibot";
import { ApiError, jsonBody, queryParams } from "../http/validate.ts";
import { describeRoute } from "../http/openapi.ts";
import { profileFor } from "../http/profile.ts";
import { decodeChatImage, MediaError, readMedia, saveChatImage } from "../hermes/media/images.ts";
import type { AppContext, AppEnv } from "../context.ts";

const MediaQuery = v.object({ path: v.string() });
const ProfileQuery = v.object({ profile: v.optional(v.string()) });
const ImageUploadBody = v.object({ data_url: v.string(), filename: v.optional(v.nullable(v.string())) });

describeRoute({
	method: "GET",
	path: "/api/media",
	summary: "An image under the home's images/, screenshots/ or cache/ as a data URL (25 MiB at most)",
	query: MediaQuery,
});
describeRoute({
	method: "POST",
	path: "/api/chat/image-upload",
	summary: "Save a pasted image (PNG, JPEG, GIF, BMP, WebP; 25 MiB at most) under the profile's images/",
	query: ProfileQuery,
	body: ImageUploadBody,
});

function answered(error: unknown): never {
	if (error instanceof MediaError) throw new ApiError(error.status, error.message);
	throw error;
}

export function mediaRoutes(app: AppContext): Hono<AppEnv> {
	const routes = new Hono<AppEnv>();

	routes.get("/api/media", async (c) => {
		const { path } = queryParams(c, MediaQuery);
		return c.json(await readMedia(app.home, path).catch(answered));
	});

	routes.post("/api/chat/image-upload", async (c) => {
		const query = queryParams(c, ProfileQuery);
		const body = await jsonBody(c, ImageUploadBody);
		try {
			// The payload is checked before the profile, as Hermes does.
			const image = decodeChatImage(body.data_url);
			const profile = profileFor(app, query.profile);
			return c.json(saveChatImage(profile.home, image, body.filename, app.clock.now()));
		} catch (error) {
			answered(error);
		}
	});

	return routes;
}

/**
 * `GET /api/media` and `POST /api/chat/image-upload` (api-contract-clients §8): the
 * extension list, media roots and confinement, magic-number checks, the 25 MiB caps with
 * their texts, the file-name rule, `?profile=`, and a round trip through both.
 */
import { execFileSync } from "node:child_process";
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	symlinkSync,
	truncateSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { copyFixtureHome, FIXTURE_NOW_MS, makeContext, testClient } from "../helpers/app.ts";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
const JPEG = Buffer.from("ffd8ffe000104a464946000101", "hex");
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0, 0, 0, 0]), Buffer.from("WEBPVP8 ")]);
const MiB = 1024 * 1024;

let home: string;
let request: ReturnType<typeof testClient>;

beforeEach(() => {
	home = copyFixtureHome();
	request = testClient(makeContext({ home }));
});

type Answer = { status: number; body: any };

async function upload(body: unknown, query = ""): Promise<Answer> {
	const response = await request(`/api/chat/image-upload${query}`, {
		method: "POST",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: await response.json() };
}

async function media(path: string): Promise<Answer> {
	const response = await request(`/api/media?path=${encodeURIComponent(path)}`);
	return { status: response.status, body: await response.json() };
}

const dataURL = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString("base64")}`;

/** Python's own `datetime.fromtimestamp(t).strftime(...)`: the stamp Hermes would write. */
function pythonStamp(ms: number): string {
	return execFileSync(
		"python3",
		["-c", `import datetime;print(datetime.datetime.fromtimestamp(${ms / 1000}).strftime("%Y%m%d_%H%M%S"))`],
		{
			encoding: "utf8",
		},
	).trim();
}

describe("POST /api/chat/image-upload", () => {
	it("saves the bytes under images/ with Hermes's name rule and answers its shape", async () => {
		const { status, body } = await upload({ data_url: dataURL("image/png", JPEG), filename: "../My Shot (1).PNG" });
		expect(status).toBe(200);
		const pattern = new RegExp(`^dashboard_${pythonStamp(FIXTURE_NOW_MS)}_[0-9a-f]{8}_My_Shot_1\\.jpg$`);
		expect(body.name).toMatch(pattern);
		expect(body).toEqual({
			ok: true,
			path: join(home, "images", body.name),
			name: body.name,
			bytes: JPEG.byteLength,
			mime_type: "image/png",
		});
		expect(readFileSync(body.path)).toEqual(JPEG);
		// Only the image: no temp file left beside it.
		expect(readdirSync(join(home, "images"))).toEqual([body.name]);
	});

	it("names a nameless paste pasted-image and takes the extension from the bytes", async () => {
		const webp = await upload({ data_url: dataURL("image/webp", WEBP) });
		expect(webp.body.name).toMatch(/_pasted-image\.webp$/);
		const dots = await upload({ data_url: dataURL("image/png", PNG), filename: "...---..." });
		expect(dots.body.name).toMatch(/_pasted-image\.png$/);
		const gif = await upload({
			data_url: dataURL("image/gif", Buffer.from("GIF89a\x01\x00")),
			filename: "a/b/ü.gif",
		});
		expect(gif.body.name).toMatch(/_[0-9a-f]{8}_pasted-image\.gif$/);
	});

	it("refuses bad payloads with Hermes's texts", async () => {
		const cases: [string, number, string][] = [
			["hello", 400, "Upload payload must be a data URL"],
			["data:image/png,abc", 400, "Upload payload must be base64 encoded"],
			["data:image/png;base64,@@@", 400, "Upload payload is not valid base64"],
			[dataURL("text/plain", PNG), 400, "Upload payload must be an image"],
			[dataURL("image/png", Buffer.from("not an image")), 400, "Unsupported image type"],
		];
		for (const [data_url, status, detail] of cases) {
			expect(await upload({ data_url })).toEqual({ status, body: { detail } });
		}
		expect((await upload({ filename: "x.png" })).status).toBe(422);
		expect(existsSync(join(home, "images"))).toBe(false);
	});

	it("caps an image at 25 MiB with its own 413 text", async () => {
		const big = Buffer.alloc(25 * MiB + 1);
		PNG.copy(big);
		expect(await upload({ data_url: dataURL("image/png", big) })).toEqual({
			status: 413,
			body: { detail: "Image is too large; cap is 25 MB" },
		});
		// Far over the cap, the body itself is refused before it is buffered.
		const huge = Buffer.alloc(26 * MiB);
		expect(await upload({ data_url: dataURL("image/png", huge) })).toEqual({
			status: 413,
			body: { detail: "Request body too large" },
		});
		const exact = Buffer.alloc(25 * MiB);
		PNG.copy(exact);
		expect((await upload({ data_url: dataURL("image/png", exact) })).body.bytes).toBe(25 * MiB);
	});

	it("writes into the requested profile's home, and refuses unknown or invalid names", async () => {
		const lab = join(home, "profiles", "lab");
		mkdirSync(lab, { recursive: true });
		const { body } = await upload({ data_url: dataURL("image/png", PNG) }, "?profile=lab");
		expect(body.path).toBe(join(lab, "images", body.name));
		expect(readFileSync(body.path)).toEqual(PNG);
		expect(await upload({ data_url: dataURL("image/png", PNG) }, "?profile=nope")).toEqual({
			status: 404,
			body: { detail: "Profile 'nope' does not exist." },
		});
		expect((await upload({ data_url: dataURL("image/png", PNG) }, "?profile=bad%20name")).status).toBe(400);
	});

	it("refuses an images/ folder that is a symlink out of the home", async () => {
		const outside = mkdtempSync(join(tmpdir(), "images-out-"));
		symlinkSync(outside, join(home, "images"));
		expect(await upload({ data_url: dataURL("image/png", PNG) })).toEqual({
			status: 403,
			body: { detail: "Image directory is outside the Hermes home" },
		});
		expect(readdirSync(outside)).toEqual([]);
	});
});

describe("GET /api/media", () => {
	it("returns an image under images/, screenshots/ or cache/ as a data URL", async () => {
		for (const root of ["images", "screenshots", "cache"]) {
			mkdirSync(join(home, root, "sub"), { recursive: true });
			writeFileSync(join(home, root, "sub", "shot.PNG"), PNG);
			expect(await media(join(home, root, "sub", "shot.PNG"))).toEqual({
				status: 200,
				body: { data_url: dataURL("image/png", PNG) },
			});
		}
		writeFileSync(join(home, "images", "icon.ico"), Buffer.from([0, 0, 1, 0]));
		expect((await media(join(home, "images", "icon.ico"))).body.data_url).toBe("data:image/x-icon;base64,AAABAA==");
	});

	it("round-trips an uploaded image", async () => {
		const saved = await upload({ data_url: dataURL("image/png", PNG), filename: "clip.png" });
		expect((await media(saved.body.path)).body).toEqual({ data_url: dataURL("image/png", PNG) });
	});

	it("refuses other types, other folders, symlinks out, missing and oversized files", async () => {
		mkdirSync(join(home, "images"));
		writeFileSync(join(home, "images", "notes.txt"), "x");
		writeFileSync(join(home, "outside.png"), PNG);
		const elsewhere = mkdtempSync(join(tmpdir(), "media-out-"));
		writeFileSync(join(elsewhere, "secret.png"), PNG);
		symlinkSync(join(elsewhere, "secret.png"), join(home, "images", "link.png"));
		symlinkSync(elsewhere, join(home, "images", "dir"));
		const big = join(home, "images", "big.png");
		writeFileSync(big, "");
		truncateSync(big, 25 * MiB + 1);
		const outside = { status: 403, body: { detail: "Path outside media roots" } };
		expect(await media(join(home, "images", "notes.txt"))).toEqual({
			status: 415,
			body: { detail: "Unsupported media type" },
		});
		expect(await media(join(home, "outside.png"))).toEqual(outside);
		expect(await media(join(home, "images", "..", "outside.png"))).toEqual(outside);
		expect(await media(join(home, "images", "link.png"))).toEqual(outside);
		expect(await media(join(home, "images", "dir", "secret.png"))).toEqual(outside);
		expect(await media(join(home, "images", "gone.png"))).toEqual({
			status: 404,
			body: { detail: "File not found" },
		});
		expect(await media(big)).toEqual({ status: 413, body: { detail: "File too large" } });
		expect(await media("a\0b.png")).toEqual({ status: 400, body: { detail: "Invalid path" } });
		expect((await request("/api/media")).status).toBe(422);
	});

	it("does not stall on a FIFO named like an image", async () => {
		mkdirSync(join(home, "images"));
		execFileSync("mkfifo", [join(home, "images", "pipe.png")]);
		expect(await media(join(home, "images", "pipe.png"))).toEqual({
			status: 404,
			body: { detail: "File not found" },
		});
	});

	it("reads the dashboard's own home whatever ?profile= says", async () => {
		mkdirSync(join(home, "images"));
		writeFileSync(join(home, "images", "a.png"), PNG);
		const response = await request(
			`/api/media?path=${encodeURIComponent(join(home, "images", "a.png"))}&profile=nope`,
		);
		expect(response.status).toBe(200);
	});
});

/**
 * A fixture home with dashboard plugins installed: the example plugin copied from
 * `examples/plugins/`, plus plugins written here (one whose server module throws on
 * import, one with only a Python backend, one overriding a built-in page).
 */
import { appendFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyFixtureHome } from "../helpers/app.ts";

export const EXAMPLE_PLUGIN = fileURLToPath(new URL("../../examples/plugins/hello-dashboard", import.meta.url));

/** Writes `<home>/plugins/<dir>/` with a dashboard manifest and extra files under `dashboard/`. */
export function writePlugin(home: string, dir: string, manifest: object, files: Record<string, string> = {}): void {
	const dashboard = join(home, "plugins", dir, "dashboard");
	mkdirSync(dashboard, { recursive: true });
	writeFileSync(join(home, "plugins", dir, "plugin.yaml"), `name: ${dir}\nversion: 0.1.0\n`);
	writeFileSync(join(dashboard, "manifest.json"), JSON.stringify(manifest));
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(join(dashboard, path, ".."), { recursive: true });
		writeFileSync(join(dashboard, path), text);
	}
}

/** Appends `plugins.enabled` (the fixture's config.yaml has no `plugins` key). */
export function enablePlugins(home: string, names: string[]): void {
	appendFileSync(join(home, "config.yaml"), `plugins:\n  enabled:\n${names.map((name) => `  - ${name}\n`).join("")}`);
}

export const BROKEN_SERVER = `throw new Error("boom while importing (api_key=sk-abcdefghijklmnopqrstuvwxyz123456)");\n`;

export function homeWithPlugins(): string {
	const home = copyFixtureHome();
	cpSync(EXAMPLE_PLUGIN, join(home, "plugins", "hello-dashboard"), { recursive: true });
	writePlugin(
		home,
		"broken",
		{ name: "broken", label: "Broken", tab: { path: "/broken" }, slots: ["header-right"], server: "server.ts" },
		{ "server.ts": BROKEN_SERVER },
	);
	writePlugin(
		home,
		"py-backend",
		{ name: "py-backend", label: "Py", tab: { path: "/py", position: "before:logs" }, api: "api.py" },
		{
			"api.py": "router = None\n",
			"dist/index.js": "window.__HERMES_PLUGINS__.register('py-backend', function () { return null; });\n",
		},
	);
	writePlugin(
		home,
		"cron-override",
		{ name: "cron-override", label: "Cron+", tab: { path: "/cron-plus", override: "/cron" }, server: "server.js" },
		{
			"server.js":
				"export default (host) => { const app = new host.Hono(); app.get('/', (c) => c.html('<p data-testid=\"cron-override\">custom cron</p>')); return app; };\n",
		},
	);
	enablePlugins(home, ["hello-dashboard", "broken", "py-backend", "cron-override"]);
	return home;
}

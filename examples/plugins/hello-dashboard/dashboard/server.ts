/**
 * The example plugin's server module. The dashboard imports it and calls the default
 * export with a host object (Hono and its `html` helper come from there, so the plugin
 * folder needs no node_modules). Its routes answer at `/api/plugins/hello-dashboard/…`;
 * `GET /` is the tab's content and `GET /slots/<slot>` fills a slot.
 */
import type { PluginHost } from "../../../../src/hermes/plugins/runtime.ts";

export default function helloDashboard(host: PluginHost) {
	const app = new host.Hono();
	// Kept in memory: the module is imported once per file version.
	let greetings = 0;
	app.get("/", (c) =>
		c.html(host.html`<p data-testid="hello-page">Hello from a server-rendered plugin.</p>
<form hx-post="/api/plugins/hello-dashboard/greet" hx-target="#hello-greeting">
<label>Your name <input name="name" data-testid="hello-name" required></label>
<button type="submit" data-testid="hello-submit">Greet</button>
</form>
<p id="hello-greeting" aria-live="polite"></p>`),
	);

	app.get("/slots/header-right", (c) =>
		c.html(host.html`<span class="badge" data-testid="hello-badge">hello</span>`),
	);
	app.get("/slots/sessions:top", (c) =>
		c.html(host.html`<p data-testid="hello-sessions-top">Plugins can add to the Sessions page.</p>`),
	);

	app.get("/status", (c) => c.json({ plugin: host.name, greetings }));

	app.post("/greet", async (c) => {
		const form = await c.req.parseBody();
		const name = typeof form.name === "string" ? form.name.trim().slice(0, 80) : "";
		if (name === "") return c.json({ detail: "name is required" }, 400);
		greetings += 1;
		return c.html(host.html`<span data-testid="hello-greeting">Hello, ${name}!</span>`);
	});

	return app;
}

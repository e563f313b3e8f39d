/**
 * @module
 * Provider rows of the toolsets that have a setup choice (the `hermes tools` picker's
 * categories), as far as the reference describes them (hermes-home §7.4, env vars from
 * the .env catalogue). Each row says which env vars it needs and which config keys
 * choosing it writes. Toolsets absent here have no category: nothing to configure.
 */

export interface ProviderEnvVar {
	key: string;
	prompt?: string;
	url?: string;
	default?: string;
}

export interface ToolsetProvider {
	name: string;
	badge: string;
	tag: string;
	env_vars: readonly ProviderEnvVar[];
	post_setup: string | null;
	requires_nous_auth: boolean;
	/** Dotted config keys written when this row is picked (and read to find the active row). */
	config: Readonly<Record<string, string | boolean>>;
}

const row = (
	name: string,
	tag: string,
	env: readonly ProviderEnvVar[],
	config: Readonly<Record<string, string | boolean>>,
	extra: Partial<Pick<ToolsetProvider, "badge" | "post_setup">> = {},
): ToolsetProvider => ({
	name,
	badge: extra.badge ?? (env.length === 0 ? "free" : ""),
	tag,
	env_vars: env,
	post_setup: extra.post_setup ?? null,
	requires_nous_auth: false,
	config,
});

export const TOOLSET_PROVIDERS: Readonly<Record<string, readonly ToolsetProvider[]>> = {
	web: [
		row("Firecrawl", "Search + extract", [{ key: "FIRECRAWL_API_KEY", url: "https://firecrawl.dev" }], {
			"web.backend": "firecrawl",
			"web.use_gateway": false,
		}),
		row("Firecrawl (self-hosted)", "Your own Firecrawl", [{ key: "FIRECRAWL_API_URL" }], {
			"web.backend": "firecrawl",
			"web.use_gateway": false,
		}),
		row("Exa", "Neural search", [{ key: "EXA_API_KEY", url: "https://exa.ai" }], {
			"web.backend": "exa",
			"web.use_gateway": false,
		}),
		row("Tavily", "Search API", [{ key: "TAVILY_API_KEY", url: "https://tavily.com" }], {
			"web.backend": "tavily",
			"web.use_gateway": false,
		}),
		row("Parallel", "Search API", [{ key: "PARALLEL_API_KEY", url: "https://parallel.ai" }], {
			"web.backend": "parallel",
			"web.use_gateway": false,
		}),
		row("Brave Search", "Search API", [{ key: "BRAVE_SEARCH_API_KEY", url: "https://brave.com/search/api/" }], {
			"web.backend": "brave",
			"web.use_gateway": false,
		}),
	],
	browser: [
		row(
			"Local Browser",
			"Chromium on this machine",
			[],
			{ "browser.engine": "local" },
			{ post_setup: "agent_browser" },
		),
		row("Browserbase", "Cloud browser", [{ key: "BROWSERBASE_API_KEY" }, { key: "BROWSERBASE_PROJECT_ID" }], {
			"browser.engine": "browserbase",
		}),
		row(
			"Camofox",
			"Stealth browser",
			[{ key: "CAMOFOX_URL" }],
			{ "browser.engine": "camofox" },
			{ post_setup: "camofox" },
		),
	],
	tts: [
		row("Edge TTS", "Free Microsoft voices", [], { "tts.provider": "edge" }),
		row("OpenAI", "OpenAI voices", [{ key: "VOICE_TOOLS_OPENAI_KEY" }], { "tts.provider": "openai" }),
		row("ElevenLabs", "Premium voices", [{ key: "ELEVENLABS_API_KEY" }], { "tts.provider": "elevenlabs" }),
		row("Mistral", "Voxtral", [{ key: "MISTRAL_API_KEY" }], { "tts.provider": "mistral" }),
		row("Gemini", "Google voices", [{ key: "GEMINI_API_KEY" }], { "tts.provider": "gemini" }),
		row("DeepInfra", "Open models", [{ key: "DEEPINFRA_API_KEY" }], { "tts.provider": "deepinfra" }),
	],
	vision: [row("OpenRouter", "Auxiliary vision model", [{ key: "OPENROUTER_API_KEY" }], {})],
	image_gen: [row("FAL", "fal.ai image models", [{ key: "FAL_KEY", url: "https://fal.ai" }], {})],
	x_search: [row("xAI", "Grok search", [{ key: "XAI_API_KEY" }], {}, { post_setup: "xai_grok" })],
	homeassistant: [row("Home Assistant", "Your instance", [{ key: "HASS_URL" }, { key: "HASS_TOKEN" }], {})],
	spotify: [row("Spotify", "Web API", [], {}, { post_setup: "spotify" })],
};

/** Keys `POST /api/tools/toolsets/{name}/post-setup` accepts (api-contract-clients §7.6). */
export const POST_SETUP_KEYS: readonly string[] = [
	"agent_browser",
	"camofox",
	"cua_driver",
	"ddgs",
	"kittentts",
	"langfuse",
	"piper",
	"spotify",
	"xai_grok",
];

/**
 * @module
 * A frozen copy of what `/api/env` merges in beyond the static catalogue (hermes-home
 * §3.5): the unified provider catalogue (which provider owns which key/base-URL var),
 * the model-provider plugins' env vars, and the messaging prefixes that mark a var as
 * managed by a Channels card. Data only.
 */

export interface ProviderVars {
	id: string;
	label: string;
	vars: readonly string[];
}

/**
 * Provider id, display label and the env vars it reads (keys tab of the provider catalogue).
 * Nous Portal signs in with OAuth, so it is not on the keys tab: Hermes gives
 * `NOUS_BASE_URL` (a static catalogue entry) no provider.
 */
export const PROVIDER_VARS: readonly ProviderVars[] = [
	{ id: "openrouter", label: "OpenRouter", vars: ["OPENROUTER_API_KEY"] },
	{ id: "openai-api", label: "OpenAI API", vars: ["OPENAI_API_KEY", "OPENAI_BASE_URL"] },
	{ id: "anthropic", label: "Anthropic", vars: ["ANTHROPIC_API_KEY", "ANTHROPIC_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"] },
	{ id: "copilot", label: "GitHub Copilot", vars: ["COPILOT_GITHUB_TOKEN"] },
	{ id: "gemini", label: "Google AI Studio", vars: ["GOOGLE_API_KEY", "GEMINI_API_KEY", "GEMINI_BASE_URL"] },
	{ id: "vertex", label: "Google Vertex AI", vars: ["VERTEX_CREDENTIALS_PATH"] },
	{ id: "bedrock", label: "AWS Bedrock", vars: ["AWS_REGION", "AWS_PROFILE"] },
	{ id: "azure-foundry", label: "Azure Foundry", vars: ["AZURE_FOUNDRY_API_KEY", "AZURE_FOUNDRY_BASE_URL"] },
	{ id: "xai", label: "xAI", vars: ["XAI_API_KEY", "XAI_BASE_URL"] },
	{ id: "nvidia", label: "NVIDIA NIM", vars: ["NVIDIA_API_KEY", "NVIDIA_BASE_URL"] },
	{ id: "lmstudio", label: "LM Studio", vars: ["LM_API_KEY", "LM_BASE_URL"] },
	{ id: "zai", label: "Z.AI / GLM", vars: ["GLM_API_KEY", "ZAI_API_KEY", "Z_AI_API_KEY", "GLM_BASE_URL"] },
	{ id: "kimi-coding", label: "Kimi / Moonshot", vars: ["KIMI_API_KEY", "KIMI_BASE_URL", "KIMI_CODING_API_KEY"] },
	{ id: "kimi-coding-cn", label: "Kimi / Moonshot (China)", vars: ["KIMI_CN_API_KEY"] },
	{ id: "stepfun", label: "StepFun", vars: ["STEPFUN_API_KEY", "STEPFUN_BASE_URL"] },
	{ id: "arcee", label: "Arcee AI", vars: ["ARCEEAI_API_KEY", "ARCEE_BASE_URL"] },
	{ id: "gmi", label: "GMI Cloud", vars: ["GMI_API_KEY", "GMI_BASE_URL"] },
	{ id: "fireworks", label: "Fireworks AI", vars: ["FIREWORKS_API_KEY"] },
	{ id: "minimax", label: "MiniMax", vars: ["MINIMAX_API_KEY", "MINIMAX_BASE_URL"] },
	{ id: "minimax-cn", label: "MiniMax (China)", vars: ["MINIMAX_CN_API_KEY", "MINIMAX_CN_BASE_URL"] },
	{ id: "deepseek", label: "DeepSeek", vars: ["DEEPSEEK_API_KEY", "DEEPSEEK_BASE_URL"] },
	{ id: "alibaba", label: "Alibaba Cloud (DashScope)", vars: ["DASHSCOPE_API_KEY", "DASHSCOPE_BASE_URL"] },
	{
		id: "alibaba-coding-plan",
		label: "Alibaba Coding Plan",
		vars: ["ALIBABA_CODING_PLAN_API_KEY", "ALIBABA_CODING_PLAN_BASE_URL"],
	},
	{ id: "qwen-oauth", label: "Qwen Portal", vars: ["HERMES_QWEN_BASE_URL"] },
	{ id: "opencode-zen", label: "OpenCode Zen", vars: ["OPENCODE_ZEN_API_KEY", "OPENCODE_ZEN_BASE_URL"] },
	{ id: "opencode-go", label: "OpenCode Go", vars: ["OPENCODE_GO_API_KEY", "OPENCODE_GO_BASE_URL"] },
	{ id: "huggingface", label: "Hugging Face", vars: ["HF_TOKEN", "HF_BASE_URL"] },
	{ id: "ollama-cloud", label: "Ollama Cloud", vars: ["OLLAMA_API_KEY", "OLLAMA_BASE_URL"] },
	{ id: "xiaomi", label: "Xiaomi MiMo", vars: ["XIAOMI_API_KEY", "XIAOMI_BASE_URL"] },
	{ id: "upstage", label: "Upstage", vars: ["UPSTAGE_API_KEY", "UPSTAGE_BASE_URL"] },
	{ id: "deepinfra", label: "DeepInfra", vars: ["DEEPINFRA_API_KEY", "DEEPINFRA_BASE_URL"] },
	{ id: "kilocode", label: "Kilo Code", vars: ["KILOCODE_API_KEY"] },
	{ id: "novita", label: "Novita AI", vars: ["NOVITA_API_KEY", "NOVITA_BASE_URL"] },
];

/**
 * Env-var prefixes owned by a messaging platform card (§11.2 aliases included); such
 * vars are `channel_managed` and edited on the Channels page.
 */
export const CHANNEL_PREFIXES: readonly string[] = [
	"TELEGRAM_",
	"DISCORD_",
	"SLACK_",
	"MATTERMOST_",
	"MATRIX_",
	"SIGNAL_",
	"WHATSAPP_",
	"HASS_",
	"EMAIL_",
	"TWILIO_",
	"SMS_",
	"DINGTALK_",
	"FEISHU_",
	"GOOGLE_CHAT_",
	"WECOM_",
	"WEIXIN_",
	"BLUEBUBBLES_",
	"QQ_",
	"QQBOT_",
	"YUANBAO_",
	"TEAMS_",
	"API_SERVER_",
	"WEBHOOK_",
	"IRC_",
	"LINE_",
	"NTFY_",
	"PHOTON_",
	"RAFT_",
	"SIMPLEX_",
];

/** Messaging vars that stay on the Keys page (§11.2). */
export const KEYS_PAGE_MESSAGING: ReadonlySet<string> = new Set([
	"GATEWAY_ALLOW_ALL_USERS",
	"GATEWAY_PROXY_KEY",
	"GATEWAY_PROXY_URL",
]);

/**
 * @module
 * Redaction for anything that may reach a log, a page or an error message.
 *
 * `redactSecrets` is a port of Hermes's `agent.redact.redact_sensitive_text`
 * (hermes-home §5.2): the same fifteen steps in the same order, each rewriting the
 * output of the previous one, with Hermes's mask. Quirks (double masking ending as
 * `***`, the `://` gate, known false positives) are kept on purpose: a line must read
 * the same here as in Hermes's own dashboard.
 */

/** Hermes's env preview rule (hermes-home §3.3): short → `***`, else first 4 + `...` + last 4. */
export function redactValue(value: string): string {
	return value.length < 12 ? "***" : `${value.slice(0, 4)}...${value.slice(-4)}`;
}

/** Hermes's text mask (§5.2): shorter than 18 → `***`, else first 6 + `...` + last 4. */
export function maskToken(value: string): string {
	return value.length < 18 ? "***" : `${value.slice(0, 6)}...${value.slice(-4)}`;
}

// Step 1: vendor key prefixes, not glued to other token characters on either side.
const VENDOR_KEY = new RegExp(
	"(?<![A-Za-z0-9_-])(?:" +
		[
			"(?:ghp_|gho_|ghu_|ghs_|ghr_|pplx-|fc-|sk_live_|sk_test_|rk_live_|hf_|r8_|npm_|dop_v1_|doo_v1_|tvly-|exa_|gsk_|syt_|retaindb_|hsk-|mem0_|brv_|ntn_)[A-Za-z0-9]{10,}",
			"(?:sk-|fal_|bb_live_|SG\\.|pypi-|am_)[A-Za-z0-9_-]{10,}",
			"(?:github_pat_|sk_)[A-Za-z0-9_]{10,}",
			"xox[baprs]-[A-Za-z0-9-]{10,}",
			"xapp-\\d+-[A-Za-z0-9-]{10,}",
			"(?:xai-|fw-|fw_|fpk_)[A-Za-z0-9]{30,}",
			"AIza[A-Za-z0-9_-]{30,}",
			"gAAAA[A-Za-z0-9_=-]{20,}",
			"AKIA[A-Z0-9]{16}",
		].join("|") +
		")(?![A-Za-z0-9_-])",
	"g",
);

// Step 2: upper-case env assignment (case-sensitive), spaces around `=` allowed.
const ENV_ASSIGNMENT =
	/([A-Z0-9_]{0,50}(?:API_KEY|APIKEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH)[A-Z0-9_]{0,50})[ \t]*=[ \t]*(['"]?)(\S+)\2/g;

const KEY_WORD = "(?:api[ _.-]?key|token|secret|passwd|password|credential|auth)";
const KEY_WORD_NO_AUTH = "(?:api[ _.-]?key|token|secret|passwd|password|credential)";

// Step 3: dotted config key anywhere (`a.b_token=value`); the dot is checked in the replacer.
const DOTTED_KEY = new RegExp(`([A-Za-z0-9_.-]*${KEY_WORD}[A-Za-z0-9_.-]*)=([^\\s&]+)`, "gi");
// Step 4: config key at the start of a line, optionally after `export `.
const LINE_START_KEY = new RegExp(
	`^([ \\t]*(?:export\\s+)?)([A-Za-z0-9_-]*${KEY_WORD}[A-Za-z0-9_-]*)=([^\\s&]+)`,
	"gim",
);
// Step 5: JSON string field with a sensitive name.
const JSON_FIELD =
	/"(api_key|apikey|token|secret|password|access_token|refresh_token|auth_token|bearer|secret_value|raw_secret|secret_input|key_material)"\s*:\s*"([^"]+)"/gi;
// Step 6: YAML / colon config at the start of a line (not `auth`).
const COLON_KEY = new RegExp(
	`^([ \\t]*[A-Za-z0-9_.-]*${KEY_WORD_NO_AUTH}[A-Za-z0-9_.-]*)(:[ \\t]*)([^\\s&'"][^\\s&]*)`,
	"gim",
);
// Step 7: Authorization / Proxy-Authorization header, optional scheme word.
const AUTHORIZATION = /((?:proxy-)?authorization:[ \t]*)(?:([A-Za-z][A-Za-z0-9_.+-]*)(\s+))?([^\s"']+)/gi;
// Step 8: API-key headers.
const API_KEY_HEADER =
	/(x-api-key|x-goog-api-key|api-key|apikey|x-api-token|x-auth-token|x-access-token)(\s*:\s*)(\S+)/gi;
// Step 9: Telegram bot token.
const TELEGRAM_TOKEN = /(bot)?(\d{8,}):[A-Za-z0-9_-]{30,}/g;
// Step 10: PEM private key block, across lines; an unterminated block does not match.
const PRIVATE_KEY = /-----BEGIN[A-Z ]*PRIVATE KEY-----[\s\S]*?-----END[A-Z ]*PRIVATE KEY-----/g;
// Step 11: database connection string password.
const DB_PASSWORD = /((?:postgres|postgresql|mysql|mongodb|mongodb\+srv|redis|amqp):\/\/)([^:\s]+):([^@\s]+)@/gi;
// Step 12: a bare token as URL userinfo.
const URL_TOKEN = /((?:https?|wss?|git|ssh|ftps?|sftp):\/\/)([^\s:@/]{8,})@/gi;
// Step 13: JWT (header, then up to two more segments).
const JWT = /eyJ[A-Za-z0-9_-]{10,}(?:\.[A-Za-z0-9_=-]{4,}){0,2}/g;
// Step 14: a whole text that is a form body.
const FORM_BODY = /^[A-Za-z_][A-Za-z0-9_.-]*=[^&\s]*(?:&[A-Za-z_][A-Za-z0-9_.-]*=[^&\s]*)+$/;
const FORM_SECRET_KEYS = new Set([
	"access_token",
	"refresh_token",
	"id_token",
	"token",
	"api_key",
	"apikey",
	"client_secret",
	"password",
	"auth",
	"jwt",
	"session",
	"secret",
	"key",
	"code",
	"signature",
	"x-amz-signature",
]);
// Step 15: E.164 phone number.
const PHONE = /\+[1-9]\d{6,14}(?![A-Za-z0-9])/g;

/** Steps 2–6 leave `KEY=os.getenv(...)` and the like alone: code, not a secret. */
function isCodeLookup(value: string): boolean {
	return /^(?:os\.getenv|os\.environ|process\.env|\$ENV\{)/.test(value);
}

/** `value` masked; a value wrapped in matching quotes keeps them. */
function maskKeepingQuotes(value: string): string {
	const quote = value[0];
	if (value.length >= 2 && (quote === '"' || quote === "'") && value.endsWith(quote)) {
		return `${quote}${maskToken(value.slice(1, -1))}${quote}`;
	}
	return maskToken(value);
}

function unquoted(value: string): string {
	return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}

function redactFormBody(text: string): string {
	const trimmed = text.trim();
	if (!FORM_BODY.test(trimmed)) {
		return text;
	}
	return trimmed
		.split("&")
		.map((pair) => {
			const key = pair.slice(0, pair.indexOf("="));
			return FORM_SECRET_KEYS.has(key.toLowerCase()) ? `${key}=***` : pair;
		})
		.join("&");
}

function redactPhone(phone: string): string {
	return phone.length <= 8
		? `${phone.slice(0, 2)}****${phone.slice(-2)}`
		: `${phone.slice(0, 4)}****${phone.slice(-4)}`;
}

/** Hermes's `redact_sensitive_text`: masks secret-looking substrings of `text`. */
export function redactSecrets(text: string): string {
	const hasURL = text.includes("://");
	let out = text.replace(VENDOR_KEY, (token) => maskToken(token));
	out = out.replace(ENV_ASSIGNMENT, (match, key: string, quote: string, value: string) =>
		isCodeLookup(value) ? match : `${key}=${quote}${maskToken(value)}${quote}`,
	);
	if (!hasURL) {
		out = out.replace(DOTTED_KEY, (match, key: string, value: string) =>
			!key.includes(".") || isCodeLookup(unquoted(value)) ? match : `${key}=${maskKeepingQuotes(value)}`,
		);
		out = out.replace(LINE_START_KEY, (match, lead: string, key: string, value: string) =>
			isCodeLookup(unquoted(value)) ? match : `${lead}${key}=${maskKeepingQuotes(value)}`,
		);
	}
	out = out.replace(JSON_FIELD, (match, name: string, value: string) =>
		isCodeLookup(value) ? match : `"${name}": "${maskToken(value)}"`,
	);
	if (!hasURL) {
		out = out.replace(COLON_KEY, (match, key: string, separator: string, value: string) =>
			isCodeLookup(value) ? match : `${key}${separator}${maskToken(value)}`,
		);
	}
	out = out.replace(
		AUTHORIZATION,
		(_match, header: string, scheme: string | undefined, space: string | undefined, credential: string) =>
			`${header}${scheme ?? ""}${space ?? ""}${maskToken(credential)}`,
	);
	out = out.replace(API_KEY_HEADER, (_match, name: string, separator: string, value: string) => {
		return `${name}${separator}${maskToken(value)}`;
	});
	out = out.replace(TELEGRAM_TOKEN, (_match, bot: string | undefined, digits: string) => `${bot ?? ""}${digits}:***`);
	out = out.replace(PRIVATE_KEY, "[REDACTED PRIVATE KEY]");
	if (hasURL) {
		out = out.replace(DB_PASSWORD, (_match, scheme: string, user: string) => `${scheme}${user}:***@`);
		out = out.replace(URL_TOKEN, (_match, scheme: string, token: string) => `${scheme}${maskToken(token)}@`);
	}
	out = out.replace(JWT, (token) => maskToken(token));
	out = redactFormBody(out);
	return out.replace(PHONE, redactPhone);
}

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

// Steps 2–6 match a key as a whole run of key characters, taken atomically by the
// `(?=(run))\1` idiom: the same matches as Hermes's patterns, which let a key start
// anywhere inside such a run, but in linear time (a long run of key characters, common in
// logged payloads, made those patterns backtrack for seconds). Whether the key names a
// secret is then decided in code, with the same rule as the pattern.

// Step 2: upper-case env assignment (case-sensitive), spaces around `=` allowed.
const ENV_KEY = /(?<![A-Z0-9_])(?=([A-Z0-9_]+))\1[ \t]*=[ \t]*/g;
const ENV_VALUE = /(['"]?)(\S+)\1/y;
const ENV_KEY_WORDS = ["API_KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "AUTH"];

/** A key character run; a space only inside `api key`, which the key words allow. */
const keyRun = (chars: string): string => `(?=((?:[${chars}]|(?<=api) (?=key))+))`;
const KEY_WORD = /api[ _.-]?key|token|secret|passwd|password|credential|auth/i;
const KEY_WORD_NO_AUTH = /api[ _.-]?key|token|secret|passwd|password|credential/i;

// Step 3: dotted config key anywhere (`a.b_token=value`).
const DOTTED_KEY = new RegExp(`(?<![A-Za-z0-9_.-])(?!(?<=api )key)${keyRun("A-Za-z0-9_.-")}\\1=`, "gi");
const CONFIG_VALUE = /[^\s&]+/y;
// Step 4: config key at the start of a line, optionally after `export `.
const LINE_START_KEY = new RegExp(`^([ \\t]*(?:export\\s+)?)${keyRun("A-Za-z0-9_-")}\\2=([^\\s&]+)`, "gim");
// Step 5: JSON string field with a sensitive name.
const JSON_FIELD =
	/"(api_key|apikey|token|secret|password|access_token|refresh_token|auth_token|bearer|secret_value|raw_secret|secret_input|key_material)"\s*:\s*"([^"]+)"/gi;
// Step 6: YAML / colon config at the start of a line (not `auth`).
const COLON_KEY = new RegExp(`^([ \\t]*)${keyRun("A-Za-z0-9_.-")}\\2(:[ \\t]*)([^\\s&'"][^\\s&]*)`, "gim");
// Step 7: Authorization / Proxy-Authorization header, optional scheme word.
const AUTHORIZATION = /((?:proxy-)?authorization:[ \t]*)(?:([A-Za-z][A-Za-z0-9_.+-]*)(\s+))?([^\s"']+)/gi;
// Step 8: API-key headers.
const API_KEY_HEADER =
	/(x-api-key|x-goog-api-key|api-key|apikey|x-api-token|x-auth-token|x-access-token)(\s*:\s*)(\S+)/gi;
// Step 9: Telegram bot token.
const TELEGRAM_TOKEN = /(bot)?(?<!\d)(\d{8,}):[A-Za-z0-9_-]{30,}/g;
// Step 10: PEM private key block, across lines; an unterminated block does not match.
const PRIVATE_KEY = /-----BEGIN[A-Z ]*PRIVATE KEY-----[\s\S]*?-----END[A-Z ]*PRIVATE KEY-----/g;
// Step 11: database connection string password (user atomic; the password is scanned in code).
const DB_USER = /((?:postgres|postgresql|mysql|mongodb|mongodb\+srv|redis|amqp):\/\/)(?=([^:\s]+))\2:/gi;
const PASSWORD_END = /[@\s]/g;
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

/**
 * Whether an upper-case run followed by `=` holds a step-2 key: Hermes's
 * `[A-Z0-9_]{0,50}WORD[A-Z0-9_]{0,50}` ends at the run's end, so a key word must lie
 * within its last 50 characters (the key then starts up to 50 before it; the rest of
 * the run stays in front, unchanged either way).
 */
function hasEnvKeyWord(run: string): boolean {
	return ENV_KEY_WORDS.some((word) => run.indexOf(word, Math.max(0, run.length - 50 - word.length)) >= 0);
}

/**
 * Rewrites `key=value` pairs: `key` (global) finds a key and its separator, `accept`
 * decides on the key alone, and only then is the value matched (`value`, sticky). A
 * rejected key's value is scanned on, as Hermes's patterns go on matching inside it
 * (`FOO=BAR_TOKEN=x`); deciding before reading the value keeps a long run of `a=a=…`
 * linear.
 */
function rewritePairs(
	text: string,
	key: RegExp,
	value: RegExp,
	accept: (key: RegExpExecArray) => boolean,
	rewrite: (key: RegExpExecArray, value: RegExpExecArray) => string,
): string {
	let out = "";
	let done = 0;
	key.lastIndex = 0;
	for (let found = key.exec(text); found !== null; found = key.exec(text)) {
		if (!accept(found)) {
			continue;
		}
		value.lastIndex = key.lastIndex;
		const pair = value.exec(text);
		if (pair === null) {
			continue;
		}
		out += text.slice(done, found.index) + rewrite(found, pair);
		done = key.lastIndex = value.lastIndex;
	}
	return out + text.slice(done);
}

/**
 * Step 11: `scheme://user:password@` → `scheme://user:***@`. The password runs to the
 * first `@` or whitespace; a run found to end without `@` is remembered, so many
 * connection strings inside one long run cost one scan, not one each.
 */
function redactDatabasePasswords(text: string): string {
	let out = "";
	let done = 0;
	let failedUntil = -1;
	DB_USER.lastIndex = 0;
	for (let found = DB_USER.exec(text); found !== null; found = DB_USER.exec(text)) {
		const from = DB_USER.lastIndex;
		if (from < failedUntil) {
			continue;
		}
		PASSWORD_END.lastIndex = from;
		const end = PASSWORD_END.exec(text)?.index ?? text.length;
		if (end === from || text[end] !== "@") {
			failedUntil = end;
			continue;
		}
		out += `${text.slice(done, found.index)}${found[1]}${found[2]}:***@`;
		done = DB_USER.lastIndex = end + 1;
	}
	return out + text.slice(done);
}

/** Hermes's `redact_sensitive_text`: masks secret-looking substrings of `text`. */
export function redactSecrets(text: string): string {
	const hasURL = text.includes("://");
	let out = text.replace(VENDOR_KEY, (token) => maskToken(token));
	out = rewritePairs(
		out,
		ENV_KEY,
		ENV_VALUE,
		(key) => hasEnvKeyWord(key[1]!),
		(key, [value, quote, bare]) =>
			isCodeLookup(bare!) ? `${key[0]}${value}` : `${key[1]}=${quote}${maskToken(bare!)}${quote}`,
	);
	if (!hasURL) {
		out = rewritePairs(
			out,
			DOTTED_KEY,
			CONFIG_VALUE,
			(key) => key[1]!.includes(".") && KEY_WORD.test(key[1]!),
			(key, [value]) =>
				isCodeLookup(unquoted(value)) ? `${key[0]}${value}` : `${key[1]}=${maskKeepingQuotes(value)}`,
		);
		out = out.replace(LINE_START_KEY, (match, lead: string, key: string, value: string) =>
			!KEY_WORD.test(key) || isCodeLookup(unquoted(value)) ? match : `${lead}${key}=${maskKeepingQuotes(value)}`,
		);
	}
	out = out.replace(JSON_FIELD, (match, name: string, value: string) =>
		isCodeLookup(value) ? match : `"${name}": "${maskToken(value)}"`,
	);
	if (!hasURL) {
		out = out.replace(COLON_KEY, (match, indent: string, key: string, separator: string, value: string) =>
			!KEY_WORD_NO_AUTH.test(key) || isCodeLookup(value)
				? match
				: `${indent}${key}${separator}${maskToken(value)}`,
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
		out = redactDatabasePasswords(out);
		out = out.replace(URL_TOKEN, (_match, scheme: string, token: string) => `${scheme}${maskToken(token)}@`);
	}
	out = out.replace(JWT, (token) => maskToken(token));
	out = redactFormBody(out);
	return out.replace(PHONE, redactPhone);
}

/**
 * @module
 * Redaction for anything that may reach a log, a page or an error message.
 */

/** Hermes's preview rule (hermes-home §3.3): short → `***`, else first 4 + `...` + last 4. */
export function redactValue(value: string): string {
	return value.length < 12 ? "***" : `${value.slice(0, 4)}...${value.slice(-4)}`;
}

const SECRET_PATTERNS: RegExp[] = [
	// Known key shapes: sk-..., ghp_..., xox?-..., long bearer tokens.
	/\b(sk-[A-Za-z0-9_-]{8,}|gh[pousr]_[A-Za-z0-9]{16,}|xox[abpr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{20,})/g,
	// KEY=value / "token": "value" / Authorization: Bearer value.
	/((?:api[_-]?key|token|secret|password|passwd|authorization|bearer)["']?\s*[:=]\s*["']?(?:Bearer\s+)?)([^\s"',;]{6,})/gi,
];

/** Replaces secret-looking substrings with their redacted preview. */
export function redactSecrets(text: string): string {
	let result = text;
	result = result.replace(SECRET_PATTERNS[0]!, (match) => redactValue(match));
	result = result.replace(
		SECRET_PATTERNS[1]!,
		(_match, prefix: string, value: string) => `${prefix}${redactValue(value)}`,
	);
	return result;
}

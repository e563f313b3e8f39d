/**
 * @module
 * The one reading of a boolean word in env vars, config strings and query strings, as
 * Python's `str in ("1", "true", "yes", "on")` checks and FastAPI's bool coercion do.
 */

export const TRUE_WORDS = ["1", "true", "yes", "on"] as const;
export const FALSE_WORDS = ["0", "false", "no", "off"] as const;

/** True or false for a recognised word (any case, surrounding blanks ignored); otherwise undefined. */
export function parseFlag(value: string | null | undefined): boolean | undefined {
	const word = (value ?? "").trim().toLowerCase();
	if ((TRUE_WORDS as readonly string[]).includes(word)) {
		return true;
	}
	return (FALSE_WORDS as readonly string[]).includes(word) ? false : undefined;
}

/** Whether the value is one of the true words; anything else (unset, garbage) is false. */
export function isTruthy(value: string | null | undefined): boolean {
	return parseFlag(value) === true;
}

/**
 * @module
 * An expanded session's words around tool output sizes (see i18n.ts).
 */

export const EN = {
	"sessions.chars": "{n} chars",
	"sessions.more_chars": "{n} more chars",
} as const;

export const ZH: Partial<Record<keyof typeof EN, string>> = {
	"sessions.chars": "{n} 个字符",
	"sessions.more_chars": "还有 {n} 个字符",
};

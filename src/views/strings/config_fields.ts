/**
 * @module
 * The Config page's field-row words: empty select choice, secret placeholders and the
 * "changed" marker's hover text (see i18n.ts).
 */

export const EN = {
	"config.field_none": "(none)",
	"config.field_secret_set": "set ({value})",
	"config.field_secret_unset": "not set",
	"config.field_differs": "Differs from the default",
} as const;

export const ZH: Partial<Record<keyof typeof EN, string>> = {
	"config.field_none": "（无）",
	"config.field_secret_set": "已设置（{value}）",
	"config.field_secret_unset": "未设置",
	"config.field_differs": "与默认值不同",
};

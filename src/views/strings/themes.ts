/** Theme picker strings (the header's palette button). */
export const EN = {
	"themes.button": "Theme",
	"themes.menu": "Choose a theme",
	"themes.yours": "Your themes",
	"themes.builtin": "Built-in",
	"themes.missing": "Theme “{name}” is not available; showing {fallback}.",
	"themes.broken": "Theme files that could not be read: {files}.",
	"themes.removed": "Parts of this theme were ignored because they are unsafe or invalid: {parts}.",
	"themes.save_failed": "The theme could not be saved",
} as const;

export const ZH: Partial<Record<keyof typeof EN, string>> = {
	"themes.button": "主题",
	"themes.menu": "选择主题",
	"themes.yours": "自定义主题",
	"themes.builtin": "内置主题",
	"themes.missing": "主题“{name}”不可用，当前显示 {fallback}。",
	"themes.broken": "无法读取的主题文件：{files}。",
	"themes.removed": "此主题中不安全或无效的部分已被忽略：{parts}。",
	"themes.save_failed": "主题未能保存",
};

/** Plugin runtime strings: warnings in a plugin's tab or slot, the Python backend notice. */
export const EN = {
	"plugins_runtime.load_failed": "Plugin “{plugin}” failed to load: {detail}",
	"plugins_runtime.failed": "Plugin “{plugin}” failed: {detail}",
	"plugins_runtime.answered": "Plugin “{plugin}” answered {detail}.",
	"plugins_runtime.no_page": "Plugin “{plugin}” has no page at “/”.",
	"plugins_runtime.no_entry": "Plugin “{plugin}” has no page: its entry file is missing.",
	"plugins_runtime.timed_out": "Plugin “{plugin}” did not answer within {detail} ms.",
	"plugins_runtime.script_failed": "Plugin “{plugin}” failed to load its script.",
	"plugins_runtime.no_register": "Plugin “{plugin}” did not register a page.",
	"plugins_runtime.python_backend":
		"This plugin's backend is a Python module: it needs the Python dashboard (hermes dashboard). Its API calls are not available here.",
} as const;

export const ZH: Partial<Record<keyof typeof EN, string>> = {
	"plugins_runtime.load_failed": "插件“{plugin}”加载失败：{detail}",
	"plugins_runtime.failed": "插件“{plugin}”出错：{detail}",
	"plugins_runtime.answered": "插件“{plugin}”返回 {detail}。",
	"plugins_runtime.no_page": "插件“{plugin}”在“/”没有页面。",
	"plugins_runtime.no_entry": "插件“{plugin}”没有页面：缺少入口文件。",
	"plugins_runtime.timed_out": "插件“{plugin}”在 {detail} 毫秒内没有响应。",
	"plugins_runtime.script_failed": "插件“{plugin}”的脚本加载失败。",
	"plugins_runtime.no_register": "插件“{plugin}”没有注册页面。",
	"plugins_runtime.python_backend":
		"此插件的后端是 Python 模块，需要 Python 版仪表盘（hermes dashboard）。此处无法调用它的 API。",
};

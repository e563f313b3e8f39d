/**
 * @module
 * The string table. Every user-facing label goes through `t()` so a language can be
 * added by adding a table; missing keys fall back to English.
 */

const EN = {
	"app.title": "Hermes Dashboard",
	"nav.status": "Status",
	"nav.config": "Config",
	"nav.main": "Main navigation",
	"theme.label": "Theme",
	"status.title": "Status",
	"status.version": "Hermes version",
	"status.not_installed": "Hermes Agent was not found on this machine",
	"status.release": "Release",
	"status.config_version": "Config schema",
	"status.migrate_pending": "migration pending: run `hermes config migrate`",
	"status.gateway": "Gateway",
	"status.running": "Running",
	"status.stopped": "Stopped",
	"status.pid": "PID",
	"status.state": "State",
	"status.platforms": "Platforms",
	"status.no_platforms": "No platforms connected",
	"status.active_sessions": "Active sessions",
	"status.active_agents": "Active agents",
	"status.recent_sessions": "Recent sessions",
	"status.no_sessions": "No sessions yet",
	"status.home": "Hermes home",
	"status.profiles": "Profiles",
	"status.auth": "Access",
	"status.auth_token": "Local only (session token)",
	"status.auth_gated": "Login required",
	"status.updated": "Updated",
	"nav.env": "API Keys",
	"env.title": "API Keys",
	"env.group.provider": "LLM providers",
	"env.group.tool": "Tool keys",
	"env.group.messaging": "Messaging",
	"env.group.setting": "Agent settings",
	"env.group.custom": "Custom keys",
	"env.set": "Set",
	"env.unset": "Not set",
	"env.get_key": "Get a key",
	"env.reveal": "Reveal",
	"env.hide": "Hide",
	"env.save": "Save",
	"env.delete": "Delete",
	"env.value": "Value",
	"env.name": "Name",
	"env.set_placeholder": "Paste a value",
	"env.update_placeholder": "New value (replaces the current one)",
	"env.filter": "Filter keys",
	"env.show_advanced": "Show advanced keys",
	"env.add_custom": "Add a custom variable",
	"env.confirm_delete": "Remove this variable from .env?",
	"nav.logs": "Logs",
	"logs.title": "Logs",
	"logs.file": "File",
	"logs.level": "Level",
	"logs.component": "Component",
	"logs.lines": "Lines",
	"logs.search": "Search",
	"logs.follow": "Live",
	"logs.empty": "No log lines",
	"logs.all": "All",
	"logs.paused": "Paused",
	"logs.live": "Live",
	"logs.reconnecting": "Reconnecting…",
	"env.empty_value": "Enter a value, or use Delete to remove the variable.",
	"config.title": "Config",
	"config.search": "Search settings…",
	"config.save": "Save",
	"config.reset": "Reset to defaults",
	"config.export": "Export JSON",
	"config.import": "Import JSON",
	"config.broken": "config.yaml does not parse, so the form cannot save over it.",
	"config.open_raw": "Open the raw editor",
	"config.categories": "Config categories",
	"config.raw": "Raw YAML",
	"config.raw_hint": "The file exactly as it is on disk. Saving writes this text as-is (it must be a YAML mapping).",
	"config.raw_save": "Save YAML",
	"config.history": "History",
	"config.history_empty": "No saved versions yet.",
	"config.saved_at": "Saved",
	"config.version": "Version",
	"config.diff": "Diff",
	"config.restore": "Restore",
	"config.same": "Same as the current file.",
	"config.no_match": "No setting matches the search.",
	"config.confirm_save": "Save",
	"config.reload": "Reload",
	"config.cancel": "Cancel",
	"error.not_found": "Page not found",
	"error.back": "Back to Status",
} as const;

export type MessageKey = keyof typeof EN;
export type Language = "en" | "zh";

const ZH: Partial<Record<MessageKey, string>> = {
	"app.title": "Hermes 控制台",
	"nav.status": "状态",
	"nav.main": "主导航",
	"theme.label": "主题",
	"status.title": "状态",
	"status.version": "Hermes 版本",
	"status.not_installed": "本机未找到 Hermes Agent",
	"status.release": "发布日期",
	"status.config_version": "配置版本",
	"status.gateway": "网关",
	"status.running": "运行中",
	"status.stopped": "已停止",
	"status.platforms": "平台",
	"status.no_platforms": "没有已连接的平台",
	"status.active_sessions": "活跃会话",
	"status.recent_sessions": "最近会话",
	"status.no_sessions": "暂无会话",
	"status.home": "Hermes 主目录",
	"status.profiles": "配置档",
	"nav.env": "API 密钥",
	"env.title": "API 密钥",
	"env.group.provider": "模型提供商",
	"env.group.tool": "工具密钥",
	"env.group.messaging": "消息",
	"env.group.setting": "代理设置",
	"env.group.custom": "自定义",
	"env.set": "已设置",
	"env.unset": "未设置",
	"env.reveal": "显示",
	"env.hide": "隐藏",
	"env.save": "保存",
	"env.delete": "删除",
	"nav.logs": "日志",
	"logs.title": "日志",
	"logs.file": "文件",
	"logs.level": "级别",
	"logs.component": "组件",
	"logs.lines": "行数",
	"logs.search": "搜索",
	"logs.follow": "实时",
	"logs.paused": "已暂停",
	"logs.live": "实时",
	"logs.reconnecting": "正在重连…",
	"env.confirm_delete": "从 .env 中删除此变量？",
	"nav.config": "配置",
	"config.title": "配置",
	"config.search": "搜索设置…",
	"config.save": "保存",
	"config.reset": "恢复默认值",
	"config.export": "导出 JSON",
	"config.import": "导入 JSON",
	"config.raw": "原始 YAML",
	"config.history": "历史",
	"config.restore": "恢复",
	"config.cancel": "取消",
	"config.broken": "config.yaml 无法解析，表单不能覆盖它。",
	"config.open_raw": "打开原始编辑器",
	"config.categories": "配置分类",
	"config.raw_hint": "磁盘上的原始文件。保存时按原样写入（必须是 YAML 映射）。",
	"config.raw_save": "保存 YAML",
	"config.history_empty": "暂无保存的版本。",
	"config.saved_at": "保存时间",
	"config.version": "版本",
	"config.diff": "差异",
	"config.same": "与当前文件相同。",
	"config.no_match": "没有匹配的设置。",
	"config.confirm_save": "保存",
	"config.reload": "重新加载",
	"error.not_found": "页面不存在",
	"error.back": "返回状态页",
};

const TABLES: Record<Language, Partial<Record<MessageKey, string>>> = { en: EN, zh: ZH };

export const LANGUAGES: readonly Language[] = ["en", "zh"];

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", zh: "中文" };

export function t(lang: Language, key: MessageKey): string {
	return TABLES[lang][key] ?? EN[key];
}

/** Picks the language: `hermes_lang` cookie, else the first supported Accept-Language. */
export function pickLanguage(cookie: string | undefined, acceptLanguage: string | undefined): Language {
	if (cookie === "en" || cookie === "zh") {
		return cookie;
	}
	for (const part of (acceptLanguage ?? "").split(",")) {
		const code = part.trim().slice(0, 2).toLowerCase();
		if (code === "en" || code === "zh") {
			return code;
		}
	}
	return "en";
}

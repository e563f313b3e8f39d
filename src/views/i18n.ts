/**
 * @module
 * The string table. Every user-facing label goes through `t()` so a language can be
 * added by adding a table; missing keys fall back to English.
 */

const EN = {
	"app.title": "Hermes Dashboard",
	"nav.status": "Status",
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
	"error.not_found": "Page not found",
	"error.back": "Back to Status",
	"nav.sessions": "Sessions",
	"nav.analytics": "Analytics",
	"sessions.title": "Sessions",
	"sessions.total": "total",
	"sessions.active_store": "active",
	"sessions.archived": "archived",
	"sessions.messages": "messages",
	"sessions.untitled": "(untitled)",
	"sessions.expand": "Expand",
	"sessions.collapse": "Collapse",
	"sessions.resume": "Resume in Chat",
	"sessions.rename": "Rename",
	"sessions.archive": "Archive",
	"sessions.unarchive": "Unarchive",
	"sessions.export": "Export",
	"sessions.delete": "Delete",
	"sessions.live": "live",
	"sessions.archived_badge": "archived",
	"sessions.msgs": "msgs",
	"sessions.tools": "tool calls",
	"sessions.active": "active",
	"sessions.pages": "Pages",
	"sessions.prev": "Previous",
	"sessions.next": "Next",
	"sessions.empty": "No sessions match.",
	"sessions.search_hits": "results for",
	"sessions.no_results": "Nothing found.",
	"sessions.delete_title": "Delete session?",
	"sessions.delete_confirm": "This removes the session and its messages for good:",
	"sessions.cancel": "Cancel",
	"sessions.prune_title": "Prune old sessions",
	"sessions.prune_days": "Ended sessions started more than N days ago:",
	"sessions.prune_archived": "Include archived sessions",
	"sessions.prune_note": "Preview first: nothing is removed until you confirm.",
	"sessions.prune_preview": "Preview",
	"sessions.prune_run": "Prune",
	"sessions.search_placeholder": "Search messages, titles or ids…",
	"sessions.search": "Search sessions",
	"sessions.source": "Source",
	"sessions.all_sources": "All sources",
	"sessions.hide_archived": "Hide archived",
	"sessions.with_archived": "Include archived",
	"sessions.only_archived": "Only archived",
	"sessions.prune_open": "Prune old sessions…",
	"sessions.tool_call": "tool call",
	"sessions.tool_result": "Tool result",
	"sessions.reasoning": "Reasoning",
	"sessions.from_start": "Show from the start",
	"sessions.load_more": "Load more",
	"sessions.no_messages": "No messages.",
	"sessions.not_found": "Session not found",
	"sessions.session": "Session",
	"sessions.model": "Model",
	"sessions.tokens": "Tokens",
	"analytics.title": "Analytics",
	"analytics.daily_tokens": "Daily tokens",
	"analytics.input": "Input",
	"analytics.output": "Output",
	"analytics.tokens": "Tokens",
	"analytics.in": "in",
	"analytics.out": "out",
	"analytics.cache_hit": "Cache hit",
	"analytics.cache_reads": "cache reads",
	"analytics.cost_actual": "Actual cost",
	"analytics.cost_estimated": "Estimated cost",
	"analytics.estimated": "Estimated",
	"analytics.sessions": "Sessions",
	"analytics.per_day": "per day",
	"analytics.daily": "Daily breakdown",
	"analytics.day": "Day",
	"analytics.cache_read": "Cache read",
	"analytics.cache_write": "Cache write",
	"analytics.empty": "No sessions in this period.",
	"analytics.by_model": "By model",
	"analytics.model": "Model",
	"analytics.period": "Period",
	"analytics.days": "days",
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
	"error.not_found": "页面不存在",
	"error.back": "返回状态页",
	"nav.sessions": "会话",
	"nav.analytics": "分析",
	"sessions.title": "会话",
	"sessions.search_placeholder": "搜索消息、标题或 ID…",
	"sessions.delete": "删除",
	"sessions.rename": "重命名",
	"sessions.export": "导出",
	"sessions.archive": "归档",
	"analytics.title": "分析",
	"analytics.sessions": "会话",
};

const TABLES: Record<Language, Partial<Record<MessageKey, string>>> = { en: EN, zh: ZH };

export const LANGUAGES: readonly Language[] = ["en", "zh"];

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

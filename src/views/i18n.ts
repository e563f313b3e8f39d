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
	"login.title": "Sign in",
	"login.sign_in_with": "Sign in with",
	"login.username": "Username",
	"login.password": "Password",
	"login.submit": "Sign in",
	"login.logout": "Log out",
	"login.unavailable": "Sign-in unavailable",
	"login.unavailable_text":
		"This dashboard requires sign-in, but no authentication providers are installed. Configure one (see the server log), or bind 127.0.0.1 and tunnel in; --insecure does not turn the login off.",
	"login.invalid": "Invalid username or password.",
	"login.too_many": "Too many attempts. Please wait and try again.",
	"login.failed": "Sign-in failed. Please try again.",
} as const;

export type MessageKey = keyof typeof EN;
export type Language = "en" | "zh";

const ZH: Partial<Record<MessageKey, string>> = {
	"app.title": "Hermes 控制台",
	"login.title": "登录",
	"login.sign_in_with": "登录方式：",
	"login.username": "用户名",
	"login.password": "密码",
	"login.submit": "登录",
	"login.logout": "退出登录",
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

/**
 * @module
 * The API reference page's strings (see i18n.ts).
 */

export const EN = {
	"api_docs.title": "API reference",
	"api_docs.intro":
		"Every JSON route of this dashboard. Send the session token in the X-Hermes-Session-Token header; the machine-readable document is at /api/openapi.json.",
	"api_docs.parameters": "Parameters",
	"api_docs.body": "Request body",
	"api_docs.public": "public",
	"api_docs.required": "required",
} as const;

export const ZH: Partial<Record<keyof typeof EN, string>> = {
	"api_docs.title": "API 参考",
	"api_docs.intro":
		"本仪表盘的全部 JSON 接口。请在 X-Hermes-Session-Token 请求头中发送会话令牌；机器可读文档位于 /api/openapi.json。",
	"api_docs.parameters": "参数",
	"api_docs.body": "请求体",
	"api_docs.public": "公开",
	"api_docs.required": "必填",
};

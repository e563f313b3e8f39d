/** Pairing page strings. */
export const EN = {
	"nav.pairing": "Pairing",
	"pairing.title": "Pairing",
	"pairing.intro":
		"People who message a bot for the first time get an 8-character code. Enter it here to let them in. Codes expire after an hour.",
	"pairing.pending": "Pending requests",
	"pairing.approved": "Approved users",
	"pairing.none_pending": "No pending requests.",
	"pairing.none_approved": "No approved users.",
	"pairing.user": "User",
	"pairing.age": "Waiting",
	"pairing.minutes": "min",
	"pairing.code_hint": "Code ref.",
	"pairing.approve": "Approve",
	"pairing.code": "Code",
	"pairing.revoke": "Revoke",
	"pairing.confirm_revoke": "Revoke this user's access?",
	"pairing.clear": "Clear all pending",
	"pairing.confirm_clear": "Discard every pending request? Their codes stop working.",
	"pairing.approved_at": "Approved",
	"pairing.cleared": "Cleared",
} as const;

export const ZH: Partial<Record<keyof typeof EN, string>> = {
	"nav.pairing": "配对",
	"pairing.title": "配对",
	"pairing.pending": "待批准请求",
	"pairing.approved": "已批准用户",
	"pairing.approve": "批准",
	"pairing.revoke": "撤销",
	"pairing.code": "配对码",
};

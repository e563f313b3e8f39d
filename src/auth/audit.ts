/**
 * @module
 * The auth audit log (api-contract D.14): `<home>/logs/dashboard-auth.log`, one compact
 * JSON object per line. Secret-bearing fields are dropped, string values are redacted,
 * and a failed write never breaks a request.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { redactSecrets } from "../security/redact.ts";
import type { Clock } from "../hermes/home/clock.ts";

export type AuditEvent =
	| "login_start"
	| "login_success"
	| "login_failure"
	| "logout"
	| "refresh_success"
	| "refresh_failure"
	| "revoke"
	| "session_verify_failure"
	| "ws_ticket_minted"
	| "ws_ticket_rejected"
	| "token_auth_success"
	| "token_auth_failure"
	| "csrf_rejected"
	| "env_reveal";

const DROPPED = new Set([
	"access_token",
	"refresh_token",
	"code",
	"code_verifier",
	"verifier",
	"state",
	"ticket",
	"cookie",
	"authorization",
	"password",
	"secret",
	"id_token",
	"token",
]);

/** Python's `isoformat()` of an aware UTC datetime: `2026-01-01T00:00:00.123456+00:00`. */
function isoTimestamp(date: Date): string {
	return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000+00:00");
}

export type AuditLogger = (event: AuditEvent, fields?: Record<string, unknown>) => void;

export function auditLogger(home: string, clock: Clock): AuditLogger {
	const dir = join(home, "logs");
	const file = join(dir, "dashboard-auth.log");
	return function audit(event, fields = {}) {
		const record: Record<string, unknown> = { ts: isoTimestamp(new Date(clock.now())), event };
		for (const [key, value] of Object.entries(fields)) {
			if (DROPPED.has(key.toLowerCase()) || value === undefined) {
				continue;
			}
			record[key] = typeof value === "string" ? redactSecrets(value).slice(0, 500) : value;
		}
		try {
			mkdirSync(dir, { recursive: true });
			appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
		} catch {
			// The audit log is best effort; a full disk must not lock users out.
		}
	};
}

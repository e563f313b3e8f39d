/**
 * `redactSecrets` against Hermes's `redact_sensitive_text` (hermes-home §5.2): every step
 * with a line it must mask and a near miss it must leave alone, the documented examples,
 * and ordinary log lines passing through untouched.
 */
import { describe, expect, it } from "vitest";
import { maskToken, redactSecrets } from "../../src/security/redact.ts";

/** [input, expected] pairs; an expected equal to its input is a negative example. */
function expectAll(cases: ReadonlyArray<readonly [string, string]>): void {
	for (const [input, output] of cases) {
		expect(redactSecrets(input), input).toBe(output);
	}
}

describe("maskToken", () => {
	it("masks short values entirely, long ones as first 6 ... last 4", () => {
		expect(maskToken("a".repeat(17))).toBe("***");
		expect(maskToken("AKIAIOSFODNN7EXAMPLE")).toBe("AKIAIO...MPLE");
	});
});

describe("redactSecrets, step by step", () => {
	it("1: vendor key prefixes, only as whole tokens", () => {
		expectAll([
			["aws key AKIAIOSFODNN7EXAMPLE in use", "aws key AKIAIO...MPLE in use"],
			["gh ghp_abcdefghijKLMNOP1234 ok", "gh ghp_ab...1234 ok"],
			["slack xoxb-1234567890-abcdefghij", "slack xoxb-1...ghij"],
			["google AIzaSyFAKEFAKEFAKEFAKEFAKEFAKEFAKE123", "google AIzaSy...E123"],
			["or sk-or-v1-abcdefghijklmnop", "or sk-or-...mnop"],
			// A 17th token character after AKIA + 16, a glued prefix, a body too short: no match.
			["AKIAIOSFODNN7EXAMPLEX", "AKIAIOSFODNN7EXAMPLEX"],
			["xghp_abcdefghijKLMNOP1234", "xghp_abcdefghijKLMNOP1234"],
			["ghp_short", "ghp_short"],
		]);
	});

	it("2: upper-case env assignments anywhere, spaces around = dropped", () => {
		expectAll([
			["x MY_SERVICE_TOKEN = opaque-value-fake-0000000000 y", "x MY_SERVICE_TOKEN=opaque...0000 y"],
			['set DB_PASSWORD="correct-horse-battery-staple"', 'set DB_PASSWORD="correc...aple"'],
			// At line start step 4 masks the masked value again (Hermes's double masking).
			["MY_SERVICE_TOKEN=opaque-value-fake-0000000000", "MY_SERVICE_TOKEN=***"],
			["MAX_TOKENS=4096", "MAX_TOKENS=***"],
			["KEY_TOKEN=os.getenv('X')", "KEY_TOKEN=os.getenv('X')"],
			["x my_service_token = opaque-value-fake-0000000000", "x my_service_token = opaque-value-fake-0000000000"],
		]);
	});

	it("3: dotted config keys, not when the text holds a URL", () => {
		expectAll([
			[
				"set providers.openai.api_key=opaque-value-fake-0000000000 now",
				"set providers.openai.api_key=opaque...0000 now",
			],
			["set api_key=opaque-value-fake-0000000000 now", "set api_key=opaque-value-fake-0000000000 now"],
			[
				"set a.token=opaque-value-fake-0000000000 see https://x.test",
				"set a.token=opaque-value-fake-0000000000 see https://x.test",
			],
		]);
	});

	it("4: config keys at the start of a line, not on a log record's first line", () => {
		expectAll([
			["export api_key=opaque-value-fake-0000000000", "export api_key=opaque...0000"],
			["token_count=5&session_id=1", "token_count=***&session_id=1"],
			[
				"2026-01-01 00:00:00,000 INFO gateway.run: password=hunter2",
				"2026-01-01 00:00:00,000 INFO gateway.run: password=hunter2",
			],
		]);
	});

	it("5: sensitive JSON string fields", () => {
		expectAll([
			[
				'{"apiKey": "fake-key-value-000000000000", "token_count": 5}',
				'{"apiKey": "fake-k...0000", "token_count": 5}',
			],
			['{"refresh_token":"fake-key-value-000000000000"}', '{"refresh_token": "fake-k...0000"}'],
			['{"token_type": "fake-key-value-000000000000"}', '{"token_type": "fake-key-value-000000000000"}'],
		]);
	});

	it("6: YAML / colon config at line start (not auth, not quoted)", () => {
		expectAll([
			["  api_key: opaque-value-fake-0000000000", "  api_key: opaque...0000"],
			["auth: opaque-value-fake-0000000000", "auth: opaque-value-fake-0000000000"],
			['secret: "opaque-value-fake-0000000000"', 'secret: "opaque-value-fake-0000000000"'],
		]);
	});

	it("7: Authorization headers, scheme kept", () => {
		expectAll([
			["Authorization: Bearer fakeBearerValue0123456789", "Authorization: Bearer fakeBe...6789"],
			["proxy-authorization: Basic dXNlcjpwYXNzd29yZGZha2U=", "proxy-authorization: Basic dXNlcj...a2U="],
			["Authorization: Bearer", "Authorization: ***"],
			["authorized: yes", "authorized: yes"],
		]);
	});

	it("8: API-key headers", () => {
		expectAll([
			["-H x-goog-api-key: fakeGoogleValue0123456789", "-H x-goog-api-key: fakeGo...6789"],
			['-H "x-api-key: abc"', '-H "x-api-key: ***'],
			["apikey = abc", "apikey = abc"],
		]);
	});

	it("9: Telegram bot tokens", () => {
		expectAll([
			[
				"https://api.telegram.org/bot7000000000:AAFIXTURE-not-a-real-telegram-token/getMe",
				"https://api.telegram.org/bot7000000000:***/getMe",
			],
			["token 123456789:AAFIXTURE-not-a-real-telegram-tok", "token 123456789:***"],
			[
				"at 12:30:45 and 1234567:AAFIXTURE-not-a-real-telegram-tok",
				"at 12:30:45 and 1234567:AAFIXTURE-not-a-real-telegram-tok",
			],
		]);
	});

	it("10: private key blocks, across lines; an unterminated block stays", () => {
		expectAll([
			[
				"a\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\nz",
				"a\n[REDACTED PRIVATE KEY]\nz",
			],
			["-----BEGIN PRIVATE KEY-----\nb3Blbn", "-----BEGIN PRIVATE KEY-----\nb3Blbn"],
		]);
	});

	it("11: database connection string passwords", () => {
		expectAll([
			["postgres://admin:hunter2@db.example:5432/app", "postgres://admin:***@db.example:5432/app"],
			["MONGODB+SRV://u:p4ss@cluster/db", "MONGODB+SRV://u:***@cluster/db"],
			["postgres://db.example:5432/app", "postgres://db.example:5432/app"],
		]);
	});

	it("12: a bare token as URL userinfo; user:pass@ is left alone", () => {
		expectAll([
			[
				"git remote https://ghfakeopaquetoken123@github.com/o/r.git",
				"git remote https://ghfake...n123@github.com/o/r.git",
			],
			[
				"https://user:pass@example.com/cb?code=ABC123&state=xyz",
				"https://user:pass@example.com/cb?code=ABC123&state=xyz",
			],
			["ssh://git@host/repo", "ssh://git@host/repo"],
		]);
	});

	it("13: JWTs", () => {
		expectAll([
			["header eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlZmFrZQ end", "header eyJhbG...FrZQ end"],
			["eyJshort.abcd", "eyJshort.abcd"],
		]);
	});

	it("14: a text that is a whole form body", () => {
		expectAll([
			["grant_type=password&password=hunter2&username=bob", "grant_type=password&password=***&username=bob"],
			["  code=abc&state=xyz  ", "code=***&state=xyz"],
			["posted code=abc&state=xyz", "posted code=abc&state=xyz"],
		]);
	});

	it("15: E.164 phone numbers", () => {
		expectAll([
			["call +15555550123 please", "call +155****0123 please"],
			["short +1234567", "short +1****67"],
			["not +0123456789 nor +123456", "not +0123456789 nor +123456"],
			["v1.2.3+20240101", "v1.2.3+202****0101"],
		]);
	});
});

describe("redactSecrets on ordinary text", () => {
	it("leaves log lines without secrets untouched", () => {
		expectAll([
			[
				"2026-11-19 22:50:58,344 ERROR agent.chat_completion_helpers: Failed after 3 retries (HTTP 529)",
				"2026-11-19 22:50:58,344 ERROR agent.chat_completion_helpers: Failed after 3 retries (HTTP 529)",
			],
			[
				"2026-11-19 22:50:59,000 WARNING [sess_abc] tools.web: slow search for https://example.com/a?b=c",
				"2026-11-19 22:50:59,000 WARNING [sess_abc] tools.web: slow search for https://example.com/a?b=c",
			],
			[
				'  File "/opt/hermes/run_agent.py", line 612, in _run',
				'  File "/opt/hermes/run_agent.py", line 612, in _run',
			],
			[
				"Session 20261119_225058_ab12cd finished in 2.5s (42 messages)",
				"Session 20261119_225058_ab12cd finished in 2.5s (42 messages)",
			],
		]);
	});
});

describe("redactSecrets on hostile input", () => {
	it("goes on matching inside the value of a key that is not a secret's, as Hermes's patterns do", () => {
		expectAll([
			["FOO=BAR_TOKEN=opaque-value-fake-0000000000", "FOO=BAR_TOKEN=opaque...0000"],
			["x foo=a.token=opaque-value-fake-0000000000", "x foo=a.token=opaque...0000"],
			["see postgres://a:b postgres://admin:hunter2@db/app", "see postgres://a:b postgres://admin:***@db/app"],
			["x my.api key=opaque-value-fake-0000000000", "x my.api key=opaque...0000"],
		]);
	});

	it("stays linear on long runs of key-like text (one large log line must not stall a request)", () => {
		const size = 50_000;
		const shapes = [
			"A=",
			"x=",
			"a.tok=",
			"api key",
			"token",
			"postgres://a:",
			"1",
			"Authorization: ",
			"eyJ",
			"+1234567",
		];
		const started = performance.now();
		for (const shape of shapes) {
			redactSecrets(shape.repeat(Math.ceil(size / shape.length)));
		}
		// Linear: ~0.05 s here in all; backtracking patterns took over 5 s.
		expect(performance.now() - started).toBeLessThan(1500);
	});
});

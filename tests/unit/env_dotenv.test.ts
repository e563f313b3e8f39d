import { describe, expect, it } from "vitest";
import { deleteEnvFromContent, formatEnvValue, parseEnv, setEnvInContent } from "../../src/hermes/env/dotenv.ts";
import { ENV_CATALOG } from "../../src/hermes/env/catalog.ts";

const SAMPLE = [
	"# Hermes keys",
	"",
	"  # indented comment",
	"OPENAI_API_KEY=sk-old-value-1234567890",
	"export ANTHROPIC_API_KEY='sk-ant-quoted'",
	'QUOTED="a \\"b\\" \\\\c"',
	"INLINE=value # not a comment",
	"not an assignment",
	"  SPACED = padded  ",
	"DUP=first",
	"DUP=second",
	"CRLF=yes\r",
	"LAST=no-newline",
].join("\n");

describe(".env parsing (hermes-home §3.1)", () => {
	it("reads values as Hermes does", () => {
		const values = parseEnv(SAMPLE);
		expect(values.get("OPENAI_API_KEY")).toBe("sk-old-value-1234567890");
		expect(values.get("ANTHROPIC_API_KEY")).toBe("sk-ant-quoted");
		expect(values.get("QUOTED")).toBe('a "b" \\c');
		expect(values.get("INLINE")).toBe("value # not a comment");
		expect(values.get("SPACED")).toBe("padded");
		expect(values.get("DUP")).toBe("second");
		expect(values.get("CRLF")).toBe("yes");
		expect(values.get("LAST")).toBe("no-newline");
		expect(values.has("not an assignment")).toBe(false);
	});

	it("tolerates a BOM", () => {
		expect(parseEnv("\uFEFFA=1\n").get("A")).toBe("1");
	});
});

describe(".env writing (hermes-home §3.2)", () => {
	it("quotes values only when needed, and they read back exactly", () => {
		for (const value of [
			"plain",
			"has # hash",
			'has "quote"',
			"it's",
			" lead",
			"trail ",
			"back\\slash",
			"a=b",
			"",
		]) {
			const content = setEnvInContent("", "K", value);
			expect(parseEnv(content).get("K")).toBe(value);
		}
		expect(formatEnvValue("plain")).toBe("plain");
		expect(formatEnvValue('a"b')).toBe('"a\\"b"');
	});

	it("updates in place and keeps every other byte", () => {
		const next = setEnvInContent(SAMPLE, "OPENAI_API_KEY", "sk-new");
		expect(next).toBe(SAMPLE.replace("OPENAI_API_KEY=sk-old-value-1234567890", "OPENAI_API_KEY=sk-new"));
	});

	it("updates an export line in place instead of duplicating it", () => {
		const next = setEnvInContent(SAMPLE, "ANTHROPIC_API_KEY", "sk-ant-new");
		expect(next).toBe(
			SAMPLE.replace("export ANTHROPIC_API_KEY='sk-ant-quoted'", "export ANTHROPIC_API_KEY=sk-ant-new"),
		);
		expect(next.match(/ANTHROPIC_API_KEY/g)).toHaveLength(1);
	});

	it("updates every duplicate, so the one that wins on read has the new value", () => {
		const next = setEnvInContent(SAMPLE, "DUP", "third");
		expect(parseEnv(next).get("DUP")).toBe("third");
		expect(next.split("\n").length).toBe(SAMPLE.split("\n").length);
	});

	it("keeps CRLF terminators and indentation on rewritten lines", () => {
		const next = setEnvInContent("A=1\r\n  B=2\r\n", "B", "3");
		expect(next).toBe("A=1\r\n  B=3\r\n");
	});

	it("appends a new key after terminating an unterminated last line", () => {
		expect(setEnvInContent(SAMPLE, "NEW_KEY", "v")).toBe(`${SAMPLE}\nNEW_KEY=v\n`);
		expect(setEnvInContent("", "A", "1")).toBe("A=1\n");
	});

	it("keeps a BOM", () => {
		expect(setEnvInContent("\uFEFF# c\nA=1\n", "A", "2")).toBe("\uFEFF# c\nA=2\n");
	});

	it("deletes every assignment of the key, export lines included, and nothing else", () => {
		expect(deleteEnvFromContent(SAMPLE, "DUP")).toBe(SAMPLE.replace("DUP=first\nDUP=second\n", ""));
		expect(deleteEnvFromContent(SAMPLE, "ANTHROPIC_API_KEY")).toBe(
			SAMPLE.replace("export ANTHROPIC_API_KEY='sk-ant-quoted'\n", ""),
		);
		expect(deleteEnvFromContent(SAMPLE, "MISSING")).toBeNull();
	});
});

describe("env catalogue (hermes-home §3.4)", () => {
	it("has the 148 static entries with valid fields", () => {
		expect(ENV_CATALOG).toHaveLength(148);
		expect(new Set(ENV_CATALOG.map((entry) => entry.name)).size).toBe(148);
		for (const entry of ENV_CATALOG) {
			expect(["provider", "tool", "skill", "messaging", "setting"]).toContain(entry.category);
			expect(entry.description.length).toBeGreaterThan(0);
		}
		const openrouter = ENV_CATALOG.find((entry) => entry.name === "OPENROUTER_API_KEY")!;
		expect(openrouter).toMatchObject({
			category: "provider",
			password: true,
			advanced: true,
			tools: ["vision_analyze"],
			url: "https://openrouter.ai/keys",
		});
		expect(ENV_CATALOG.find((entry) => entry.name === "NOUS_BASE_URL")).toMatchObject({
			password: false,
			advanced: true,
			url: null,
		});
	});
});

describe("concatenated-line repair (hermes-home §3.1)", () => {
	it("splits known KEY= runs, prefers longer names, and leaves structured values alone", () => {
		const values = parseEnv(
			"OPENAI_API_KEY=sk-aaaANTHROPIC_API_KEY=sk-bbb\nGLM_API_KEY=glm-1\nOPENAI_BASE_URL=https://x.test/?a=1&OPENAI_API_KEY=zzz\nCUSTOM=aOPENAI_API_KEY=b\n",
		);
		expect(values.get("OPENAI_API_KEY")).toBe("sk-aaa");
		expect(values.get("ANTHROPIC_API_KEY")).toBe("sk-bbb");
		expect(values.get("GLM_API_KEY")).toBe("glm-1");
		expect(values.has("LM_API_KEY")).toBe(false);
		expect(values.get("OPENAI_BASE_URL")).toBe("https://x.test/?a=1&OPENAI_API_KEY=zzz");
		// Lines that do not start with a known key are not split.
		expect(values.get("CUSTOM")).toBe("aOPENAI_API_KEY=b");
	});
});

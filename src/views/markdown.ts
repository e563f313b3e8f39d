/**
 * @module
 * Markdown for untrusted session text, rendered on the server: markdown-it with raw
 * HTML disabled (tags come out escaped), its link validator (no `javascript:`,
 * `vbscript:`, `file:` or non-image `data:` URLs), images shown as links (no remote
 * loads), links opened with `rel="noopener noreferrer nofollow"`, and code blocks
 * highlighted by highlight.js (which escapes what it emits). Loaded lazily: only the
 * pages that show messages pay for the import.
 */
import type { MarkdownIt, RendererRule } from "markdown-it";

export type MarkdownRender = (text: string) => string;

let loading: Promise<MarkdownRender> | null = null;

async function build(): Promise<MarkdownRender> {
	const [{ default: MarkdownItClass }, { default: hljs }] = await Promise.all([
		import("markdown-it"),
		import("highlight.js/lib/common"),
	]);
	const md: MarkdownIt = new MarkdownItClass({
		html: false,
		linkify: true,
		breaks: true,
		highlight(code: string, language: string): string {
			const lang = language.trim().split(/\s+/)[0] ?? "";
			try {
				if (lang !== "" && hljs.getLanguage(lang) !== undefined) {
					return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
				}
				if (code.length < 20_000) {
					return hljs.highlightAuto(code).value;
				}
			} catch {
				// fall through: markdown-it escapes the plain code itself
			}
			return "";
		},
	});
	md.disable("image");
	const renderToken: RendererRule = (tokens, index, options, _env, self) => self.renderToken(tokens, index, options);
	const defaultLinkOpen: RendererRule = md.renderer.rules.link_open ?? renderToken;
	const linkOpen: RendererRule = (tokens, index, options, env, self) => {
		tokens[index]!.attrSet("rel", "noopener noreferrer nofollow");
		tokens[index]!.attrSet("target", "_blank");
		return defaultLinkOpen(tokens, index, options, env, self);
	};
	md.renderer.rules.link_open = linkOpen;
	return (text: string) => md.render(text);
}

/** The shared renderer (built once, on first use). */
export function markdownRenderer(): Promise<MarkdownRender> {
	loading ??= build();
	return loading;
}

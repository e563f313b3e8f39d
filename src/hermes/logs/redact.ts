/**
 * @module
 * Redaction of log lines on the way out. Hermes masks a whole formatted record (head line
 * plus its traceback / continuation lines) in one pass, which matters for rules that look
 * at the record as a whole (the `://` gate, private-key blocks spanning lines, the
 * form-body rule); records are regrouped here so the same text reaches the redactor.
 */
import { redactSecrets } from "../../security/redact.ts";

/** A Hermes record starts with its timestamp; anything else continues the record above. */
const RECORD_START = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/;

function splitLines(text: string): string[] {
	return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Redacts lines record by record. Lines before the first record head (a window cut mid-
 * record, or a file of another format) are redacted one by one.
 */
export function redactLogLines(lines: readonly string[]): string[] {
	const out: string[] = [];
	let record: string[] = [];
	const flush = (): void => {
		if (record.length > 0) {
			// Hermes redacts the record before its handler adds the newline (the form-body rule trims).
			const text = record.join("");
			const ended = text.endsWith("\n");
			out.push(...splitLines(redactSecrets(ended ? text.slice(0, -1) : text) + (ended ? "\n" : "")));
			record = [];
		}
	};
	let inRecord = false;
	for (const line of lines) {
		if (RECORD_START.test(line)) {
			flush();
			inRecord = true;
		}
		record.push(line);
		if (!inRecord) {
			flush();
		}
	}
	flush();
	return out;
}

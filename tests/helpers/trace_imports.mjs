// Preloaded with `node --import`: appends the URL of every module the process resolves
// to the file named by TRACE_IMPORTS_FILE, so tests can see what a start-up loads.
import { appendFileSync } from "node:fs";
import { registerHooks } from "node:module";

const file = process.env.TRACE_IMPORTS_FILE;
const seen = new Set();
registerHooks({
	resolve(specifier, context, nextResolve) {
		const result = nextResolve(specifier, context);
		if (file && !seen.has(result.url)) {
			seen.add(result.url);
			appendFileSync(file, `${result.url}\n`);
		}
		return result;
	},
});

#!/usr/bin/env node
// Launcher: runs the TypeScript sources on Node >= 24 (type stripping). When the Node
// on PATH is older, re-runs itself with the Node 24 pinned in the project's packages.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const major = Number(process.versions.node.split(".")[0]);
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

if (major >= 24) {
	await import(main);
} else {
	const pinned = fileURLToPath(new URL("../node_modules/node/bin/node", import.meta.url));
	if (!existsSync(pinned)) {
		process.stderr.write(`hermes-dashboard needs Node.js >= 24 (found ${process.version}); run \`npm install\` first.\n`);
		process.exit(1);
	}
	const result = spawnSync(pinned, [main, ...process.argv.slice(2)], { stdio: "inherit" });
	process.exit(result.status ?? 1);
}

#!/usr/bin/env node
// Launcher: runs the TypeScript sources on Node >= 24 (type stripping). When the Node
// on PATH is older, re-runs them with the Node 24 pinned in the project's packages.
// Not a named import: Node < 22 has no enableCompileCache and would fail to link this file.
import nodeModule from "node:module";
import { fileURLToPath } from "node:url";

const major = Number(process.versions.node.split(".")[0]);
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

/**
 * glibc's malloc settings, read only when a process starts. By default every thread that
 * allocates gets an arena of its own (V8's helpers, the libuv pool, the search worker),
 * and after the first large buffer is freed the mmap threshold rises so that later ones
 * stay in those arenas; what is freed there stays resident. Two arenas and the default
 * thresholds held fixed: about 6 MB less private memory after a working session and 5 MB
 * less when idle (bench/memory.ts), no slower (bench/sessions.ts). Other C libraries
 * ignore them; a value the user set is kept. `npm start` and the Dockerfile set the same
 * values, so only a bare start of this file pays for the re-exec (~45 ms).
 */
const MALLOC_ENV = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072", MALLOC_TRIM_THRESHOLD_: "131072" };
const mallocTuned = Object.keys(MALLOC_ENV).some((name) => process.env[name] !== undefined);

if (major >= 24) {
	if (!mallocTuned && process.platform === "linux" && typeof process.execve === "function") {
		// Same process (pid, stdio, signals), started again with the settings in place; if
		// the exec itself fails, this process serves with glibc's defaults.
		try {
			process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
				...process.env,
				...MALLOC_ENV,
			});
		} catch {}
	}
	// Enabled before the first .ts file loads: a warm cache skips TypeScript stripping
	// entirely (faster start, ~17 MB less memory).
	nodeModule.enableCompileCache?.();
	await import(main);
} else {
	const [{ spawn }, { existsSync }] = await Promise.all([import("node:child_process"), import("node:fs")]);
	const pinned = fileURLToPath(new URL("../node_modules/node/bin/node", import.meta.url));
	if (!existsSync(pinned)) {
		process.stderr.write(
			`hermes-dashboard needs Node.js >= 24 (found ${process.version}); run \`npm install\` first.\n`,
		);
		process.exit(1);
	}
	const env = mallocTuned ? process.env : { ...process.env, ...MALLOC_ENV };
	const child = spawn(pinned, [main, ...process.argv.slice(2)], { stdio: "inherit", env });
	// Forward stop signals so a supervisor stopping the launcher stops the dashboard.
	for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
		process.on(signal, () => child.kill(signal));
	}
	child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}

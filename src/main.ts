/**
 * @module
 * Node entry. Turns on Node's compile cache (it also caches TypeScript stripping, which
 * is most of a cold start) before anything else is loaded, keeps the young generation
 * small, then runs the CLI.
 */
import { enableCompileCache } from "node:module";
import { setFlagsFromString } from "node:v8";

enableCompileCache?.();
// A dashboard idles most of its life: a small young generation keeps RSS low.
setFlagsFromString("--max-semi-space-size=1");
const { runNodeCLI } = await import("./server/node_cli.ts");
await runNodeCLI(process.argv.slice(2));

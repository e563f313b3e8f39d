/**
 * @module
 * Node entry. Turns on Node's compile cache (it also caches TypeScript stripping, which
 * is most of a cold start) before anything else is loaded, then runs the CLI.
 */
import { enableCompileCache } from "node:module";

enableCompileCache?.();
const { runNodeCLI } = await import("./server/node_cli.ts");
await runNodeCLI(process.argv.slice(2));

/**
 * The real CLI under Deno (the npm `deno` package's binary) serving a fresh copy of the
 * fixture home, for the tests that check the same app on the second runtime.
 */
import { afterAll, beforeAll } from "vitest";
import { copyFixtureHome } from "./app.ts";
import { DENO_COMMAND, startServer, type RunningServer } from "./server.ts";

export interface DenoDashboard {
	server: RunningServer;
	/** The copy of the fixture home the server serves. */
	home: string;
}

/**
 * Registers beforeAll/afterAll hooks that start the server under Deno (its first start
 * compiles, hence the long timeouts); `env(home)` adds to its environment. The returned
 * object is filled in before the tests run.
 */
export function useDenoDashboard(env: (home: string) => Record<string, string> = () => ({})): DenoDashboard {
	const served = {} as DenoDashboard;
	beforeAll(async () => {
		served.home = copyFixtureHome();
		served.server = await startServer({
			command: DENO_COMMAND,
			args: ["--home", served.home],
			env: env(served.home),
			timeoutMs: 60_000,
		});
	}, 90_000);
	afterAll(async () => {
		await served.server?.stop();
	});
	return served;
}

import { defineConfig } from "vitest/config";

export default defineConfig({
	test: {
		include: ["tests/**/*.test.ts"],
		// One temp folder per run, removed at the end (tests/helpers/temp_root.ts).
		globalSetup: ["./tests/helpers/temp_root.ts"],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Browser and real-server suites spawn processes; two cores go further one file at a time.
		fileParallelism: false,
		reporters: ["default", "./tests/helpers/summary_reporter.ts"],
	},
});

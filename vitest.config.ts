import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "sdk/test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    // Two cores: PGlite instances are memory- and CPU-heavy.
    maxWorkers: 2,
    // Generous: a loaded 2-core machine makes PGlite start-up and child processes slow; tests are not timed.
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});

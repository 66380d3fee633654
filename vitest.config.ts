import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    // Bot suites start workers in beforeAll: on a loaded 2-core machine that takes over 10 s.
    hookTimeout: 60_000,
    pool: "forks",
  },
});

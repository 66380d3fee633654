import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // One line per missing optional system tool (soffice, pdftotext): its tests are skipped, not failed.
    globalSetup: ["tests/helpers/report-tools.ts"],
    testTimeout: 60_000,
    pool: "forks",
  },
});

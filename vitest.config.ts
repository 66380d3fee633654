import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // dist/ compiled from today's sources (the tests that start bin/nianbao.js run it), then one line
    // per missing optional system tool (soffice, pdftotext): its tests are skipped, not failed.
    globalSetup: [
      "tests/helpers/build-dist.ts",
      "tests/helpers/report-tools.ts",
      "tests/support/postgres-setup.ts",
    ],
    // Generous: on a busy 2-core machine (two suites at once) a bot's start-up in beforeAll took over
    // the default 10 s. Tests that are about time set their own caps.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Scans stay "no_text_layer" in every suite whatever is installed; the OCR suites turn it on themselves.
    env: { NIANBAO_OCR: "off" },
  },
});

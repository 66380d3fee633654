import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // Scans stay "no_text_layer" in every suite whatever is installed; the OCR suites turn it on themselves.
    env: { NIANBAO_OCR: "off" },
  },
});

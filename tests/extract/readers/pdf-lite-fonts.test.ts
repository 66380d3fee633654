/**
 * The lite reader loads each font of a document once, however many pages use it (a font's ToUnicode CMap,
 * widths and program check were read again for every page: a third of a 6-page TrueType read, issue 13).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../../extract/readers/pdf-lite/fonts.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../../extract/readers/pdf-lite/fonts.ts")>();
  return {
    ...original,
    loadFont: (...args: Parameters<typeof original.loadFont>) => {
      loads.count++;
      return original.loadFont(...args);
    },
  };
});

const { openLite } = await import("../../../extract/readers/pdf-lite/index.ts");

describe("lite reader fonts", () => {
  it("a 6-page document in one TrueType font loads that font once", async () => {
    const bytes = new Uint8Array(
      readFileSync(join(import.meta.dirname, "../../fixtures/bench/six-pages-truetype.pdf")),
    );
    const lite = openLite(bytes);
    expect(lite.numPages).toBe(6);
    const chars: number[] = [];
    for (let n = 1; n <= lite.numPages; n++) {
      const page = await lite.readPage(n);
      chars.push(page.boxes.map((b) => b.text).join("").length);
    }
    expect(chars.every((c) => c > 100)).toBe(true);
    expect(loads.count).toBe(1);
  });
});

/**
 * Seed 002 (洛浦街道 2024) as the same issuer's report a year earlier: years shifted, the issuer's
 * name printed with a space, 表三 new applications 50 instead of 56 (for "和去年比" tests).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const CURRENT_YEAR_TEXT = readFileSync(
  join(import.meta.dirname, "../fixtures/seeds/002_a01f0cf12a106081.txt"),
  "utf8",
);

export const PREVIOUS_YEAR_TEXT = CURRENT_YEAR_TEXT.replace(/2025/g, "2024")
  .replace(/2024/g, "2023")
  .replace("广州市番禺区人民政府洛浦街道办事处", "广州市番禺区人民政府 洛浦街道办事处")
  .replace(
    "一、本年新收政府信息公开申请数量\t56\t0\t0\t0\t0\t0\t56",
    "一、本年新收政府信息公开申请数量\t50\t0\t0\t0\t0\t0\t50",
  );

/**
 * What a careful auditor raises on each seed ("severity:rule"), by reading: the seed text itself
 * ("text": its extraction noise included) and the PDF/DOCX/HTML made from its figures ("grid").
 * Reviewed by hand against the seed texts and rules.md; see the note on issue 3.
 */
export const SEED_IDS = [
  "000_5ed72146557905c8",
  "001_77c3b53386b2261e",
  "002_a01f0cf12a106081",
  "003_1c640710511402cf",
  "004_e2933871b57d250b",
] as const;

type Expected = { readonly text: readonly string[]; readonly grid: readonly string[] };

const same = (findings: readonly string[]): Expected => ({ text: findings, grid: findings });

export const EXPECTED_FINDINGS: Record<(typeof SEED_IDS)[number], Expected> = {
  // 街道: no 考核/评议/追究 (notice); 六 reports only the fee collected; 表四 行政复议 cells blank.
  "000_5ed72146557905c8": same(["notice:CONTENT-ART50", "notice:FEE-PRESENT", "warning:T4-BLANK"]),
  // 215 条 = 0+0+0+0+0+5+199+0 fails (204); text: two 表三 rows with 6 numbers, 表四 with 16.
  "001_77c3b53386b2261e": {
    text: [
      "notice:CONTENT-ART50",
      "warning:STRUCTURE-TABLES",
      "warning:STRUCTURE-TABLES",
      "warning:TEXT-SELF",
    ],
    grid: ["notice:CONTENT-ART50", "warning:TEXT-SELF"],
  },
  // 收到 59 = 新收 56 + 结转 3 (notice); no 落款 date; text: five 表三 rows lost a cell.
  "002_a01f0cf12a106081": {
    text: ["notice:CONTENT-ART50", "notice:TEXT-T3-NEW", "warning:META-DATE", "warning:STRUCTURE-TABLES"],
    grid: ["notice:CONTENT-ART50", "notice:TEXT-T3-NEW", "warning:META-DATE"],
  },
  // Headings 1、2、3、 then 四、; no date.
  "003_1c640710511402cf": same(["notice:CONTENT-ART50", "notice:STRUCTURE-SECTIONS", "warning:META-DATE"]),
  // All-zero tables; 六 says only 未收取; no date; 责任追究 is mentioned, 考核/评议 are not.
  "004_e2933871b57d250b": same(["notice:CONTENT-ART50", "notice:FEE-PRESENT", "warning:META-DATE"]),
};

/** Exact messages worth pinning (they carry the arithmetic). */
export const EXPECTED_MESSAGES: Partial<Record<(typeof SEED_IDS)[number], readonly string[]>> = {
  "000_5ed72146557905c8": ["未见条例第五十条要求的「工作考核、社会评议、责任追究」情况"],
  "004_e2933871b57d250b": ["未见条例第五十条要求的「工作考核、社会评议」情况"],
};

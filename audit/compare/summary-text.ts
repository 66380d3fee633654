/**
 * The short form of a comparison (chat, terminal): the pair, the five largest changes, cells blank in
 * one year only, how much prose changed, last year's problems and the cross-year findings.
 */
import type { Comparison } from "./compare.ts";
import { FOLLOW_UP_TITLES } from "./problems.ts";
import { changeText } from "./tables.ts";
import { chinesePunctuation } from "./text.ts";

export const TOP_CHANGES = 5;

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

export function comparisonSummaryLines(c: Comparison): string[] {
  const lines: string[] = [];
  const who = c.current.issuer ?? c.previous.issuer ?? "未识别";
  lines.push(`${who}：${c.previous.year ?? "?"} 年 → ${c.current.year ?? "?"} 年`);
  for (const w of c.warnings) lines.push(`注意：${w}`);
  const changed = c.ranked.length;
  const large = c.ranked.filter((x) => x.large).length;
  const filled = c.cells.filter((x) => x.kind === "filled").length;
  const blanked = c.cells.filter((x) => x.kind === "blanked").length;
  lines.push(
    `表格：${changed} 个单元格有变化，其中变化较大 ${large} 个（≥${c.thresholds.minAbs} 且 ≥${Math.round(c.thresholds.minPct * 100)}%）；上年空白本年填报 ${filled} 个，上年填报本年空白 ${blanked} 个`,
  );
  if (changed > 0) {
    lines.push(`变化最大的 ${Math.min(TOP_CHANGES, changed)} 项：`);
    c.ranked.slice(0, TOP_CHANGES).forEach((x, i) => {
      lines.push(
        `${i + 1}. ${x.label}：${x.previous} → ${x.current}，${changeText(x)}${x.large ? "【较大】" : ""}`,
      );
    });
  }
  const blanks = c.cells.filter((x) => x.kind === "filled" || x.kind === "blanked").slice(0, 3);
  for (const x of blanks)
    lines.push(
      `· ${x.label}：${x.kind === "filled" ? `上年空白，本年 ${x.current}` : `上年 ${x.previous}，本年空白`}`,
    );
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const s of c.sections) for (const p of s.changes) counts[p.op]++;
  const touched = c.sections.filter((s) => s.changes.length > 0).map((s) => s.title.slice(0, 1));
  lines.push(
    `正文：新增 ${counts.added} 段，删除 ${counts.removed} 段，修改 ${counts.changed} 段${touched.length > 0 ? `（第${touched.join("、")}部分）` : "（只改了年份或无变化）"}`,
  );
  if (c.problems.length > 0) {
    const by = { followed_up: 0, mentioned: 0, none: 0 };
    for (const p of c.problems) by[p.status]++;
    lines.push(
      `上年第五部分所列问题 ${c.problems.length} 项：${FOLLOW_UP_TITLES.followed_up} ${by.followed_up}，${FOLLOW_UP_TITLES.mentioned} ${by.mentioned}，${FOLLOW_UP_TITLES.none} ${by.none}`,
    );
    for (const p of c.problems.filter((x) => x.status === "none").slice(0, 2))
      lines.push(`· 未见回应：${clip(chinesePunctuation(p.problem), 40)}`);
  }
  if (c.crossYear.length === 0) {
    const ran = c.crossYearChecks.filter((s) => s.pass + s.fail > 0).map((s) => s.rule);
    lines.push(`跨年度核验：未发现问题${ran.length > 0 ? `（已核验 ${ran.join("、")}）` : ""}`);
  } else {
    lines.push(`跨年度核验发现 ${c.crossYear.length} 项：`);
    c.crossYear.slice(0, 6).forEach((f, i) => {
      lines.push(`${i + 1}. [${f.rule}] ${clip(f.message, 120)}`);
    });
    if (c.crossYear.length > 6) lines.push(`……另有 ${c.crossYear.length - 6} 项，见比较报告`);
  }
  return lines;
}

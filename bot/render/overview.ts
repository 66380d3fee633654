/**
 * The regional overview in chat (HTML): the ranking's top with its criteria, and the region's totals
 * of the newest year (audit/overview/overview.ts); the heatmap goes as a photo beside it.
 */
import { type Overview, totalsLines } from "../../audit/overview/overview.ts";
import { escapeHtml } from "./html.ts";

/** Units listed in the chat (the XLSX's 单位排名 has them all). */
export const RANKED_IN_CHAT = 10;

export function overviewHtml(overview: Overview): string {
  const lines = [`<b>单位排名</b>（问题多者在前，前 ${Math.min(RANKED_IN_CHAT, overview.units.length)} 名）`];
  for (const u of overview.units.slice(0, RANKED_IN_CHAT)) {
    const extra = [u.late ? "逾期公布" : "", u.template > 0 ? `模板问题 ${u.template}` : ""].filter(Boolean);
    lines.push(
      `${u.rank}. ${escapeHtml(u.issuer)}${u.year ? ` ${u.year}` : ""}：错误 ${u.errors}，警告 ${u.warnings}${extra.length > 0 ? `，${extra.join("，")}` : ""}`,
    );
  }
  lines.push(`<i>${escapeHtml(overview.criteria)}</i>`);
  const newest = overview.totals[0];
  if (newest) lines.push("", "<b>地区合计</b>", ...totalsLines(newest).map(escapeHtml));
  if (overview.totals.length > 1) lines.push("其他年度的合计见 XLSX「地区合计」表。");
  return lines.join("\n");
}

export function heatmapCaption(overview: Overview, shown: number): string {
  return `各单位审核发现热力图：${overview.units.length} 份报告${shown < overview.units.length ? `，图中为问题最多的 ${shown} 个` : ""}（红＝错误，橙＝警告，蓝＝提示，数字＝次数）`;
}

/**
 * /history: the chat's reports, newest first, with a button per report to ask about it.
 */
import { InlineKeyboard } from "grammy";
import type { ReportRow } from "../../store/report-store.ts";
import { chinaTime } from "../day.ts";
import { escapeHtml } from "./html.ts";
import { selectData } from "./keyboards.ts";

export function historyHtml(rows: readonly ReportRow[], total: number, currentId: number | null): string {
  if (rows.length === 0) return "本聊天还没有审核过的报告。发送一份年度报告文件即可开始。";
  const lines = [
    `<b>本聊天的审核记录</b>（共 ${total} 份${total > rows.length ? `，显示最近 ${rows.length} 份` : ""}）`,
  ];
  for (const [i, r] of rows.entries()) {
    const mark = r.id === currentId ? "　← 当前提问对象" : "";
    lines.push(
      `${i + 1}. <code>${escapeHtml(r.fileName)}</code>${mark}`,
      `　${escapeHtml(r.issuer ?? "发布机关未识别")} · ${r.reportYear ?? "年度未识别"} · 错误 ${r.errors} 警告 ${r.warnings} 提示 ${r.notices} · ${chinaTime(r.createdAt)}`,
    );
  }
  lines.push("", "点击下方按钮选定一份报告，之后的提问针对它。");
  return lines.join("\n");
}

export function historyKeyboard(rows: readonly ReportRow[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  rows.forEach((r, i) => {
    kb.text(
      `${i + 1}. ${(r.issuer ?? r.fileName).slice(0, 24)} ${r.reportYear ?? ""}`.trim(),
      selectData(r.id),
    );
    kb.row();
  });
  return kb;
}

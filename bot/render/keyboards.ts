/**
 * Inline keyboards and their callback data. Data carries a report id only; the handler looks the
 * report up in the pressing chat, so a forged id from another chat finds nothing.
 */
import { InlineKeyboard } from "grammy";

export type ReportAction = "detail" | "json" | "examples" | "delete";

const ACTION_CODES: Record<ReportAction, string> = { detail: "d", json: "j", examples: "q", delete: "x" };
const CODE_ACTIONS = Object.fromEntries(Object.entries(ACTION_CODES).map(([a, c]) => [c, a])) as Record<
  string,
  ReportAction
>;

export const REPORT_DATA = /^r:([djqx]):(\d+)$/;
export const SELECT_DATA = /^s:(\d+)$/;
export const FORGET_DATA = /^f:(yes|no)$/;
/** 与上年对比 under a report whose issuer has another year in the chat (bot/features/compare.ts). */
export const COMPARE_DATA = /^c:(\d+)$/;
export const compareData = (reportId: number) => `c:${reportId}`;

export const reportData = (action: ReportAction, reportId: number) => `r:${ACTION_CODES[action]}:${reportId}`;
export const selectData = (reportId: number) => `s:${reportId}`;

export function parseReportData(data: string): { action: ReportAction; reportId: number } | null {
  const m = REPORT_DATA.exec(data);
  const action = m ? CODE_ACTIONS[m[1] ?? ""] : undefined;
  return m && action ? { action, reportId: Number(m[2]) } : null;
}

export const COMPARE_BUTTON = "与上年报告对比";

export function reportKeyboard(reportId: number, options: { compare?: boolean } = {}): InlineKeyboard {
  const keyboard = new InlineKeyboard()
    .text("详细结果", reportData("detail", reportId))
    .text("导出 JSON", reportData("json", reportId))
    .row()
    .text("提问示例", reportData("examples", reportId))
    .text("删除此报告", reportData("delete", reportId));
  return options.compare ? keyboard.row().text(COMPARE_BUTTON, compareData(reportId)) : keyboard;
}

export function forgetKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text("确认删除", "f:yes").text("取消", "f:no");
}

/** The 与上年报告对比 button alone (under the message about a re-checked Y report). */
export function compareKeyboard(reportId: number): InlineKeyboard {
  return new InlineKeyboard().text(COMPARE_BUTTON, compareData(reportId));
}

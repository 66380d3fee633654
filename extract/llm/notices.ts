/**
 * The findings the LLM path adds (not rules of the registry: they describe the reading, not the
 * report): EXTRACT-DISAGREE per disagreeing key, LLM-UNAVAILABLE and LLM-INVALID when the model gave
 * no usable reading. Message templates are data, filled like rule messages.
 */
import { fillMessage } from "../../validate/engine.ts";
import type { Finding } from "../../validate/finding.ts";
import { cellLabel } from "../template/layout.ts";
import type { UnavailableReason } from "./errors/llm-unavailable-error.ts";
import type { Disagreement } from "./reconcile.ts";

/** A finding with the two readings (EXTRACT-DISAGREE carries `parser` and `llm`). */
export type LlmFinding = Finding & { parser?: number | null; llm?: number };

export const EXTRACT_DISAGREE = {
  id: "EXTRACT-DISAGREE",
  severity: "notice",
  basis: "以确定性解析的读数为准，模型读数仅作核对；两者不一致时请核对原表",
  messages: {
    differ: "{cell}：解析读为 {parser}，模型读为 {llm}，采用解析读数",
    blank: "{cell}：解析读为空白，模型读为 {llm}，保留空白（空白不按 0 计）",
    invalid: "{cell}：表中印为「{printed}」，模型读为 {llm}，未采用模型读数",
  },
} as const;

export const LLM_UNAVAILABLE = {
  id: "LLM-UNAVAILABLE",
  severity: "notice",
  basis: "模型读数仅作核对；模型不可用时，结果完全基于确定性解析",
  messages: { unavailable: "未能取得模型读数（{reason}），本结果仅基于确定性解析" },
} as const;

export const LLM_INVALID = {
  id: "LLM-INVALID",
  severity: "notice",
  basis: "模型输出须符合数据格式（JSON Schema），经一次修正仍不符合的不予采用",
  messages: {
    invalid: "模型输出经一次修正后仍不符合数据格式（{count} 处问题），已忽略模型读数，本结果仅基于确定性解析",
  },
} as const;

const REASONS: Record<UnavailableReason | "internal", string> = {
  timeout: "请求超时",
  http: "模型服务返回错误",
  connection: "无法连接模型服务",
  deadline: "超过时间上限",
  aborted: "请求已取消",
  internal: "内部错误",
};

type Meta = { id: string; severity: Finding["severity"]; basis: string; messages: Record<string, string> };

function notice(
  meta: Meta,
  messageId: string,
  data: Record<string, string | number>,
  cells: string[],
): Finding {
  const template = meta.messages[messageId] as string;
  return {
    rule: meta.id,
    severity: meta.severity,
    message: fillMessage(template, data, { rule: meta.id, messageId }),
    messageId,
    cells,
    basis: meta.basis,
    data,
  };
}

export function disagreementFinding(d: Disagreement): LlmFinding {
  const cell = cellLabel(d.key);
  const messageId = d.parser !== null ? "differ" : d.printed ? "invalid" : "blank";
  const data: Record<string, string | number> = { cell, llm: d.llm, parser: d.parser ?? "空白" };
  if (messageId === "invalid") data.printed = d.printed ?? "";
  return { ...notice(EXTRACT_DISAGREE, messageId, data, [d.key]), parser: d.parser, llm: d.llm };
}

export function unavailableFinding(reason: UnavailableReason | "internal", status: number | null): Finding {
  const text = status !== null ? `${REASONS[reason]}，HTTP ${status}` : REASONS[reason];
  return notice(LLM_UNAVAILABLE, "unavailable", { reason: text }, []);
}

export function invalidFinding(issueCount: number): Finding {
  return notice(LLM_INVALID, "invalid", { count: issueCount }, []);
}

/**
 * A plain-text report in the layout of the seeds (tab-separated rows) built from figures, so that
 * parser tests can break exactly one row. Prose is minimal but complete (six sections, a date).
 */
import type { Figures } from "../../extract/schema.ts";
import { T4_ROWS, type TemplateVersion, t2Blocks, t3Rows } from "../../extract/template/layout.ts";

export interface TextReportOptions {
  version?: TemplateVersion;
  year?: number;
  figures: Figures;
  /** Replace the printed value cells of a row (by row key, e.g. "t3.total_processed") with this text. */
  rowText?: Record<string, string>;
  /** Replace the printed label of a row. */
  rowLabel?: Record<string, string>;
  /** Print （六） as one row even in a 2021 report. */
  singleOther?: boolean;
  issuer?: string;
  date?: string;
}

const show = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));

export function textReport(o: TextReportOptions): string {
  const version = o.version ?? "2021";
  const year = o.year ?? (version === "2021" ? 2023 : 2020);
  const issuer = o.issuer ?? "某市某区人民政府某街道办事处";
  const f = o.figures;
  const out: string[] = [];
  out.push(`${issuer}${year}年政府信息公开工作年度报告`, "");
  out.push(
    "一、总体情况",
    `${year}年，本单位认真贯彻落实《中华人民共和国政府信息公开条例》，做好政府信息公开工作。`,
    "",
  );
  out.push("二、主动公开政府信息情况", "");
  for (const block of t2Blocks(version)) {
    out.push(block.heading);
    out.push(["信息内容", ...(block.rows[0]?.columns.map((c) => c.label) ?? [])].join("\t"));
    for (const row of block.rows) {
      const key = `t2.${row.key}`;
      const values = o.rowText?.[key] ?? row.columns.map((c) => show(f[`${key}.${c.key}`])).join("\t");
      out.push(`${o.rowLabel?.[key] ?? row.label}\t${values}`);
    }
  }
  out.push("", "三、收到和处理政府信息公开申请情况", "");
  out.push(
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\t\t\t\t\t\t总计",
  );
  out.push("\t自然人\t法人或其他组织");
  out.push("\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他");
  const split = version === "2021" && !o.singleOther;
  for (const row of t3Rows(split)) {
    const key = `t3.${row.key}`;
    const values =
      o.rowText?.[key] ??
      ["natural_person", "business", "research", "nonprofit", "legal_services", "other", "total"]
        .map((c) => show(f[`${key}.${c}`]))
        .join("\t");
    const label =
      o.rowLabel?.[key] ??
      (row.parent && !row.parent.startsWith("三") ? `${row.parent}\t${row.label}` : row.label);
    out.push(`${label}\t${values}`);
  }
  out.push("", "四、政府信息公开行政复议、行政诉讼情况", "");
  out.push("行政复议\t\t\t\t\t行政诉讼");
  out.push("结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉");
  out.push(
    "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
  );
  out.push(
    o.rowText?.t4 ??
      T4_ROWS.flatMap((r) =>
        ["upheld", "corrected", "other", "pending", "total"].map((c) => show(f[`t4.${r.key}.${c}`])),
      ).join("\t"),
  );
  out.push(
    "",
    "五、存在的主要问题及改进情况",
    "存在的主要问题是公开内容不够全面。下一步将加强培训，完善改进措施。",
    "",
  );
  out.push(
    "六、其他需要报告的事项",
    year >= 2021 ? `${year}年度本单位共发出收费通知0件，涉及收费金额0元，实际收取信息处理费0元。` : "无。",
    "",
    issuer,
    o.date ?? `${year + 1}年1月15日`,
  );
  return out.join("\n");
}

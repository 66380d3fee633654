/** 表二 helpers: which version's cells the table has. */
import type { ParsedReport } from "../../../extract/schema.ts";
import { type TemplateVersion, t2Cells } from "../../../extract/template/layout.ts";

/** Version of 表二 as printed (tables.t2.layout), else the report's detected version; null if neither is 2019/2021. */
export function t2Version(report: ParsedReport): TemplateVersion | null {
  const layout = report.tables.t2.layout;
  if (layout === "2019" || layout === "2021") return layout;
  const v = report.meta.templateVersion;
  return v === "2019" || v === "2021" ? v : null;
}

/** The 表二 cell keys to check: the version's cells, or (version unknown) the t2 keys the parser produced. */
export function t2Keys(report: ParsedReport): string[] {
  const version = t2Version(report);
  if (version !== null) return t2Cells(version).map((c) => c.key);
  return [...new Set([...Object.keys(report.figures), ...Object.keys(report.rawCells)])].filter((k) =>
    k.startsWith("t2."),
  );
}

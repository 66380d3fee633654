/**
 * The tables as `pdftotext -layout` prints a PDF: columns aligned with runs of spaces (positions are
 * character columns), long row labels wrapped over two or three lines with the numbers on the middle
 * line or on a line of their own, parent labels on a line of their own, column heads in a header band.
 */
import {
  T3_COLUMNS,
  T4_COLUMNS,
  T4_ROWS,
  type TableId,
  t2Blocks,
  t3Rows,
} from "../../extract/template/layout.ts";
import type { ReportSpec } from "./model.ts";
import { T3_CORNER } from "./tables.ts";

/** Characters per line of a wrapped label. */
const WRAP = 18;
/** Width of a value column (numbers right-aligned in it). */
const COLUMN = 8;

const pad = (text: string, width: number) => text + " ".repeat(Math.max(2, width - text.length));

function wrapLabel(label: string): string[] {
  if (label.length <= WRAP + 2) return [label];
  const parts = Math.ceil(label.length / WRAP);
  const size = Math.ceil(label.length / parts);
  const out: string[] = [];
  for (let i = 0; i < label.length; i += size) out.push(label.slice(i, i + size));
  return out;
}

function valuesText(values: readonly string[]): string {
  return values.map((v) => `  ${v.padStart(COLUMN - 2)}`).join("");
}

/** One row: the label (wrapped) at `indent`, its values starting at column `at`. */
function row(indent: number, label: string, values: readonly string[], at: number): string[] {
  const pieces = wrapLabel(label);
  const lead = " ".repeat(indent);
  const line = (text: string) => pad(lead + text, at) + valuesText(values);
  if (pieces.length === 1) return [line(pieces[0] as string)];
  if (pieces.length === 2) return [lead + pieces[0], " ".repeat(at) + valuesText(values), lead + pieces[1]];
  const middle = Math.floor(pieces.length / 2);
  return pieces.map((p, i) => (i === middle ? line(p) : lead + p));
}

function heads(labels: readonly string[], at: number): string {
  return " ".repeat(at) + labels.map((l) => l.padStart(COLUMN)).join("");
}

export function renderLayoutTable(table: TableId, spec: ReportSpec): string[] {
  const label = (t: string) => spec.labels[t] ?? t;
  const cell = (key: string) => spec.cells[key] ?? "";
  const out: string[] = [];
  if (table === "t2") {
    for (const block of t2Blocks(spec.version)) {
      out.push(label(block.heading));
      const columns = block.rows[0]?.columns ?? [];
      out.push(pad("信息内容", 24) + columns.map((c) => label(c.label)).join("    "));
      for (const def of block.rows) {
        out.push(
          ...row(
            0,
            label(def.label),
            def.columns.map((c) => cell(`t2.${def.key}.${c.key}`)),
            28,
          ),
        );
      }
    }
    return out;
  }
  if (table === "t3") {
    const at = 44;
    const header = () => {
      out.push(heads(["申请人情况"], at + COLUMN * 3));
      out.push(pad(label(T3_CORNER).slice(0, 24), at) + heads(["法人或其他组织"], COLUMN * 2).trimEnd());
      out.push(
        pad(label(T3_CORNER).slice(24), at) + T3_COLUMNS.map((c) => label(c.label).padStart(COLUMN)).join(""),
      );
    };
    header();
    let parent: string | undefined;
    const printed = new Set<string>();
    const rows = t3Rows(spec.otherSplit);
    rows.forEach((def, i) => {
      if (spec.text.t3SplitAt === i) {
        out.push("");
        if (spec.text.formFeed) out.push("\f");
        header();
      }
      if (def.parent && def.parent !== parent && !printed.has(def.parent)) {
        out.push(def.parent === "三、本年度办理结果" ? label(def.parent) : `   ${label(def.parent)}`);
        printed.add(def.parent);
      }
      parent = def.parent;
      const indent = def.parent === undefined ? 0 : def.parent === "三、本年度办理结果" ? 3 : 7;
      out.push(
        ...row(
          indent,
          label(def.label),
          T3_COLUMNS.map((c) => cell(`t3.${def.key}.${c.key}`)),
          at,
        ),
      );
    });
    return out;
  }
  const groupWidth = COLUMN * T4_COLUMNS.length;
  out.push(`${" ".repeat(COLUMN * 2)}行政复议${" ".repeat(groupWidth - 4)}行政诉讼`);
  out.push(`${" ".repeat(groupWidth + COLUMN * 2)}未经复议直接起诉${" ".repeat(groupWidth - 8)}复议后起诉`);
  out.push(T4_ROWS.map(() => T4_COLUMNS.map((c) => label(c.label).padStart(COLUMN)).join("")).join(""));
  out.push(T4_ROWS.map((r) => valuesText(T4_COLUMNS.map((c) => cell(`t4.${r.key}.${c.key}`)))).join(""));
  return out;
}

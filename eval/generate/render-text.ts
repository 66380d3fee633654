/**
 * Plain-text rendering with the noise of the seeds: tab-separated rows (001, 002), one cell per line
 * with tab indentation and blank lines between rows (003, a DOCX export), markdown headings and pipe
 * tables (000, 004), 表三 split with its header repeated (000, 001), a row that lost a cell (002),
 * glued digit strings, spaced header labels (001, 004), bookmarks, page numbers, social-media lines
 * and a markdown rule inside 表二 (000, 003, 004).
 */
import type { TableId } from "../../extract/template/layout.ts";
import type { Block, ReportSpec, TextStyle } from "./model.ts";
import type { Rng } from "./prng.ts";
import { renderLayoutTable } from "./render-layout.ts";
import { type Grid, type GridCell, gridMatrix, tableGrid } from "./tables.ts";

const SPACED: Readonly<Record<string, string>> = {
  自然人: "自然 人",
  商业企业: "商业 企业",
  科研机构: "科研 机构",
  社会公益组织: "社会 公益 组织",
  法律服务机构: "法律 服务 机构",
  法律服务: "法律 服务",
  其他: "其 他",
  结果维持: "结果 维持",
  结果纠正: "结果 纠正",
  其他结果: "其他 结果",
  尚未审结: "尚未 审结",
};

/** One printed row of a table as text cells (value cells carry their key). */
type Row = GridCell[];

/** Rows in slot order: real cells, and one empty cell where a cell from a row above continues (Word's vMerge). */
function rowsWithContinuations(widths: number, rows: readonly (readonly GridCell[])[]): Row[] {
  const owner: (number | undefined)[][] = rows.map(() => []);
  const out: Row[] = rows.map(() => []);
  let id = 0;
  const cellsById: GridCell[] = [];
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (owner[r]?.[c] !== undefined) c++;
      const me = id++;
      cellsById[me] = cell;
      for (let dr = 0; dr < (cell.rowSpan ?? 1); dr++) {
        for (let dc = 0; dc < (cell.colSpan ?? 1); dc++) {
          const target = owner[r + dr];
          if (target) target[c + dc] = me;
        }
      }
      c += cell.colSpan ?? 1;
    }
  });
  owner.forEach((slots, r) => {
    let previous: number | undefined;
    for (let c = 0; c < widths; c++) {
      const me = slots[c];
      if (me === undefined || me === previous) continue;
      previous = me;
      const startsHere = r === 0 || owner[r - 1]?.[c] !== me;
      out[r]?.push(startsHere ? (cellsById[me] as GridCell) : { text: "" });
    }
  });
  return out;
}

interface TextTable {
  readonly head: Row[];
  readonly body: Row[];
  readonly bodyKeys: readonly (string | null)[];
}

function applyNoise(grid: Grid, rows: Row[], style: TextStyle): Row[] {
  return rows.map((printed, i) => {
    const rowKey = grid.bodyKeys[i];
    const row = printed.map((c) =>
      c.key !== undefined && c.text === "" ? { ...c, text: style.blankMarker } : c,
    );
    if (!rowKey) return row;
    if (style.gluedRows.includes(rowKey)) {
      const values = row.filter((c) => c.key !== undefined);
      const labels = row.filter((c) => c.key === undefined);
      return [...labels, { text: values.map((c) => c.text).join(""), key: `${rowKey}.*` }];
    }
    return row.filter((c) => !(c.key !== undefined && style.lostCells.includes(c.key)));
  });
}

function spaced(rows: Row[], on: boolean): Row[] {
  if (!on) return rows;
  return rows.map((row) =>
    row.map((c) => (c.key === undefined && SPACED[c.text] ? { ...c, text: SPACED[c.text] as string } : c)),
  );
}

function textTable(table: TableId, spec: ReportSpec, style: TextStyle, slots: boolean): TextTable {
  const grid = tableGrid(table, {
    version: spec.version,
    otherSplit: spec.otherSplit,
    cells: spec.cells,
    label: (t) => spec.labels[t] ?? t,
  });
  const width = grid.widths.length;
  const all = [...grid.head, ...grid.body];
  const rows = slots ? gridMatrix(width, all) : rowsWithContinuations(width, all);
  const head = spaced(rows.slice(0, grid.head.length), style.spacedHeaders);
  const body = applyNoise(grid, rows.slice(grid.head.length), style);
  return { head, body, bodyKeys: grid.bodyKeys };
}

function trimRight(cells: readonly string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === "") end--;
  return cells.slice(0, end);
}

function renderTable(table: TableId, spec: ReportSpec, style: TextStyle): string[] {
  if (style.tables === "layout") return renderLayoutTable(table, spec);
  if (style.tables === "collapsed") return [collapsedTable(table, spec)];
  const out: string[] = [];
  const split = table === "t3" ? style.t3SplitAt : null;
  if (style.tables === "cellPerLine") {
    const t = textTable(table, spec, style, false);
    const emit = (row: Row) => {
      for (const c of row) out.push(`\t${c.text}`);
      out.push("");
    };
    t.head.forEach(emit);
    t.body.forEach((row, i) => {
      if (i === split) {
        if (style.formFeed) out.push("\f");
        t.head.forEach(emit);
      }
      emit(row);
    });
    return out;
  }
  const t = textTable(table, spec, style, true);
  if (style.tables === "pipe") {
    const line = (row: Row) => `| ${row.map((c) => c.text.replace(/\|/g, "\\|")).join(" | ")} |`;
    const rule = (row: Row) => `|${"---|".repeat(row.length)}`;
    const first = t.head[0] ?? t.body[0];
    const rest = t.head.length > 0 ? t.head.slice(1) : [];
    if (first) out.push(line(first), rule(first));
    for (const row of rest) out.push(line(row));
    t.body.forEach((row, i) => {
      if (t.head.length === 0 && i === 0) return;
      if (i === split) {
        out.push("");
        if (style.formFeed) out.push("\f");
        const [h0, ...hs] = t.head;
        if (h0) out.push(line(h0), rule(h0));
        for (const h of hs) out.push(line(h));
      }
      out.push(line(row));
    });
    return out;
  }
  const line = (row: Row) => trimRight(row.map((c) => c.text)).join("\t");
  for (const row of t.head) out.push(line(row));
  let rest: Row | null = null;
  t.body.forEach((printed, i) => {
    let row = printed;
    if (style.brokenLabel && split !== null && i === split - 1) {
      // Seed 001: "2.其他法律行政" before the page break, "法规禁止公开" after the repeated header.
      const at = row.reduce((last, c, j) => (c.key === undefined && c.text !== "" ? j : last), -1);
      const label = row[at]?.text ?? "";
      const cut = Math.ceil(label.length / 2);
      if (at >= 0 && label.length >= 10) {
        row = row.map((c, j) => (j === at ? { text: label.slice(0, cut) } : c));
        rest = row.slice(0, at + 1).map((_c, j) => (j === at ? { text: label.slice(cut) } : { text: "" }));
      }
    }
    if (i === split) {
      out.push("");
      for (const [j, h] of t.head.entries()) out.push(`${j === 0 && style.formFeed ? "\f" : ""}${line(h)}`);
      if (rest) out.push(line(rest));
    }
    if (table === "t4" && style.t4ExtraCell) row = [...row, { text: "0" }];
    out.push(line(row));
  });
  if (table === "t2" && style.debris) out.push("---------\t---");
  return out;
}

/**
 * A table as a web copy with its line breaks lost prints it: heads and labels glued, a row's cells glued
 * into one digit string where each is one digit (one reading), otherwise kept apart by single spaces.
 */
function collapsedTable(table: TableId, spec: ReportSpec): string {
  const t = textTable(table, spec, spec.text, true);
  const parts: string[] = [];
  for (const r of t.head) parts.push(r.map((c) => c.text).join(""));
  for (const r of t.body) {
    const labels = r.filter((c) => c.key === undefined).map((c) => c.text);
    const values = r.filter((c) => c.key !== undefined).map((c) => c.text);
    const glued = values.every((v) => /^\d$/.test(v));
    parts.push(labels.join("") + (glued ? values.join("") : values.join(" ")));
  }
  return parts.join("");
}

const SOCIAL = [
  "政务服务进社区，便民利民暖人心",
  "安全生产大检查，守护群众平安",
  "志愿服务在身边，文明实践暖人心",
];

export function renderText(spec: ReportSpec, rng: Rng): string {
  const style = spec.text;
  const md = style.headings === "markdown";
  const out: string[] = ["", ""];
  let paragraphsSincePage = 0;
  let page = 1;
  for (const block of spec.blocks) {
    switch (block.kind) {
      case "title":
        if (md) out.push(`## ${block.lines.join(" ")}`, "");
        else out.push(...block.lines, "");
        break;
      case "heading":
        out.push(md ? `${rng.pick(["##", "###", "####"])} ${block.text}` : block.text, "");
        break;
      case "subheading":
        out.push(md && rng.chance(0.5) ? `#### ${block.text}` : block.text, "");
        break;
      case "paragraph": {
        if (block.debris && block.section === 1 && style.debris) {
          out.push(block.text, "");
          break;
        }
        if (block.debris) break;
        const bookmark =
          style.debris && block.section === 5 && rng.chance(0.3) ? "[bookmark: _GoBack]  " : "";
        out.push(`${bookmark}${block.text}`, "");
        paragraphsSincePage++;
        if (style.debris && paragraphsSincePage > 6 && block.section !== 6) {
          out.push(String(page++), "");
          paragraphsSincePage = 0;
        }
        break;
      }
      case "table":
        out.push(...renderTable(block.table, spec, style), "");
        break;
      case "signature":
        out.push(...block.lines);
        break;
      default:
        block satisfies never;
    }
  }
  if (style.tables === "collapsed") return `${collapse(out)}\n`;
  return `${out.join("\n")}\n`;
}

/** The whole report on one line: lines joined without a break, as a web copy that lost them. */
function collapse(lines: readonly string[]): string {
  return lines
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .join("");
}

/** Social-media lines a PDF converter leaves in section 一 (seed 000), as text-only debris blocks. */
export function socialDebris(rng: Rng, year: number, name: string): Block[] {
  const lines: string[] = [`微社区e家通${name}`];
  for (let i = 0; i < 2; i++) {
    lines.push(
      `${year}年11月${rng.int(10, 28)}日 晚上${rng.int(18, 21)}:${String(rng.int(0, 59)).padStart(2, "0")}`,
    );
    lines.push(`${rng.pick(SOCIAL)} | ${name}`);
  }
  return lines.map((text) => ({ kind: "paragraph", section: 1, text, claims: [], totals: [], debris: true }));
}

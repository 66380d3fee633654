/**
 * Legacy Word reader (.doc, Word 97–2003, and .wps, WPS Office's binary format, which is the same Word
 * binary file in an OLE2 compound file), in-process and table-aware, from [MS-DOC]:
 * the piece table gives the text by character position, the paragraph properties (PAPX FKPs) say which
 * paragraphs are table cells and which mark a row's end (sprmPFTtp), and the row's table definition
 * (sprmTDefTable / sprmTVertMerge) gives vertical merges, so a row becomes a line with one cell per printed
 * cell, merged cells carry rowSpan/colSpan like the DOCX reader's, and the template parser sees the same model.
 *
 * Only the main document story is read (headers, footers, footnotes and comments are not report text).
 * Field codes are dropped, field results kept. Macros are never run: the reader only reads text.
 */
import CFB from "cfb";
import iconv from "iconv-lite";
import type { Cell, Document, DocumentInfo, Line } from "../document.ts";
import { joinBroken, normalizeText } from "./normalize-text.ts";
import { ReadError } from "./read-error.ts";

/** As the HTML reader does: normalised, runs of white space collapsed, trimmed. */
function clean(text: string): string {
  return normalizeText(text)
    .replace(/[ \t\f]+/g, " ")
    .trim();
}

/** What the OLE2 file holds when it is not a Word document, for the user's message. */
export type OleKind = "word" | "excel" | "powerpoint" | "encrypted_ooxml" | "other";

export interface OleCheck {
  readonly kind: OleKind;
  readonly macros: boolean;
}

function openOle(bytes: Uint8Array): CFB.CFB$Container {
  try {
    return CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: "buffer" });
  } catch (error) {
    throw new ReadError("corrupt", "doc", `OLE2 container: ${errorText(error)}`, { cause: error });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stream(ole: CFB.CFB$Container, name: string): Buffer | null {
  const entry = ole.FileIndex.find(
    (e, i) => e.type === 2 && ole.FullPaths[i]?.replace(/^[^/]*\//, "") === name,
  );
  if (!entry) return null;
  const content = entry.content as unknown as Buffer | number[];
  return Buffer.isBuffer(content) ? content : Buffer.from(content);
}

/** What kind of OLE2 file this is, and whether it carries a VBA project. */
export function classifyOle(ole: CFB.CFB$Container): OleCheck {
  const names = new Set(ole.FullPaths.map((p) => p.replace(/^[^/]*\//, "").replace(/\/$/, "")));
  const macros = [...names].some((n) => /^(Macros|_VBA_PROJECT_CUR)(\/|$)/.test(n));
  if (names.has("WordDocument")) return { kind: "word", macros };
  if (names.has("Workbook") || names.has("Book")) return { kind: "excel", macros };
  if (names.has("PowerPoint Document")) return { kind: "powerpoint", macros };
  if (names.has("EncryptedPackage")) return { kind: "encrypted_ooxml", macros };
  return { kind: "other", macros };
}

const USER_MESSAGES: Readonly<Record<Exclude<OleKind, "word">, string>> = {
  excel:
    "这是 Excel 97-2003 表格文件（.xls，可能被改了扩展名），不是年度报告正文，请提供报告的 Word、PDF 或 OFD 版本。",
  powerpoint:
    "这是 PowerPoint 97-2003 演示文稿（.ppt），不是年度报告正文，请提供报告的 Word、PDF 或 OFD 版本。",
  encrypted_ooxml: "文件已加密（Office 文档设置了打开密码），请提供未加密的版本。",
  other:
    "这是一个 OLE 复合文件，但不是 Word/WPS 文档，无法读取，请用 Word 或 WPS 另存为 .docx 或 PDF 后再上传。",
};

interface Piece {
  readonly cpStart: number;
  readonly cpEnd: number;
  /** Byte offset of the piece's first character in WordDocument. */
  readonly fc: number;
  /** One byte per character (cp1252-like) instead of UTF-16LE. */
  readonly compressed: boolean;
}

/** The piece table (Clx → Pcdt → PlcPcd) from the table stream. */
function readPieces(table: Buffer, fcClx: number, lcbClx: number): Piece[] {
  let at = fcClx;
  const end = fcClx + lcbClx;
  while (at < end && table[at] === 0x01) at += 3 + table.readInt16LE(at + 1); // Prc: skip grpprl
  if (table[at] !== 0x02) throw new ReadError("corrupt", "doc", "piece table (Pcdt) not found");
  const lcb = table.readUInt32LE(at + 1);
  const plc = table.subarray(at + 5, at + 5 + lcb);
  const n = (lcb - 4) / 12;
  if (!Number.isInteger(n) || n < 1) throw new ReadError("corrupt", "doc", `bad PlcPcd size ${lcb}`);
  const pieces: Piece[] = [];
  for (let i = 0; i < n; i++) {
    const raw = plc.readUInt32LE((n + 1) * 4 + i * 8 + 2);
    const compressed = (raw & 0x40000000) !== 0;
    const fc = raw & 0x3fffffff;
    pieces.push({
      cpStart: plc.readUInt32LE(i * 4),
      cpEnd: plc.readUInt32LE((i + 1) * 4),
      fc: compressed ? fc / 2 : fc,
      compressed,
    });
  }
  return pieces;
}

/** Windows-1252 bytes 0x80–0x9f that a compressed piece maps to Unicode ([MS-DOC] 2.4.1). */
const CP1252: Readonly<Record<number, number>> = {
  130: 0x201a,
  131: 0x0192,
  132: 0x201e,
  133: 0x2026,
  134: 0x2020,
  135: 0x2021,
  136: 0x02c6,
  137: 0x2030,
  138: 0x0160,
  139: 0x2039,
  140: 0x0152,
  145: 0x2018,
  146: 0x2019,
  147: 0x201c,
  148: 0x201d,
  149: 0x2022,
  150: 0x2013,
  151: 0x2014,
  152: 0x02dc,
  153: 0x2122,
  154: 0x0161,
  155: 0x203a,
  156: 0x0153,
  159: 0x0178,
};

/** The main story's characters, each with its byte position in WordDocument (to find its paragraph). */
function readChars(word: Buffer, pieces: readonly Piece[], ccpText: number): { code: number; fc: number }[] {
  const chars: { code: number; fc: number }[] = [];
  for (const piece of pieces) {
    for (let cp = piece.cpStart; cp < piece.cpEnd && cp < ccpText; cp++) {
      const k = cp - piece.cpStart;
      const fc = piece.compressed ? piece.fc + k : piece.fc + 2 * k;
      if (fc + (piece.compressed ? 1 : 2) > word.length)
        throw new ReadError("corrupt", "doc", "text runs past the end of the WordDocument stream");
      const byte = word[fc] ?? 0;
      const code = piece.compressed ? (CP1252[byte] ?? byte) : word.readUInt16LE(fc);
      chars.push({ code, fc });
    }
  }
  return chars;
}

interface ParaProps {
  inTable: boolean;
  /** This paragraph mark ends a table row. */
  ttp: boolean;
  /** Cell boundaries of the row (twips), from sprmTDefTable. */
  centers?: number[];
  /** Per cell: 0 none, 1 continues a vertical merge, 2 restarts one. */
  vmerge?: number[];
  /** Per cell: 1 when horizontally merged into the cell before (old-style fMerged). */
  hmerged?: boolean[];
}

interface ParaRun {
  readonly fcStart: number;
  readonly fcEnd: number;
  readonly props: ParaProps;
}

/** Operand length of a sprm, by its spra bits ([MS-DOC] 2.2.5.1), with the two variable-length exceptions. */
function operandLength(buf: Buffer, at: number, sprm: number): number {
  if (sprm === 0xd608) return at + 2 <= buf.length ? buf.readUInt16LE(at) + 1 : buf.length - at; // sprmTDefTable
  if (sprm === 0xc615) {
    // sprmPChgTabs: cb of 255 means the length is computed from its contents; rare in reports.
    const cb = buf[at] ?? 0;
    return cb === 255 ? buf.length - at : cb + 1;
  }
  switch ((sprm >> 13) & 7) {
    case 0:
    case 1:
      return 1;
    case 2:
    case 4:
    case 5:
      return 2;
    case 3:
      return 4;
    case 7:
      return 3;
    default:
      return (buf[at] ?? 0) + 1;
  }
}

function applySprms(grpprl: Buffer, props: ParaProps, data: Buffer | null): void {
  let at = 0;
  while (at + 2 <= grpprl.length) {
    const sprm = grpprl.readUInt16LE(at);
    at += 2;
    const len = operandLength(grpprl, at, sprm);
    const op = grpprl.subarray(at, at + len);
    switch (sprm) {
      case 0x2416: // sprmPFInTable
        props.inTable = op[0] === 1;
        break;
      case 0x2417: // sprmPFTtp
        props.ttp = op[0] === 1;
        break;
      case 0x6646: {
        // sprmPHugePapx: the properties live in the Data stream.
        const offset = op.readUInt32LE(0);
        if (data && offset + 2 <= data.length) {
          const cb = data.readUInt16LE(offset);
          applySprms(data.subarray(offset + 2, offset + 2 + cb), props, null);
        }
        break;
      }
      case 0xd608:
        readTDefTable(op, props);
        break;
      case 0xd62b: // sprmTVertMerge: itc, vertMerge (1 = continues, 3 = restarts)
        if (op.length >= 3 && props.vmerge) {
          const itc = op[1] ?? 0;
          const v = op[2] ?? 0;
          props.vmerge[itc] = v === 3 ? 2 : v === 1 ? 1 : 0;
        }
        break;
    }
    at += len;
  }
}

/** sprmTDefTable: itcMac, rgdxaCenter[itcMac+1], rgTc80[itcMac] (20 bytes each; the list may be short). */
function readTDefTable(op: Buffer, props: ParaProps): void {
  if (op.length < 3) return;
  const body = op.subarray(2);
  const itcMac = body[0] ?? 0;
  const centers: number[] = [];
  for (let i = 0; i <= itcMac && 1 + 2 * i + 2 <= body.length; i++) centers.push(body.readInt16LE(1 + 2 * i));
  const vmerge: number[] = [];
  const hmerged: boolean[] = [];
  const tcAt = 1 + 2 * (itcMac + 1);
  for (let i = 0; i < itcMac; i++) {
    const at = tcAt + 20 * i;
    const flags = at + 2 <= body.length ? body.readUInt16LE(at) : 0;
    hmerged.push((flags & 0x0002) !== 0);
    vmerge.push((flags & 0x0020) === 0 ? 0 : (flags & 0x0040) !== 0 ? 2 : 1);
  }
  props.centers = centers;
  props.vmerge = vmerge;
  props.hmerged = hmerged;
}

/** All paragraph runs of the file (PlcBtePapx → PapxFkp pages), by byte position in WordDocument. */
function readParaRuns(word: Buffer, table: Buffer, data: Buffer | null): ParaRun[] {
  const fcPlc = word.readUInt32LE(0x0102);
  const lcbPlc = word.readUInt32LE(0x0106);
  if (fcPlc + lcbPlc > table.length)
    throw new ReadError("corrupt", "doc", "PlcBtePapx past the table stream");
  const plc = table.subarray(fcPlc, fcPlc + lcbPlc);
  const n = (lcbPlc - 4) / 8;
  const runs: ParaRun[] = [];
  for (let i = 0; i < n; i++) {
    const page = plc.readUInt32LE((n + 1) * 4 + i * 4) & 0x3fffff;
    const fkp = word.subarray(page * 512, page * 512 + 512);
    if (fkp.length < 512)
      throw new ReadError("corrupt", "doc", "paragraph properties past the end of the file");
    const crun = fkp[511] ?? 0;
    for (let j = 0; j < crun; j++) {
      const props: ParaProps = { inTable: false, ttp: false };
      const bx = (fkp[(crun + 1) * 4 + j * 13] ?? 0) * 2;
      if (bx > 0) {
        const cb = fkp[bx] ?? 0;
        const start = cb !== 0 ? bx + 1 : bx + 2;
        const size = cb !== 0 ? 2 * cb - 1 : 2 * (fkp[bx + 1] ?? 0);
        const papx = fkp.subarray(start, start + size);
        // The first two bytes are the style index; the rest are sprms.
        applySprms(papx.subarray(2), props, data);
      }
      runs.push({ fcStart: fkp.readUInt32LE(j * 4), fcEnd: fkp.readUInt32LE((j + 1) * 4), props });
    }
  }
  return runs.sort((a, b) => a.fcStart - b.fcStart);
}

function propsAt(runs: readonly ParaRun[], fc: number): ParaProps | undefined {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const run = runs[mid] as ParaRun;
    if (fc < run.fcStart) hi = mid - 1;
    else if (fc >= run.fcEnd) lo = mid + 1;
    else return run.props;
  }
  return undefined;
}

/** Title, author and dates from the \u0005SummaryInformation property set. */
function summaryInfo(ole: CFB.CFB$Container): DocumentInfo {
  const buf = stream(ole, "\u0005SummaryInformation");
  if (!buf || buf.length < 48) return {};
  try {
    const section = buf.readUInt32LE(44);
    const count = buf.readUInt32LE(section + 4);
    let codepage = 1252;
    const props = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      props.set(buf.readUInt32LE(section + 8 + 8 * i), section + buf.readUInt32LE(section + 12 + 8 * i));
    }
    const cpAt = props.get(1);
    if (cpAt !== undefined && buf.readUInt32LE(cpAt) === 2) codepage = buf.readUInt16LE(cpAt + 4);
    const text = (pid: number): string | undefined => {
      const at = props.get(pid);
      if (at === undefined || buf.readUInt32LE(at) !== 0x1e) return undefined;
      const size = buf.readUInt32LE(at + 4);
      const raw = buf.subarray(at + 8, at + 8 + size);
      const encoding = codepage === 65001 ? "utf-8" : codepage === 936 ? "gb18030" : `cp${codepage}`;
      const value = iconv.encodingExists(encoding) ? iconv.decode(raw, encoding) : raw.toString("latin1");
      return value.replace(/\0+$/, "").trim() || undefined;
    };
    const date = (pid: number): string | undefined => {
      const at = props.get(pid);
      if (at === undefined || buf.readUInt32LE(at) !== 0x40) return undefined;
      const ticks = buf.readBigUInt64LE(at + 4);
      if (ticks === 0n) return undefined;
      const ms = Number(ticks / 10000n) - 11644473600000;
      return ms > 0 ? new Date(ms).toISOString() : undefined;
    };
    const info: Record<string, string> = {};
    for (const [key, value] of [
      ["title", text(2)],
      ["author", text(4)],
      ["created", date(12)],
      ["modified", date(13)],
    ] as const) {
      if (value) info[key] = value;
    }
    return info;
  } catch {
    return {};
  }
}

/** Characters a paragraph keeps: field codes dropped, specials mapped, objects counted. */
class TextBuilder {
  private fieldStack: boolean[] = [];
  text = "";
  objects = 0;

  push(code: number): void {
    if (code === 0x13) {
      this.fieldStack.push(true); // in the field code until 0x14
      return;
    }
    if (code === 0x14) {
      if (this.fieldStack.length) this.fieldStack[this.fieldStack.length - 1] = false;
      return;
    }
    if (code === 0x15) {
      this.fieldStack.pop();
      return;
    }
    if (this.fieldStack.some((inCode) => inCode)) return;
    if (code === 0x01 || code === 0x08) {
      this.objects++;
      return;
    }
    if (code === 0x0b || code === 0x0c || code === 0x0e) this.text += "\n";
    else if (code === 0x09) this.text += "\t";
    else if (code === 0x1e || code === 0x2011) this.text += "-";
    else if (code === 0xa0 || code === 0x3000) this.text += code === 0xa0 ? " " : "\u3000";
    else if (code >= 0x20 && code !== 0x1f) this.text += String.fromCharCode(code);
  }
}

interface RawRow {
  cells: string[];
  props: ParaProps;
}

type Block = { kind: "para"; text: string } | { kind: "row"; row: RawRow };

/** Paragraphs and table rows in order: \r ends a paragraph, \x07 a cell, a \x07 with fTtp a row. */
function blocks(
  chars: readonly { code: number; fc: number }[],
  runs: readonly ParaRun[],
): { blocks: Block[]; objects: number } {
  const out: Block[] = [];
  const builder = new TextBuilder();
  let cells: string[] = [];
  let cellText: string[] = [];
  for (const ch of chars) {
    if (ch.code !== 0x0d && ch.code !== 0x07) {
      builder.push(ch.code);
      continue;
    }
    const props = propsAt(runs, ch.fc) ?? { inTable: false, ttp: false };
    const text = builder.text;
    builder.text = "";
    if (ch.code === 0x07 && props.ttp) {
      out.push({ kind: "row", row: { cells, props } });
      cells = [];
      cellText = [];
    } else if (ch.code === 0x07) {
      cellText.push(text);
      cells.push(
        joinBroken(
          cellText
            .flatMap((t) => t.split("\n"))
            .map(clean)
            .filter((t) => t !== ""),
        ),
      );
      cellText = [];
    } else if (props.inTable) {
      cellText.push(text); // one more paragraph inside a cell
    } else {
      out.push({ kind: "para", text });
    }
  }
  if (builder.text) out.push({ kind: "para", text: builder.text });
  return { blocks: out, objects: builder.objects };
}

/**
 * Rows of one table into lines: a cell that continues a vertical merge is dropped and counted into the
 * rowSpan of the cell that started it; colSpan counts the table's grid columns (all rows' boundaries) a
 * cell covers, as Word's own DOCX export (gridSpan) does.
 */
function tableLines(rows: readonly RawRow[], table: number, firstLine: number): Line[] {
  // Grid lines: every row's cell boundaries, those within a point (20 twips) of each other taken as one.
  const sorted = [...new Set(rows.flatMap((r) => r.props.centers ?? []))].sort((a, b) => a - b);
  const column = new Map<number, number>();
  let last = Number.NEGATIVE_INFINITY;
  let index = -1;
  for (const x of sorted) {
    if (x - last > 20) index++;
    column.set(x, index);
    last = x;
  }
  const spans = rows.map((r) => r.cells.map(() => 1));
  rows.forEach((row, r) => {
    const vm = row.props.vmerge ?? [];
    row.cells.forEach((_, c) => {
      if (vm[c] !== 1) return;
      // Find the cell above at the same left edge that is still open.
      const x = row.props.centers?.[c];
      for (let up = r - 1; up >= 0; up--) {
        const above = rows[up] as RawRow;
        const k = above.props.centers?.indexOf(x ?? Number.NaN) ?? -1;
        if (k < 0 || k >= above.cells.length) break;
        if ((above.props.vmerge ?? [])[k] !== 1) {
          const spanRow = spans[up] as number[];
          spanRow[k] = (spanRow[k] ?? 1) + 1;
          break;
        }
      }
    });
  });
  return rows.map((row, r) => {
    const centers = row.props.centers ?? [];
    const vm = row.props.vmerge ?? [];
    const hm = row.props.hmerged ?? [];
    const cellsOut: Cell[] = [];
    row.cells.forEach((text, c) => {
      if (vm[c] === 1) return;
      if (hm[c] && cellsOut.length) {
        const last = cellsOut[cellsOut.length - 1] as Cell;
        cellsOut[cellsOut.length - 1] = { ...last, colSpan: (last.colSpan ?? 1) + 1 };
        return;
      }
      const left = centers[c];
      const right = centers[c + 1];
      const colSpan =
        left !== undefined && right !== undefined
          ? Math.max(1, (column.get(right) ?? 0) - (column.get(left) ?? 0))
          : 1;
      const rowSpan = (spans[r] as number[])[c] ?? 1;
      cellsOut.push({
        text,
        ...(colSpan > 1 ? { colSpan } : {}),
        ...(rowSpan > 1 ? { rowSpan } : {}),
      });
    });
    return { cells: cellsOut, page: 1, line: firstLine + r, table };
  });
}

export interface DocReadResult {
  readonly document: Document;
  /** The file carries a VBA project (never run; only its text is read). */
  readonly macros: boolean;
  /** Table rows read (0: the document has no tables, or the reader could not find them). */
  readonly tableRows: number;
}

/** Reads a Word 97–2003 / WPS binary document. Throws ReadError for anything it cannot read. */
export function readDocBinary(bytes: Uint8Array): DocReadResult {
  const ole = openOle(bytes);
  const kind = classifyOle(ole);
  if (kind.kind !== "word") {
    throw new ReadError(
      kind.kind === "encrypted_ooxml" ? "encrypted" : "corrupt",
      "doc",
      `OLE2 file is ${kind.kind}, not Word`,
      {
        userMessage: USER_MESSAGES[kind.kind],
      },
    );
  }
  const word = stream(ole, "WordDocument");
  if (!word || word.length < 0x01aa || word.readUInt16LE(0) !== 0xa5ec)
    throw new ReadError("corrupt", "doc", "WordDocument stream missing or without a Word 97 FIB");
  const flags = word.readUInt16LE(0x0a);
  if (flags & 0x0100) throw new ReadError("encrypted", "doc", "FIB fEncrypted is set");
  const table = stream(ole, flags & 0x0200 ? "1Table" : "0Table");
  if (!table) throw new ReadError("corrupt", "doc", "table stream missing");
  const data = stream(ole, "Data");
  const ccpText = word.readUInt32LE(0x004c);
  const fcClx = word.readUInt32LE(0x01a2);
  const lcbClx = word.readUInt32LE(0x01a6);
  if (fcClx + lcbClx > table.length || lcbClx === 0)
    throw new ReadError("corrupt", "doc", "piece table past the end of the table stream (truncated file?)");
  let chars: { code: number; fc: number }[];
  let runs: ParaRun[];
  try {
    chars = readChars(word, readPieces(table, fcClx, lcbClx), ccpText);
    runs = readParaRuns(word, table, data);
  } catch (error) {
    if (ReadError.isInstance(error)) throw error;
    throw new ReadError("corrupt", "doc", errorText(error), { cause: error });
  }
  const { blocks: list, objects } = blocks(chars, runs);
  const lines: Line[] = [];
  let tableId = 0;
  let tableRows = 0;
  for (let i = 0; i < list.length; ) {
    const block = list[i] as Block;
    if (block.kind === "para") {
      for (const part of block.text.split("\n")) {
        const text = clean(part);
        if (text) lines.push({ cells: [{ text }], page: 1, line: lines.length + 1 });
      }
      i++;
      continue;
    }
    const rows: RawRow[] = [];
    while (i < list.length && (list[i] as Block).kind === "row") {
      rows.push((list[i] as Extract<Block, { kind: "row" }>).row);
      i++;
    }
    tableId++;
    tableRows += rows.length;
    lines.push(...tableLines(rows, tableId, lines.length + 1));
  }
  const chars2 = lines.reduce(
    (n, l) => n + l.cells.reduce((m, c) => m + c.text.replace(/\s/g, "").length, 0),
    0,
  );
  if (objects > 0 && chars2 < 50)
    throw new ReadError("no_text_layer", "doc", `${chars2} characters of text, ${objects} picture(s)`);
  if (chars2 === 0) throw new ReadError("empty_text", "doc", "document body has no text");
  return {
    document: { format: "doc", pageCount: 1, lines, info: summaryInfo(ole) },
    macros: kind.macros,
    tableRows,
  };
}

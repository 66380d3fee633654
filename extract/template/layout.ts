/**
 * The fixed table layouts of the State Council template (rules.md §4–5), as data.
 *
 * Everything that knows "which cells exist" reads this file: the zod schema, the template parser,
 * the rules and the renderers. Canonical keys are part of the JSON contract: never rename one.
 */

export type TemplateVersion = "2019" | "2021";
export type TableId = "t2" | "t3" | "t4";

export const TABLE_NAMES: Record<TableId, string> = { t2: "表二", t3: "表三", t4: "表四" };

export type CellType = "count" | "signed" | "amount" | "amount_text";

export interface ColumnDef {
  readonly key: string;
  /** Printed header, as in the template. */
  readonly label: string;
  readonly type: CellType;
}

export interface RowDef {
  readonly key: string;
  /** Printed label of the row (without its parent heading). */
  readonly label: string;
  /** Printed parent heading, e.g. "（三）不予公开". */
  readonly parent?: string;
  readonly columns: readonly ColumnDef[];
}

export interface BlockDef {
  /** "第二十条第（一）项" etc. */
  readonly heading: string;
  readonly item: string;
  readonly rows: readonly RowDef[];
}

// ---------------------------------------------------------------- 表三

export const T3_COLUMNS: readonly ColumnDef[] = [
  { key: "natural_person", label: "自然人", type: "count" },
  { key: "business", label: "商业企业", type: "count" },
  { key: "research", label: "科研机构", type: "count" },
  { key: "nonprofit", label: "社会公益组织", type: "count" },
  { key: "legal_services", label: "法律服务机构", type: "count" },
  { key: "other", label: "其他", type: "count" },
  { key: "total", label: "总计", type: "count" },
];
export const T3_APPLICANT_COLUMNS = T3_COLUMNS.slice(0, 6).map((c) => c.key);

const t3 = (key: string, label: string, parent?: string): RowDef =>
  parent === undefined ? { key, label, columns: T3_COLUMNS } : { key, label, parent, columns: T3_COLUMNS };

const DENIED = "（三）不予公开";
const UNABLE = "（四）无法提供";
const NOT_PROCESSED = "（五）不予处理";
const OTHER = "（六）其他处理";

const T3_HEAD: readonly RowDef[] = [
  t3("new", "一、本年新收政府信息公开申请数量"),
  t3("carried_over", "二、上年结转政府信息公开申请数量"),
  t3("granted", "（一）予以公开", "三、本年度办理结果"),
  t3("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三、本年度办理结果"),
  t3("denied.state_secret", "1.属于国家秘密", DENIED),
  t3("denied.law_prohibited", "2.其他法律行政法规禁止公开", DENIED),
  t3("denied.three_safety_one_stability", "3.危及“三安全一稳定”", DENIED),
  t3("denied.third_party_rights", "4.保护第三方合法权益", DENIED),
  t3("denied.internal_affairs", "5.属于三类内部事务信息", DENIED),
  t3("denied.process_info", "6.属于四类过程性信息", DENIED),
  t3("denied.enforcement_file", "7.属于行政执法案卷", DENIED),
  t3("denied.administrative_query", "8.属于行政查询事项", DENIED),
  t3("unable.no_such_info", "1.本机关不掌握相关政府信息", UNABLE),
  t3("unable.need_creation", "2.没有现成信息需要另行制作", UNABLE),
  t3("unable.unclear_after_correction", "3.补正后申请内容仍不明确", UNABLE),
  t3("not_processed.petition_complaint", "1.信访举报投诉类申请", NOT_PROCESSED),
  t3("not_processed.duplicate", "2.重复申请", NOT_PROCESSED),
  t3("not_processed.publication", "3.要求提供公开出版物", NOT_PROCESSED),
  t3("not_processed.massive_repeated", "4.无正当理由大量反复申请", NOT_PROCESSED),
  t3("not_processed.confirm_reissue", "5.要求行政机关确认或重新出具已获取信息", NOT_PROCESSED),
];
const T3_TAIL: readonly RowDef[] = [
  t3("total_processed", "（七）总计", "三、本年度办理结果"),
  t3("carried_forward", "四、结转下年度继续办理"),
];
export const T3_OTHER_SINGLE: RowDef = t3("other_processing", "（六）其他处理", "三、本年度办理结果");
export const T3_OTHER_SPLIT: readonly RowDef[] = [
  t3(
    "other_processing.overdue_correction",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    OTHER,
  ),
  t3(
    "other_processing.overdue_fee",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    OTHER,
  ),
  t3("other_processing.other", "3.其他", OTHER),
];

/** Row layout of 表三: `split` = （六） printed as three sub-rows (2021 template). */
export function t3Rows(split: boolean): readonly RowDef[] {
  return split ? [...T3_HEAD, ...T3_OTHER_SPLIT, ...T3_TAIL] : [...T3_HEAD, T3_OTHER_SINGLE, ...T3_TAIL];
}

export const T3_GROUPS = {
  denied: T3_HEAD.filter((r) => r.key.startsWith("denied.")).map((r) => r.key),
  unable: T3_HEAD.filter((r) => r.key.startsWith("unable.")).map((r) => r.key),
  not_processed: T3_HEAD.filter((r) => r.key.startsWith("not_processed.")).map((r) => r.key),
  other_split: T3_OTHER_SPLIT.map((r) => r.key),
} as const;

// ---------------------------------------------------------------- 表四

export const T4_COLUMNS: readonly ColumnDef[] = [
  { key: "upheld", label: "结果维持", type: "count" },
  { key: "corrected", label: "结果纠正", type: "count" },
  { key: "other", label: "其他结果", type: "count" },
  { key: "pending", label: "尚未审结", type: "count" },
  { key: "total", label: "总计", type: "count" },
];
export const T4_ROWS: readonly RowDef[] = [
  { key: "review", label: "行政复议", columns: T4_COLUMNS },
  { key: "litigation_direct", label: "行政诉讼·未经复议直接起诉", columns: T4_COLUMNS },
  { key: "litigation_after_review", label: "行政诉讼·复议后起诉", columns: T4_COLUMNS },
];

// ---------------------------------------------------------------- 表二

const c = (key: string, label: string, type: CellType = "count"): ColumnDef => ({ key, label, type });

const T2_2021_DOC_COLS = [
  c("made", "本年制发件数"),
  c("repealed", "本年废止件数"),
  c("in_force", "现行有效件数"),
];
const T2_2021_DECISIONS = [c("decisions", "本年处理决定数量")];
export const T2_2021: readonly BlockDef[] = [
  {
    heading: "第二十条第（一）项",
    item: "（一）",
    rows: [
      { key: "regulations", label: "规章", columns: T2_2021_DOC_COLS },
      { key: "normative_documents", label: "行政规范性文件", columns: T2_2021_DOC_COLS },
    ],
  },
  {
    heading: "第二十条第（五）项",
    item: "（五）",
    rows: [{ key: "licensing", label: "行政许可", columns: T2_2021_DECISIONS }],
  },
  {
    heading: "第二十条第（六）项",
    item: "（六）",
    rows: [
      { key: "punishment", label: "行政处罚", columns: T2_2021_DECISIONS },
      { key: "coercion", label: "行政强制", columns: T2_2021_DECISIONS },
    ],
  },
  {
    heading: "第二十条第（八）项",
    item: "（八）",
    rows: [
      {
        key: "fees",
        label: "行政事业性收费",
        columns: [c("amount_wan_yuan", "本年收费金额（单位：万元）", "amount")],
      },
    ],
  },
];

const T2_2019_DOC_COLS = [
  c("new_made", "本年新制作数量"),
  c("new_published", "本年新公开数量"),
  c("total_published", "对外公开总数量"),
];
const T2_2019_ITEM_COLS = [
  c("prev_items", "上一年项目数量"),
  c("change", "本年增/减", "signed"),
  c("decisions", "处理决定数量"),
];
export const T2_2019: readonly BlockDef[] = [
  {
    heading: "第二十条第（一）项",
    item: "（一）",
    rows: [
      { key: "regulations", label: "规章", columns: T2_2019_DOC_COLS },
      { key: "normative_documents", label: "规范性文件", columns: T2_2019_DOC_COLS },
    ],
  },
  {
    heading: "第二十条第（五）项",
    item: "（五）",
    rows: [
      { key: "licensing", label: "行政许可", columns: T2_2019_ITEM_COLS },
      { key: "other_services", label: "其他对外管理服务事项", columns: T2_2019_ITEM_COLS },
    ],
  },
  {
    heading: "第二十条第（六）项",
    item: "（六）",
    rows: [
      { key: "punishment", label: "行政处罚", columns: T2_2019_ITEM_COLS },
      { key: "coercion", label: "行政强制", columns: T2_2019_ITEM_COLS },
    ],
  },
  {
    heading: "第二十条第（八）项",
    item: "（八）",
    rows: [
      {
        key: "fees",
        label: "行政事业性收费",
        columns: [c("prev_items", "上一年项目数量"), c("change", "本年增/减", "signed")],
      },
    ],
  },
  {
    heading: "第二十条第（九）项",
    item: "（九）",
    rows: [
      {
        key: "procurement",
        label: "政府集中采购",
        columns: [c("items", "采购项目数量"), c("total_amount", "采购总金额", "amount_text")],
      },
    ],
  },
];

export function t2Blocks(version: TemplateVersion): readonly BlockDef[] {
  return version === "2019" ? T2_2019 : T2_2021;
}

// ---------------------------------------------------------------- keys

export interface CellDef {
  readonly key: string;
  readonly table: TableId;
  readonly row: RowDef;
  readonly column: ColumnDef;
}

function cellsOf(table: TableId, rows: readonly RowDef[], prefix = table): CellDef[] {
  return rows.flatMap((row) =>
    row.columns.map((column) => ({ key: `${prefix}.${row.key}.${column.key}`, table, row, column })),
  );
}

// Built once: the rules ask for these lists many times per report (the cells of one table, by version).
const T2_CELLS: Readonly<Record<TemplateVersion, readonly CellDef[]>> = {
  "2019": cellsOf(
    "t2",
    T2_2019.flatMap((b) => b.rows),
  ),
  "2021": cellsOf(
    "t2",
    T2_2021.flatMap((b) => b.rows),
  ),
};
const T3_CELLS_SPLIT: readonly CellDef[] = cellsOf("t3", t3Rows(true));
const T3_CELLS_SINGLE: readonly CellDef[] = cellsOf("t3", t3Rows(false));

export function t2Cells(version: TemplateVersion): readonly CellDef[] {
  return T2_CELLS[version];
}
export function t3Cells(split: boolean): readonly CellDef[] {
  return split ? T3_CELLS_SPLIT : T3_CELLS_SINGLE;
}
export const T4_CELLS: readonly CellDef[] = cellsOf("t4", T4_ROWS);

const TEMPLATE_CELLS: Readonly<Record<TemplateVersion, readonly CellDef[]>> = {
  "2019": [...t2Cells("2019"), ...t3Cells(false), ...T4_CELLS],
  "2021": [...t2Cells("2021"), ...t3Cells(true), ...T4_CELLS],
};

/** All cells a report of this version must have (rules.md §4: 22/161/15 and 10/175/15). */
export function templateCells(version: TemplateVersion): readonly CellDef[] {
  return TEMPLATE_CELLS[version];
}

const CELL_INDEX = new Map<string, CellDef>();
for (const v of ["2019", "2021"] as const)
  for (const cell of templateCells(v)) CELL_INDEX.set(cell.key, cell);
for (const cell of t3Cells(true)) CELL_INDEX.set(cell.key, cell);
for (const cell of t3Cells(false)) CELL_INDEX.set(cell.key, cell);

/** Cell definition by canonical key (any version); undefined for unknown keys. */
export function cellDef(key: string): CellDef | undefined {
  return CELL_INDEX.get(key);
}

/** Every canonical key of either version. */
export function allKeys(): string[] {
  return [...CELL_INDEX.keys()];
}

/** "表三「（七）总计」总计" — how a message names a cell. */
export function cellLabel(key: string): string {
  const def = CELL_INDEX.get(key);
  if (!def) return key;
  return `${TABLE_NAMES[def.table]}「${def.row.label}」${def.column.label}`;
}

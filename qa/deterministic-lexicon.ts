/**
 * How people name the template's cells and the report's other facts in a question, as data: phrases
 * per row, column and topic (derived from the printed labels of extract/template/layout.ts plus common
 * wordings), and `parseQuestion`, which maps a question onto them by longest non-overlapping match.
 */
import {
  type RowDef,
  T2_2019,
  T2_2021,
  T3_COLUMNS,
  T4_COLUMNS,
  T4_ROWS,
  type TableId,
  t3Rows,
} from "../extract/template/layout.ts";

/** A row of one table; `group` rows stand for the sum of their members (（三）不予公开 …). */
export interface RowTerm {
  readonly table: TableId;
  readonly row: string;
  /** Member rows whose figures add up to this one (for group headings). */
  readonly members?: readonly string[];
  /** A weak phrase ("申请") yields to any other row match. */
  readonly weak?: boolean;
}

export interface ColumnTerm {
  readonly table: TableId;
  /** Column keys this phrase stands for (several: a sum such as 法人或其他组织). */
  readonly columns: readonly string[];
}

export type Topic =
  | { readonly kind: "findings"; readonly severity: "error" | "warning" | "notice" | null }
  | { readonly kind: "meta"; readonly field: "issuer" | "reportYear" | "templateVersion" | "publicationDate" }
  | { readonly kind: "help" };

type Entry =
  | { readonly type: "row"; readonly term: RowTerm }
  | { readonly type: "column"; readonly term: ColumnTerm }
  | { readonly type: "topic"; readonly topic: Topic }
  | { readonly type: "table"; readonly table: TableId };

/** "（一）予以公开" → "予以公开"; "一、本年新收…数量" → "本年新收…数量"; parenthetical remarks dropped. */
function core(label: string): string {
  const stripped = label
    .normalize("NFKC")
    .replace(/^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、])/, "")
    .replace(/\(.*?\)/g, "")
    .replace(/[“”"]/g, "");
  return normalizeQuestion(stripped);
}

const T3_ROW_WORDS: Record<string, readonly string[]> = {
  new: ["本年新收", "新收", "收到申请", "收到的申请", "受理", "申请总数", "申请数量", "申请数", "申请量"],
  carried_over: [
    "上年结转",
    "上一年结转",
    "去年结转",
    "上年度结转",
    "以前年度结转",
    "上年遗留",
    "去年转过来",
    "去年转来",
    "上年转来",
    "上年转过来",
    "去年没办完",
    "去年剩下",
  ],
  granted: ["予以公开", "全部公开", "同意公开"],
  partially_granted: ["部分公开", "区分处理"],
  "denied.state_secret": ["国家秘密"],
  "denied.law_prohibited": ["法律行政法规禁止", "法律法规禁止", "禁止公开"],
  "denied.three_safety_one_stability": ["三安全一稳定", "三安全"],
  "denied.third_party_rights": ["第三方合法权益", "第三方"],
  "denied.internal_affairs": ["内部事务"],
  "denied.process_info": ["过程性信息", "过程性"],
  "denied.enforcement_file": ["行政执法案卷", "执法案卷"],
  "denied.administrative_query": ["行政查询"],
  "unable.no_such_info": ["不掌握相关政府信息", "不掌握"],
  "unable.need_creation": ["另行制作", "没有现成信息"],
  "unable.unclear_after_correction": ["补正后申请内容仍不明确", "仍不明确", "补正后"],
  "not_processed.petition_complaint": ["信访举报投诉", "信访"],
  "not_processed.duplicate": ["重复申请"],
  "not_processed.publication": ["公开出版物", "出版物"],
  "not_processed.massive_repeated": ["大量反复", "反复申请"],
  "not_processed.confirm_reissue": ["重新出具", "确认或重新出具"],
  "other_processing.overdue_correction": ["逾期不补正", "不补正"],
  "other_processing.overdue_fee": ["逾期未按收费通知", "缴纳费用", "逾期未缴费", "未缴费"],
  total_processed: ["办理结果总计", "办理结果", "办结", "处理结果总计", "办理总数", "总计办理"],
  carried_forward: [
    "结转下年",
    "结转下一年",
    "结转到下年",
    "结转至下年",
    "继续办理",
    "结转明年",
    "结转到明年",
    "转到明年",
    "转到下一年",
    "留到明年",
    "明年接着办",
    "明年继续办",
  ],
};

const T3_GROUP_WORDS: Record<string, readonly string[]> = {
  denied: ["不予公开", "不公开"],
  unable: ["无法提供"],
  not_processed: ["不予处理"],
  other_processing: ["其他处理"],
};

const T3_COLUMN_WORDS: Record<string, readonly string[]> = {
  natural_person: ["自然人", "个人", "公民", "群众"],
  business: ["商业企业", "企业", "公司"],
  research: ["科研机构", "科研"],
  nonprofit: ["社会公益组织", "公益组织", "公益"],
  legal_services: ["法律服务机构", "法律服务", "律师", "律所"],
  other: ["其他申请人", "其他组织申请", "其他主体"],
};

const TOTAL_WORDS = ["总计", "合计", "总数", "总共", "一共", "共计", "总量"];

const T4_ROW_WORDS: Record<string, readonly string[]> = {
  review: ["行政复议", "复议"],
  litigation_direct: ["未经复议直接起诉", "未经复议", "直接起诉", "直接诉讼"],
  litigation_after_review: ["复议后起诉", "经复议后起诉", "复议后诉讼", "复议后"],
};

const T4_COLUMN_WORDS: Record<string, readonly string[]> = {
  upheld: ["结果维持", "维持"],
  corrected: ["结果纠正", "纠正"],
  other: ["其他结果"],
  pending: ["尚未审结", "未审结", "未结"],
};

const T2_ROW_WORDS: Record<string, readonly string[]> = {
  regulations: ["规章"],
  normative_documents: ["行政规范性文件", "规范性文件"],
  licensing: ["行政许可", "许可"],
  other_services: ["其他对外管理服务事项", "对外管理服务"],
  punishment: ["行政处罚", "处罚"],
  coercion: ["行政强制", "强制"],
  fees: ["行政事业性收费", "收费"],
  procurement: ["政府集中采购", "集中采购", "采购"],
};

const T2_COLUMN_WORDS: Record<string, readonly string[]> = {
  made: ["本年制发", "制发", "新制定", "印发"],
  repealed: ["本年废止", "废止"],
  in_force: ["现行有效", "有效"],
  new_made: ["新制作", "制作"],
  new_published: ["新公开"],
  total_published: ["对外公开总数", "公开总数"],
  prev_items: ["上一年项目", "上年项目"],
  change: ["增减", "增/减", "增加", "减少", "变化"],
  decisions: ["处理决定", "决定"],
  // Not a bare "金额" or "多少钱": 「财政预算多少钱」 is not 表二's fee amount.
  amount_wan_yuan: ["收费金额", "收费多少", "收了多少费"],
  items: ["采购项目", "项目数"],
  total_amount: ["采购总金额", "采购金额", "总金额"],
};

const TOPIC_WORDS: readonly (readonly [Topic, readonly string[]])[] = [
  [{ kind: "findings", severity: "error" }, ["错误", "出错", "错在"]],
  [{ kind: "findings", severity: "warning" }, ["警告"]],
  [{ kind: "findings", severity: "notice" }, ["提示"]],
  [
    { kind: "findings", severity: null },
    ["问题", "审核发现", "发现了什么", "审核结果", "毛病", "不一致", "对不上", "勾稽", "不平衡"],
  ],
  [
    { kind: "meta", field: "issuer" },
    ["发布机关", "哪个单位", "哪个机关", "什么单位", "谁发布", "机关", "单位"],
  ],
  [{ kind: "meta", field: "reportYear" }, ["报告年度", "哪一年", "哪年", "年度", "年份"]],
  [{ kind: "meta", field: "templateVersion" }, ["模板", "版本", "格式版本"]],
  [{ kind: "meta", field: "publicationDate" }, ["落款", "发布日期", "发布时间", "日期", "什么时候"]],
  [{ kind: "help" }, ["能问什么", "可以问什么", "怎么问", "帮助", "help"]],
];

function buildLexicon(): [string, Entry][] {
  const out: [string, Entry][] = [];
  const add = (phrases: readonly string[], entry: Entry) => {
    for (const p of phrases) if (p.length > 0) out.push([normalizeQuestion(p), entry]);
  };
  const rowsOf = (table: TableId, rows: readonly RowDef[], words: Record<string, readonly string[]>) => {
    for (const row of rows) {
      // "（七）总计" would read every "总计" as that row: the column word wins.
      const label = core(row.label);
      const phrases = TOTAL_WORDS.includes(label) ? [] : [label];
      add([...phrases, ...(words[row.key] ?? [])], { type: "row", term: { table, row: row.key } });
    }
  };
  rowsOf("t3", t3Rows(true), T3_ROW_WORDS);
  for (const [group, words] of Object.entries(T3_GROUP_WORDS)) {
    const members = t3Rows(true)
      .filter((r) => r.key.startsWith(`${group}.`))
      .map((r) => r.key);
    add(words, { type: "row", term: { table: "t3", row: group, members } });
  }
  add(["申请"], { type: "row", term: { table: "t3", row: "new", weak: true } });
  add(["结转"], { type: "row", term: { table: "t3", row: "carried_over", weak: true } });
  add(["结转"], { type: "row", term: { table: "t3", row: "carried_forward", weak: true } });
  for (const col of T3_COLUMNS.slice(0, 6))
    add([col.label, ...(T3_COLUMN_WORDS[col.key] ?? [])], {
      type: "column",
      term: { table: "t3", columns: [col.key] },
    });
  add(["法人或其他组织", "法人"], {
    type: "column",
    term: { table: "t3", columns: T3_COLUMNS.slice(1, 6).map((c) => c.key) },
  });
  rowsOf("t4", T4_ROWS, T4_ROW_WORDS);
  add(["行政诉讼", "诉讼", "起诉"], {
    type: "row",
    term: { table: "t4", row: "litigation", members: ["litigation_direct", "litigation_after_review"] },
  });
  for (const col of T4_COLUMNS.slice(0, 4))
    add([col.label, ...(T4_COLUMN_WORDS[col.key] ?? [])], {
      type: "column",
      term: { table: "t4", columns: [col.key] },
    });
  // Both versions: a row key may exist in both with different columns (规章: 制发/废止 vs 新制作/新公开).
  const bothT2 = [...T2_2021, ...T2_2019].flatMap((block) => block.rows);
  rowsOf("t2", [...new Map(bothT2.map((row) => [row.key, row])).values()], T2_ROW_WORDS);
  const t2Columns = new Map<string, string>();
  for (const row of bothT2) for (const col of row.columns) t2Columns.set(col.key, col.label);
  for (const [key, label] of t2Columns)
    add([core(label), ...(T2_COLUMN_WORDS[key] ?? [])], {
      type: "column",
      term: { table: "t2", columns: [key] },
    });
  for (const table of ["t3", "t4"] as const)
    add(TOTAL_WORDS, { type: "column", term: { table, columns: ["total"] } });
  for (const [topic, words] of TOPIC_WORDS) add(words, { type: "topic", topic });
  // Longest phrase first: "复议后起诉" must win over "复议", "予以公开" over "公开".
  return out.sort((a, b) => b[0].length - a[0].length);
}

let lexicon: [string, Entry][] | undefined;

/** NFKC (full-width digits and brackets), no spaces or question marks, table numbers in Chinese. */
export function normalizeQuestion(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s?？!！。，,、：:；;]+/g, "")
    .replace(/表([234])/g, (_, d: string) => `表${"二三四"[Number(d) - 2]}`)
    .replace(/（/g, "(")
    .replace(/）/g, ")");
}

export interface ParsedQuestion {
  /** The table named in the question ("表三"), if any. */
  readonly table: TableId | null;
  readonly rows: readonly RowTerm[];
  readonly columns: readonly ColumnTerm[];
  readonly topics: readonly Topic[];
}

/** Longest non-overlapping phrase matches of the question, grouped by kind. */
export function parseQuestion(question: string): ParsedQuestion {
  lexicon ??= buildLexicon();
  let q = normalizeQuestion(question);
  const tableMatch = /表([二三四])/.exec(q);
  const table: TableId | null = tableMatch
    ? (`t${"二三四".indexOf(tableMatch[1] ?? "") + 2}` as TableId)
    : null;
  q = q.replace(/表[二三四]/g, "\u0000");
  const rows: RowTerm[] = [];
  const columns: ColumnTerm[] = [];
  const topics: Topic[] = [];
  const taken = new Array<boolean>(q.length).fill(false);
  for (const [phrase] of lexicon) {
    let from = 0;
    for (;;) {
      const at = q.indexOf(phrase, from);
      if (at < 0) break;
      from = at + 1;
      if (taken.slice(at, at + phrase.length).some(Boolean)) continue;
      // The same span may carry several readings of one phrase ("结转" is two rows): claim it after the group.
      const sameSpan = lexicon.filter(([p]) => p === phrase).map(([, e]) => e);
      for (let i = at; i < at + phrase.length; i++) taken[i] = true;
      for (const e of sameSpan) {
        if (e.type === "row") rows.push(e.term);
        else if (e.type === "column") columns.push(e.term);
        else if (e.type === "topic") topics.push(e.topic);
      }
      break;
    }
  }
  return { table, rows: dedupe(rows), columns: dedupe(columns), topics: dedupe(topics) };
}

function dedupe<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

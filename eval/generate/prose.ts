/**
 * The prose of a report: the preamble and the six sections, restating the table figures the way the
 * real reports do (seeds 000–004): applications received, answered and carried forward in 一（二）,
 * 行政复议/行政诉讼, documents and decisions in 一（一）, the fee triple in 六. Each paragraph lists
 * the figures it restates (claims) and its totals with parts, so that the oracle knows what a careful
 * reader finds in it.
 */
import type { TemplateVersion } from "../../extract/template/layout.ts";
import type { Figures } from "./figures.ts";
import type { Issuer } from "./issuers.ts";
import type { Block, Claim, FeeStatement, ProseTotal } from "./model.ts";
import type { Rng } from "./prng.ts";

/** Changes the defects make to the prose (each off by default). */
export interface ProseOptions {
  /** Printed prose value of a claim key, when it must differ from the table (TEXT-* defects). */
  readonly proseValue?: Readonly<Record<string, number>>;
  /** Year printed in the applications sentence (META-YEAR defect). */
  readonly applicationsYear?: number;
  /** Year of the statistical period in the preamble (META-YEAR defect). */
  readonly periodYear?: number;
  /** Year with which the preamble names the report itself (META-YEAR defect). */
  readonly reportNameYear?: number;
  /** How section 六 states 信息处理费 (Y ≥ 2021): the triple, collected only, or not at all. */
  readonly fee?: "triple" | "collected-only" | "none";
  /** Number of 收费通知 printed instead of the true one (FEE-NOTICE defect). */
  readonly feeNotices?: number;
  /** Leave out the 考核/评议/追究 sentence (CONTENT-ART50). */
  readonly omitSystems?: boolean;
  /** Add this to the total of the 主动公开 sentence, so that its parts no longer add up (TEXT-SELF). */
  readonly selfTotalError?: number;
  /** The applications paragraph counts 新收 + 上年结转 together (seed 002; TEXT-T3-NEW notice). */
  readonly newPlusCarried?: boolean;
  /** Leave the list of results out of the 办结 sentence. */
  readonly noResultList?: boolean;
}

export interface ProseInput {
  readonly rng: Rng;
  readonly issuer: Issuer;
  readonly year: number;
  /** Template version of the tables (the prose names 表二 measures accordingly). */
  readonly version: TemplateVersion;
  /** True figures with （六） split (the prose restates them). */
  readonly truth: Figures;
  /** 信息处理费 prose applies (Y ≥ 2021). */
  readonly fees: boolean;
  /** The fee statement's true values (notices ≥ （六）2). */
  readonly feeTruth: { readonly notices: number; readonly amount: number; readonly collected: number };
  readonly options: ProseOptions;
}

export const SECTION_HEADINGS: Readonly<Record<number, readonly string[]>> = {
  1: ["总体情况"],
  2: ["主动公开政府信息情况"],
  3: ["收到和处理政府信息公开申请情况"],
  4: [
    "政府信息公开行政复议、行政诉讼情况",
    "政府信息公开行政复议及行政诉讼情况",
    "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
  ],
  5: ["存在的主要问题及改进情况"],
  6: ["其他需要报告的事项", "其他需报告的事项"],
};
const CN = ["", "一", "二", "三", "四", "五", "六"];

interface Para {
  text: string;
  claims: Claim[];
  totals: ProseTotal[];
  fee?: FeeStatement;
  systems?: string[];
}

const para = (text: string, claims: Claim[] = [], totals: ProseTotal[] = []): Para => ({
  text,
  claims,
  totals,
});

function toBlock(section: number, p: Para): Block {
  return {
    kind: "paragraph",
    section,
    text: p.text,
    claims: p.claims,
    totals: p.totals,
    ...(p.fee ? { fee: p.fee } : {}),
    ...(p.systems ? { systems: p.systems } : {}),
  };
}

function v(f: Figures, key: string): number {
  const value = f[key];
  if (value === undefined) throw new Error(`prose: no figure ${key}`);
  return value;
}

/** Split n into k non-negative parts (for categories of 主动公开). */
function splitInto(rng: Rng, n: number, k: number): number[] {
  const cuts = Array.from({ length: k - 1 }, () => rng.int(0, n)).sort((a, b) => a - b);
  const parts: number[] = [];
  let prev = 0;
  for (const c of cuts) {
    parts.push(c - prev);
    prev = c;
  }
  parts.push(n - prev);
  return parts;
}

const CATEGORIES = [
  "工作动态类信息",
  "通知公告类信息",
  "政策文件类信息",
  "财政预决算类信息",
  "人事信息",
  "办事服务类信息",
  "重点领域信息",
];

/** 一（一）: 主动公开 counts, documents and decisions (TEXT-T2 claims). */
function activeDisclosure(input: ProseInput): Para[] {
  const { rng, issuer, year, truth, options } = input;
  const out: Para[] = [];
  const n = rng.int(20, 900);
  const k = rng.int(2, 5);
  const names = rng.shuffle(CATEGORIES).slice(0, k - 1);
  const exhaustive = rng.chance(0.6);
  const parts = splitInto(rng, exhaustive ? n : n - rng.int(0, Math.min(30, n)), k);
  const labels = [
    ...names,
    exhaustive ? "其他信息" : (rng.pick(CATEGORIES.filter((c) => !names.includes(c))) ?? "其他信息"),
  ];
  // TEXT-SELF defect: a total below the sum of its parts (wrong whatever the list's completeness).
  const printedTotal =
    options.selfTotalError === undefined ? n : parts.reduce((a, b) => a + b, 0) + options.selfTotalError;
  const list = labels.map((label, i) => `${label}${parts[i]}条`).join("，");
  out.push(
    para(
      `${year}年，${issuer.self}通过${issuer.portal}主动公开政府信息${printedTotal}条，其中${list}。`,
      [],
      [{ total: printedTotal, unit: "条", parts, exhaustive }],
    ),
  );
  if (rng.chance(0.5)) {
    out.push(para(`依托政务新媒体平台发布各类信息${rng.int(30, 900)}篇，及时回应社会关切。`));
  }
  // 表二 measures restated in prose.
  const docs: string[] = [];
  const claims: Claim[] = [];
  const value = (key: string) => options.proseValue?.[key] ?? v(truth, key);
  const made = input.version === "2021" ? "t2.normative_documents.made" : "t2.normative_documents.new_made";
  const forced = (key: string) => options.proseValue?.[key] !== undefined;
  if ((v(truth, made) > 0 && rng.chance(0.7)) || forced("t2.normative_documents.made")) {
    const n = options.proseValue?.["t2.normative_documents.made"] ?? v(truth, made);
    docs.push(`${input.version === "2021" ? "制发" : "新制作"}行政规范性文件${n}件`);
    claims.push({ key: "t2.normative_documents.made", value: n, year });
  }
  const decisions = [
    ["licensing", "行政许可决定"],
    ["punishment", "行政处罚决定"],
    ["coercion", "行政强制决定"],
  ] as const;
  const stated = decisions.filter(
    ([row]) => (v(truth, `t2.${row}.decisions`) > 0 && rng.chance(0.6)) || forced(`t2.${row}.decisions`),
  );
  if (stated.length > 0) {
    docs.push(
      `作出${stated
        .map(([row, label]) => {
          const key = `t2.${row}.decisions`;
          claims.push({ key, value: value(key), year });
          return `${label}${value(key)}件`;
        })
        .join("、")}`,
    );
  }
  if (docs.length > 0)
    out.push(para(`${year}年，${issuer.self}${docs.join("，")}，均已按规定主动公开。`, claims));
  return out;
}

const RESULT_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ["t3.granted.total", "予以公开"],
  ["t3.partially_granted.total", "部分公开"],
  ["t3.denied.*", "不予公开"],
  ["t3.unable.*", "无法提供"],
  ["t3.not_processed.*", "不予处理"],
  ["t3.other_processing.*", "其他处理"],
];

function groupSum(f: Figures, expr: string): number {
  const group = /^t3\.([a-z_]+)\.\*$/.exec(expr)?.[1];
  if (!group) return v(f, expr);
  return Object.entries(f)
    .filter(([k]) => k.startsWith(`t3.${group}.`) && k.endsWith(".total") && k.split(".").length === 4)
    .reduce((s, [, x]) => s + x, 0);
}

/** 一（二）: applications received, answered, carried forward; reviews and lawsuits. */
function applications(input: ProseInput): Para[] {
  const { rng, issuer, year, truth, options } = input;
  const value = (key: string, actual: number) => options.proseValue?.[key] ?? actual;
  const y = options.applicationsYear ?? year;
  const fresh = v(truth, "t3.new.total");
  const carried = v(truth, "t3.carried_over.total");
  const done = v(truth, "t3.total_processed.total");
  const forward = v(truth, "t3.carried_forward.total");
  const out: Para[] = [];
  const results = RESULT_PHRASES.map(([key, label]) => [key, label, groupSum(truth, key)] as const).filter(
    ([, , n]) => n > 0,
  );

  if (options.newPlusCarried && carried > 0) {
    // Seed 002: "共收到…申请59宗，其中予以公开23宗，…，结转下年度继续办理5宗" (59 = 新收 + 上年结转).
    const parts = results.map(([key, label, n]) => ({ key, label, n: value(key, n) }));
    const all = value("t3.new.total", fresh + carried);
    const list = [
      ...parts.map((p) => `${p.label}${p.n}宗`),
      ...(forward > 0 ? [`结转下年度继续办理${value("t3.carried_forward.total", forward)}宗`] : []),
    ];
    const claims: Claim[] = [
      { key: "t3.new.total", value: all, year: y },
      ...parts.map((p) => ({ key: p.key, value: p.n, year: y })),
      ...(forward > 0
        ? [{ key: "t3.carried_forward.total", value: value("t3.carried_forward.total", forward), year: y }]
        : []),
    ];
    out.push(
      para(`${y}年共收到政府信息公开申请${all}宗，其中${list.join("，")}。`, claims, [
        {
          total: all,
          unit: "宗",
          parts: [
            ...parts.map((p) => p.n),
            ...(forward > 0 ? [value("t3.carried_forward.total", forward)] : []),
          ],
          exhaustive: false,
        },
      ]),
    );
  } else if (fresh === 0 && carried === 0 && options.proseValue === undefined) {
    out.push(
      para(`${y}年，${issuer.self}未收到政府信息公开申请。`, [
        { key: "t3.new.total", value: value("t3.new.total", 0), year: y },
      ]),
    );
  } else if (
    carried === 0 &&
    done === fresh - forward &&
    rng.chance(0.3) &&
    options.proseValue === undefined
  ) {
    // Seed 003: "接到信息公开申请6次，其中6件已办结。"
    const claims: Claim[] = [
      { key: "t3.new.total", value: value("t3.new.total", fresh), year: y },
      { key: "t3.total_processed.total", value: value("t3.total_processed.total", done), year: y },
    ];
    let text = `${y}年度${issuer.self}接到政府信息公开申请${value("t3.new.total", fresh)}次，其中${value("t3.total_processed.total", done)}件已办结`;
    if (forward > 0) {
      text += `，${value("t3.carried_forward.total", forward)}件结转下年度继续办理`;
      claims.push({
        key: "t3.carried_forward.total",
        value: value("t3.carried_forward.total", forward),
        year: y,
      });
    }
    out.push(para(`${text}。`, claims));
  } else {
    const claims: Claim[] = [{ key: "t3.new.total", value: value("t3.new.total", fresh), year: y }];
    const received = rng.pick(["共收到", "共受理", "新收", "共接到"]);
    let first = `${y}年，${issuer.self}${received}政府信息公开申请${value("t3.new.total", fresh)}件`;
    if (fresh === 0 && options.proseValue?.["t3.new.total"] === undefined) {
      first = `${y}年，${issuer.self}未收到新的政府信息公开申请`;
      claims[0] = { key: "t3.new.total", value: 0, year: y };
    }
    if (carried > 0 || options.proseValue?.["t3.carried_over.total"] !== undefined) {
      first += `，上年结转政府信息公开申请${value("t3.carried_over.total", carried)}件`;
      claims.push({ key: "t3.carried_over.total", value: value("t3.carried_over.total", carried), year: y });
    }
    out.push(para(`${first}。`, claims));
    if (done > 0 || options.proseValue?.["t3.total_processed.total"] !== undefined) {
      const doneValue = value("t3.total_processed.total", done);
      const doneClaims: Claim[] = [{ key: "t3.total_processed.total", value: doneValue, year: null }];
      let text = `${rng.pick(["全年共办结", "全年共答复", "本年度办结"])}政府信息公开申请${doneValue}件`;
      const totals: ProseTotal[] = [];
      if (!options.noResultList && results.length > 1) {
        const parts = results.map(([key, label, n]) => ({ key, label, n: value(key, n) }));
        text += `，其中${parts.map((p) => `${p.label}${p.n}件`).join("，")}`;
        for (const p of parts) doneClaims.push({ key: p.key, value: p.n, year: null });
        totals.push({
          total: doneValue,
          unit: "件",
          parts: parts.map((p) => p.n),
          exhaustive: (parts.at(-1)?.label ?? "").includes("其他"),
        });
      }
      out.push(para(`${text}。`, doneClaims, totals));
    }
    if (forward > 0 || options.proseValue?.["t3.carried_forward.total"] !== undefined) {
      const n = value("t3.carried_forward.total", forward);
      out.push(
        para(`另有${n}件申请结转下年度继续办理。`, [
          { key: "t3.carried_forward.total", value: n, year: null },
        ]),
      );
    }
  }

  // 行政复议 and 行政诉讼 (TEXT-T4).
  const review = v(truth, "t4.review.total");
  const lawsuits = v(truth, "t4.litigation_direct.total") + v(truth, "t4.litigation_after_review.total");
  const reviewValue = value("t4.review.total", review);
  const lawsuitKey = "t4.litigation_direct.total+t4.litigation_after_review.total";
  const lawsuitValue = value(lawsuitKey, lawsuits);
  if (reviewValue === 0 && lawsuitValue === 0) {
    out.push(
      para(`${year}年，${issuer.self}未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。`, [
        { key: "t4.review.total", value: 0, year },
        { key: lawsuitKey, value: 0, year },
      ]),
    );
  } else {
    const r = reviewValue > 0 ? `被申请行政复议${reviewValue}件` : "未被申请行政复议";
    const l = lawsuitValue > 0 ? `被提起行政诉讼${lawsuitValue}件` : "未被提起行政诉讼";
    out.push(
      para(`${year}年，${issuer.self}因政府信息公开工作${r}，${l}。`, [
        { key: "t4.review.total", value: reviewValue, year },
        { key: lawsuitKey, value: lawsuitValue, year },
      ]),
    );
    const corrected = v(truth, "t4.review.corrected");
    const litCorrected =
      v(truth, "t4.litigation_direct.corrected") + v(truth, "t4.litigation_after_review.corrected");
    if (corrected > 0 && litCorrected === 0) {
      // The sentence names 行政复议: its 纠正 is that group's (issue 12: each figure belongs to its own group).
      const key = "t4.review.corrected";
      const n = value(key, corrected);
      out.push(para(`行政复议结果纠正${n}件，${issuer.self}已按要求整改。`, [{ key, value: n, year: null }]));
    }
  }
  return out;
}

function overview(input: ProseInput): Block[] {
  const { rng, issuer, year, options } = input;
  const blocks: Block[] = [];
  const sub = (n: number, text: string): Block => ({
    kind: "subheading",
    section: 1,
    text: `（${CN[n]}）${text}`,
  });
  blocks.push(
    toBlock(
      1,
      para(
        `${year}年，${issuer.self}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作和群众关注关切，坚持“以公开为常态、不公开为例外”，不断提升政务公开质量和实效。`,
      ),
    ),
  );
  blocks.push(sub(1, rng.pick(["主动公开", "主动公开情况"])));
  for (const p of activeDisclosure(input)) blocks.push(toBlock(1, p));
  blocks.push(sub(2, rng.pick(["依申请公开", "依申请公开情况"])));
  blocks.push(
    toBlock(
      1,
      para(
        "严格按照法定程序受理、办理政府信息公开申请，规范登记、审核、答复等环节，做到依法依规、按时答复。",
      ),
    ),
  );
  for (const p of applications(input)) blocks.push(toBlock(1, p));
  blocks.push(sub(3, rng.pick(["政府信息管理", "政府信息管理情况"])));
  blocks.push(
    toBlock(
      1,
      para(
        "进一步规范信息发布审核流程，落实“先审后发”和保密审查制度，定期清理过时信息，确保公开内容准确、规范、安全。",
      ),
    ),
  );
  blocks.push(sub(4, rng.pick(["政府信息公开平台建设", "政府信息公开平台建设情况"])));
  blocks.push(
    toBlock(
      1,
      para(
        `持续加强${issuer.portal}信息公开专栏建设，及时更新机构职能、办事指南等栏目内容，畅通政民互动渠道，方便群众查询获取信息。`,
      ),
    ),
  );
  blocks.push(sub(5, rng.pick(["监督保障", "监督保障情况"])));
  if (!options.omitSystems) {
    const p = para(
      "将政务公开工作纳入年度绩效考核内容，主动接受人大代表、政协委员和社会公众监督，积极开展社会评议，健全责任追究机制，全年未发生因政府信息公开工作被责任追究的情况。",
    );
    p.systems = ["考核", "评议", "追究"];
    blocks.push(toBlock(1, p));
  } else {
    blocks.push(
      toBlock(
        1,
        para("加强政务公开工作的日常督促检查，对发现的问题及时整改落实，确保各项工作要求落到实处。"),
      ),
    );
  }
  return blocks;
}

function problems(input: ProseInput): Block[] {
  const { rng, issuer, year } = input;
  const nested = rng.chance(0.3);
  const h1 = nested ? "一、存在的主要问题。" : "（一）存在的主要问题";
  const h2 = nested ? "二、改进情况。" : "（二）改进情况";
  return [
    { kind: "subheading", section: 5, text: h1 },
    toBlock(
      5,
      para(
        `${year}年，${issuer.self}政府信息公开工作取得了一定成效，但仍存在一些不足：一是主动公开的深度和广度还不够，政策解读形式较为单一；二是工作人员业务能力有待进一步提高；三是信息发布的及时性还需加强。`,
      ),
    ),
    { kind: "subheading", section: 5, text: h2 },
    toBlock(
      5,
      para(
        `下一步，${issuer.self}将加强业务培训，提升工作人员能力水平；细化公开清单，丰富政策解读形式；完善信息发布审核机制，进一步提升政务公开工作质量。`,
      ),
    ),
  ];
}

function other(input: ProseInput): Block[] {
  const { rng, issuer, year, fees, feeTruth, options } = input;
  const blocks: Block[] = [];
  if (fees) {
    const style = options.fee ?? "triple";
    const notices = options.feeNotices ?? feeTruth.notices;
    if (style === "triple") {
      const allZero = notices === 0 && feeTruth.amount === 0 && feeTruth.collected === 0;
      const unit = issuer.self.replace(/^本|^我/, "") || "单位";
      const text =
        allZero && rng.chance(0.25)
          ? "本年度发出收费通知的件数和总金额以及实际收取的总金额均为0。"
          : `${year}年度本${unit === "街" ? "街道" : unit}共发出收费通知${notices}件，涉及收费金额${feeTruth.amount}元，实际收取信息处理费${feeTruth.collected}元。`;
      blocks.push({
        ...toBlock(6, para(text)),
        fee: { noticeCount: notices, noticeAmount: feeTruth.amount, collected: feeTruth.collected },
      } as Block);
    } else if (style === "collected-only") {
      blocks.push({
        ...toBlock(6, para("本年度，本机关未收取信息处理费。")),
        fee: { noticeCount: null, noticeAmount: null, collected: 0 },
      } as Block);
    } else {
      blocks.push(toBlock(6, para("无其他需要报告的事项。")));
    }
  } else {
    blocks.push(toBlock(6, para(rng.pick(["无其他需要报告的事项。", "本年度无其他需要报告的事项。"]))));
  }
  if (rng.chance(0.4)) {
    blocks.push(
      toBlock(
        6,
        para(
          `本报告电子版可在${issuer.portal}“政府信息公开”专栏查阅。如对本报告有任何疑问，请与${issuer.name}联系。`,
        ),
      ),
    );
  }
  return blocks;
}

interface PreambleFacts {
  periodYear: number | null;
  reportNameYear: number | null;
}

function preamble(input: ProseInput, facts: PreambleFacts): Block[] {
  const { rng, issuer, year, options, version } = input;
  const period = options.periodYear ?? year;
  const doc = version === "2021" ? "国办公开办函〔2021〕30号" : "国办公开办函〔2019〕60号";
  const out: Block[] = [];
  const nameYear = options.reportNameYear;
  if (nameYear !== undefined || rng.chance(0.5)) {
    facts.reportNameYear = nameYear ?? year;
    out.push(
      toBlock(
        0,
        para(
          `根据《中华人民共和国政府信息公开条例》和${doc}要求，现公布${issuer.name}${nameYear ?? year}年政府信息公开工作年度报告。`,
        ),
      ),
    );
  }
  if (options.periodYear !== undefined || rng.chance(0.6)) {
    facts.periodYear = period;
    out.push(toBlock(0, para(`本报告中所列数据的统计期限自${period}年1月1日起至${period}年12月31日止。`)));
  }
  return out;
}

/** Every block of a report but the title, the tables and the signature, in printed order. */
export function proseBlocks(input: ProseInput): {
  readonly preamble: Block[];
  readonly sections: Readonly<Record<number, Block[]>>;
  readonly headings: Readonly<Record<number, string>>;
  readonly facts: PreambleFacts;
} {
  const { rng } = input;
  const headings: Record<number, string> = {};
  for (let n = 1; n <= 6; n++) headings[n] = `${CN[n]}、${rng.pick(SECTION_HEADINGS[n] ?? [""])}`;
  const facts: PreambleFacts = { periodYear: null, reportNameYear: null };
  return {
    preamble: preamble(input, facts),
    sections: { 1: overview(input), 2: [], 3: [], 4: [], 5: problems(input), 6: other(input) },
    headings,
    facts,
  };
}

/**
 * The bot's fixed Chinese texts (HTML parse mode). Messages that depend on a report live in summary.ts.
 */
import { EXAMPLE_QUESTIONS } from "../../qa/deterministic.ts";
import { escapeHtml } from "./html.ts";

export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export const START = [
  "您好！我是<b>年报审核助手</b>，审核政府信息公开工作年度报告。",
  "",
  "<b>用法</b>：直接把报告文件发给我（PDF、Word .docx、网页 HTML 或 TXT，不超过 20 MB）。我会读取表二、表三、表四的每个数字，核对表三的勾稽关系、行列合计、空白格、模板版本、正文与表格是否一致、收费说明、各部分和落款日期，列出发现的问题和算式。",
  "",
  "<b>示例</b>：发送「某街道办事处2023年政府信息公开工作年度报告.pdf」，几秒后收到摘要：发布机关、年度、模板版本、表三表四主要数字、错误和警告，然后可以直接提问：",
  ...EXAMPLE_QUESTIONS.slice(0, 3).map((q) => `• ${escapeHtml(q)}`),
  "",
  "命令：/history 本聊天的审核记录　/summary 汇总表　/forget 删除本聊天的数据　/help 帮助",
].join("\n");

export const HELP = [
  "<b>年报审核助手 · 帮助</b>",
  "",
  "<b>发送文件</b>：PDF、Word（.docx、.doc）、OFD、网页（.html）、纯文本（.txt，UTF-8 或 GBK）；扫描件和照片（可直接在聊天中发送）经文字识别（OCR）读取，所得数字请核对原件。单个文件不超过 20 MB。多份报告可打包成 ZIP 发送，我会逐份审核，回复汇总表格（XLSX）和摘要；逐份发送的，发送 /summary 即得本聊天全部报告的汇总表。同一文件重复发送时直接给出已保存的结果。",
  "",
  "<b>跨年度</b>：同一单位相邻两年的报告都发给我后（顺序不限，ZIP 中也可），我会核对上年结转、规范性文件存续和上年问题整改，也可以问「和去年比」。",
  "",
  "<b>提问</b>：审核后直接发送问题，回答针对最近一份报告（或在 /history 中选定的报告；回复某份报告的摘要消息也可指定它）。例如：",
  ...EXAMPLE_QUESTIONS.map((q) => `• ${escapeHtml(q)}`),
  "",
  "<b>群组</b>：在群里我只处理文件、对我消息的回复和 @我 的消息。",
  "",
  "<b>命令</b>",
  "/history 列出本聊天审核过的报告，可选定其中一份提问",
  "/summary 本聊天全部报告的汇总表（XLSX：逐份结果、全部发现、最常见问题、单位排名、地区合计）和问题热力图，适合逐份发送多个单位的报告后使用",
  "/compare 当前报告（或回复其摘要指定的报告）与同一单位上一年度报告的对比：表格逐格增减、正文修改、上年问题整改、跨年度核验，附 Word 文档",
  "/date 2025-01-20 报告未印落款日期时，补充公布日期以核验是否按期公布",
  "/forget 删除本聊天的全部报告和问答记录",
  "/status 运行状态（仅管理员）",
].join("\n");

/** Sent once, when a chat's second report is stored. */
export const SUMMARY_HINT =
  "本聊天已有 2 份报告。逐份发送多个单位的报告后，发送 /summary 即可得到全部报告的汇总表（XLSX）。";

export const PROGRESS_STAGES = ["读取", "识别表格", "校验", "完成"] as const;

/** OCR is recognising page `page` of `pages` of a scan or photo. */
export interface OcrPage {
  readonly page: number;
  readonly pages: number;
}

/** "已收到，正在审核…" with the stages done so far, and the page OCR is on while a scan is read. */
export function progressText(done: number, fileName: string, ocr: OcrPage | null = null): string {
  const marks = PROGRESS_STAGES.map((name, i) => `${i < done ? "✅" : i === done ? "⏳" : "▫️"} ${name}`);
  const head = done >= PROGRESS_STAGES.length ? "审核完成" : "已收到，正在审核…";
  const page = ocr && done < 1 ? `\n正在识别第 ${ocr.page}/${ocr.pages} 页…` : "";
  return `${head}\n<code>${escapeHtml(fileName)}</code>\n${marks.join(" → ")}${page}`;
}

export const NOT_ALLOWED_USER = (userId: number) =>
  `抱歉，您暂未获准使用本机器人。如需开通，请把您的用户 ID <code>${userId}</code> 发给管理员。`;
export const NOT_ALLOWED_CHAT = (chatId: number) =>
  `抱歉，本群暂未开通年报审核助手。如需开通，请把群 ID <code>${chatId}</code> 发给管理员。`;
export const RATE_LIMITED = "您的操作太频繁了，请稍等一分钟再试。";
export const LLM_BUDGET_SPENT = (tokens: number) =>
  `您今天的模型额度（${tokens} tokens）已用完，本次只用规则解析器读取表格（审核规则不受影响）。`;

export const OVER_QUOTA = (quota: number) => `超出每日审核上限（${quota} 份），未审核，请明天再发送。`;

export const DAILY_QUOTA = (quota: number) => `您今天已审核 ${quota} 份文件，达到每日上限，请明天再试。`;
export const TOO_BIG = (size: number) =>
  `文件大小为 ${megabytes(size)} MB，超过 Telegram 机器人可下载的 20 MB 上限，无法接收。请删去无关附件、压缩图片，或另存为较小的 PDF、Word（.docx）或 TXT 后重新发送。`;
export const ZIP = "暂不支持 RAR、7z 压缩包，请改用 ZIP 压缩包发送（可批量审核），或解压后逐个发送报告文件。";
export const NOT_A_DOCUMENT =
  "请把年度报告作为文件发送（PDF、Word .docx、HTML 或 TXT），或就已审核的报告提问。";
export const NO_REPORT = "本聊天还没有审核过的报告。请先发送一份年度报告文件，再提问。";
export const APOLOGY = "抱歉，处理您的消息时出现内部错误，已记录，请稍后再试。";
export const DOWNLOAD_FAILED = "抱歉，从 Telegram 下载文件失败，请稍后重新发送。";
export const TIMEOUT = (seconds: number) =>
  `审核超时：该文件在 ${seconds} 秒内未能解析完成，已停止处理。文件可能过于复杂或已损坏，请重新导出（例如另存为 PDF 或 .docx）后再试。`;
/** A scan or photo whose OCR ran over its cap: how far it got, and what the cap was. */
export const OCR_TIMEOUT = (ocr: OcrPage, seconds: number, pageSeconds: number) =>
  `文字识别超时：扫描件共 ${ocr.pages} 页，${ocr.page > 1 ? `已识别完前 ${ocr.page - 1} 页，` : ""}第 ${ocr.page} 页未能在时限内完成（每页约 ${pageSeconds} 秒，整份文件最多 ${seconds} 秒），已停止处理。请发送带文字层的 PDF 或 Word 原始电子版，或把扫描件拆成较少页数后再试。`;
/** A photo or image of part of a report: what was audited and what is missing. */
export const PARTIAL_PAGE = (found: readonly string[], missing: readonly string[]) =>
  `这是一张照片（图片），只审核了其中的内容：${found.length > 0 ? `只识别到${found.join("、")}` : "未识别到统一格式的表格"}，缺少${missing.join("、")}，缺少的部分未做计算核验。要完整审核，请发送报告全部页面的扫描件（一个 PDF）或原始电子版。`;
/** A photo whose resolution is too low for every digit (a page the chat shrank): how to send a better one. */
export const LOW_RESOLUTION = (dpi: number) =>
  `照片分辨率较低（按整页估算约 ${dpi} dpi），部分数字可能无法识别，未能识别的数字不做计算核验。要完整审核，请在聊天中以“文件”方式发送原图（不压缩），或发送 200 dpi 以上的扫描件。`;
export const OUT_OF_MEMORY =
  "该文件解析时超出内存上限，已停止处理。文件可能过于复杂或已损坏，请重新导出或拆分后再试。";
/** A file (same hash) that hit a cap before is answered from storage, not run again. */
export const CUT_OFF_BEFORE = (kind: "timeout" | "memory", seconds: number, day: string) =>
  `${kind === "timeout" ? TIMEOUT(seconds) : OUT_OF_MEMORY}\n（同一文件已于 ${day} 审核时被停止，未再次处理；请发送重新导出的版本。）`;
/** One file per user at a time: the others wait. */
export const QUEUED = (ahead: number) =>
  `您还有 ${ahead} 个文件正在审核或排队，本文件已排队，前面的文件完成后自动开始审核。`;
export const CRASHED = "抱歉，解析该文件时程序出错，已停止处理并记录。请重新导出文件后再试。";
export const REQUEUED = "服务正在重启，此文件已排队，重启后将自动继续审核。";
export const RESUMED = "服务已重启，继续审核…";
export const REPORT_GONE = "此报告已删除，或不属于本聊天。";
export const ADMIN_ONLY = "此命令仅限管理员使用。";

/**
 * Portal chrome: what a government web page prints around a report, in the saved page and in a copy of
 * its text: the breadcrumb (当前位置：首页 > 政务公开 > …), the info box (索引号, 发布机构, 名称, 来源,
 * 发布日期 …), the tool and share bars, previous/next links, the footer's link lists, 主办单位, 网站标识码
 * and ICP numbers. None of it is report content (issue 12, pattern 1; rules.md §6.6): never a table row,
 * never prose of a section, never the issuer. Pure: text in, verdict out.
 */
import type { Line } from "./document.ts";
import { nfkc } from "./readers/normalize-text.ts";

export type ChromeKind = "crumb" | "info" | "tools" | "share" | "pager" | "links" | "linkList" | "footer";

/** Sites a portal's link lists name (友情链接, 媒体链接). */
const LINKED_SITES =
  /^(?:中国政府网|新浪.{0,4}|网易.{0,4}|搜狐.{0,4}|腾讯.{0,4}|人民网.{0,4}|新华网.{0,4}|凤凰网.{0,4}|央视网|中国网)$/;

/** Kinds that close a report body: once the report has started, only the page's footer follows them. */
export const FOOTER_KINDS: ReadonlySet<ChromeKind> = new Set(["share", "pager", "links", "footer"]);

/** Labels of a portal's info box (政府信息公开目录 metadata), each followed by a colon or its own cell. */
const INFO_LABELS = [
  "索引号",
  "主题分类",
  "组配分类",
  "体裁分类",
  "服务对象分类",
  "信息分类",
  "分类",
  "发布机构",
  "发文机关",
  "发文机构",
  "发文字号",
  "文号",
  "名称",
  "标题",
  "信息名称",
  "来源",
  "信息来源",
  "文章来源",
  "稿件来源",
  "生成日期",
  "成文日期",
  "发布日期",
  "发布时间",
  "发表日期",
  "公开日期",
  "公开时间",
  "公开方式",
  "公开形式",
  "公开范围",
  "公开时限",
  "有效性",
  "是否有效",
  "时效",
  "关键词",
  "关键字",
  "主题词",
  "所属机构",
  "栏目",
  "所属栏目",
  "原文链接",
  "原文地址",
  "责任部门",
  "浏览次数",
  "访问次数",
  "阅读次数",
  "点击数",
  "作者",
  "编辑",
  "责任编辑",
];

const INFO_LABEL = new RegExp(`^(?:${INFO_LABELS.join("|")})[:]`);
const INFO_CELL = new RegExp(`^(?:${INFO_LABELS.join("|")}):?$`);

/** Compact form for matching: NFKC, no whitespace, full-width brackets kept as NFKC gives them. */
function compactText(text: string): string {
  return nfkc(text).replace(/[\s\u00a0\u3000]+/g, "");
}

/** What kind of chrome one line of text is, or null for report content. */
export function chromeKind(cells: readonly string[]): ChromeKind | null {
  const parts = cells.map(compactText).filter((t) => t !== "");
  const text = parts.join("");
  if (text === "") return null;
  if (/^(?:当前位置|您的位置|您现在的位置|你现在的位置|你的位置|所在位置|当前的位置)[:：]?/.test(text))
    return "crumb";
  if (text.length <= 120 && /^首页(?:[>＞»›/]|&gt;)/.test(text)) return "crumb";
  // The info box: a line opening with one of its labels, or a grid row whose first cell is one.
  if (INFO_LABEL.test(text) || (parts.length > 1 && INFO_CELL.test(parts[0] ?? ""))) return "info";
  if (/^分享(?:到|至)?[:：]?/.test(text) && text.length <= 60) return "share";
  if (/^(?:扫一扫|用手机扫描|手机扫描|扫描二维码)/.test(text) && text.length <= 40) return "share";
  if (/^(?:上一篇|下一篇|上一条|下一条)[:：]/.test(text)) return "pager";
  if (
    /^(?:相关链接|友情链接|相关文章|相关稿件|相关信息|相关阅读|相关文件|政府网站|部门网站|地方网站)[:：]?$/.test(
      text,
    )
  )
    return "links";
  if (
    /网站标识码|ICP备|ICP证|公网安备|^(?:版权所有|Copyright|©)|^(?:主办|承办|协办|技术支持)(?:单位)?[:]/i.test(
      text,
    )
  )
    return "footer";
  if (/^(?:网站地图|联系我们|隐私声明|使用帮助|关于我们|网站声明)/.test(text) && text.length <= 40)
    return "footer";
  // A link list copied as one line: 「新浪福建 网易 搜狐 其他」.
  const tokens = cells.flatMap((c) => nfkc(c).split(/[\s\u00a0\u3000|｜]+/)).filter((t) => t !== "");
  if (
    tokens.length >= 3 &&
    tokens.every((t) => t.length <= 10 && !/[。,，;；:：\d]/.test(t)) &&
    tokens.filter((t) => LINKED_SITES.test(t)).length >= 2
  )
    return "linkList";
  // 字号：大 中 小　打印本页　关闭窗口 / 【打印本页】【关闭窗口】
  if (
    text.length <= 60 &&
    (/^(?:字号|字体)[:：]/.test(text) || (/打印/.test(text) && /关闭|收藏|返回/.test(text)))
  )
    return "tools";
  if (/^(?:【[^】]{1,8}】)+$/.test(text) && /打印|关闭|收藏|返回|顶部/.test(text)) return "tools";
  return null;
}

/** Chrome kind of a document line. */
export function lineChrome(line: Line): ChromeKind | null {
  return chromeKind(line.cells.map((c) => c.text));
}

/**
 * Chinese messages for users whose file could not be read: each says what is wrong with this file and
 * what to send instead. English reasons for logs travel beside them in ReadResult.
 */
import type { ReadFailure } from "./read-error.ts";
import type { SniffResult } from "./sniff.ts";

const SEND_INSTEAD = "请提供带文字层的 PDF 或 Word（.docx）文件";

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "");
}

export function tooLargeMessage(size: number, maxBytes: number): string {
  return `文件大小为 ${megabytes(size)} MB，超过 ${megabytes(maxBytes)} MB 的上限，请压缩或删去无关附件后再提交。`;
}

const IMAGE_NAMES: Readonly<Record<string, string>> = {
  jpeg: "JPEG",
  png: "PNG",
  gif: "GIF",
  tiff: "TIFF",
  bmp: "BMP",
  webp: "WebP",
  heic: "HEIC",
};

/** Message for a format the auditor does not read at all. */
export function unsupportedMessage(sniff: SniffResult): string {
  switch (sniff.format) {
    case "empty":
      return "文件是空的（0 字节），请重新上传报告文件。";
    case "image":
      return `这是一张图片（${IMAGE_NAMES[sniff.detail ?? ""] ?? "图片"}），不是可提取文字的报告文件，${SEND_INSTEAD}。`;
    case "zip":
      if (sniff.detail === "xlsx")
        return "这是 Excel 表格文件，不是年度报告正文，请提供报告的 PDF 或 Word（.docx）版本。";
      if (sniff.detail === "pptx")
        return "这是 PowerPoint 演示文稿，不是年度报告正文，请提供报告的 PDF 或 Word（.docx）版本。";
      if (sniff.detail === "ofd")
        return "这是 OFD 版式文件，暂不支持，请提供同一报告的 PDF 或 Word（.docx）版本。";
      if (sniff.detail === "odf")
        return "这是 OpenDocument（WPS/LibreOffice）文件，请另存为 .docx 或 PDF 后再上传。";
      return "这是压缩包（ZIP），暂不支持批量审核，请解压后逐个上传报告文件。";
    case "doc_legacy":
      if (sniff.detail === "encrypted")
        return "文件已加密（Office 文档设置了打开密码），请提供未加密的版本。";
      return "这是旧版 Office 文件（.doc/.wps 等），无法直接读取，请用 Word 或 WPS 另存为 .docx 或 PDF 后再上传。";
    case "rtf":
      return "这是 RTF 文件，请用 Word 或 WPS 另存为 .docx 或 PDF 后再上传。";
    default:
      return `无法识别的文件格式，${SEND_INSTEAD}，或网页（HTML）、纯文本文件。`;
  }
}

function seconds(ms: number): string {
  return ms >= 1000 ? String(Math.round(ms / 1000)) : String(Math.round(ms / 100) / 10 || 0.1);
}

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  pdf: "PDF 文件",
  docx: "Word 文件",
  doc: "Word/WPS 文件（.doc/.wps）",
  ofd: "OFD 文件",
  html: "网页文件",
  text: "文本文件",
};

/** Message for a file of a supported format that failed to read. */
export function failureMessage(failure: ReadFailure, format: string, timeoutMs: number, limit = ""): string {
  const name = FORMAT_NAMES[format] ?? "文件";
  switch (failure) {
    case "encrypted":
      return "文件已加密（需要密码才能打开），请提供未加密的版本。";
    case "no_text_layer":
      return format === "docx"
        ? "Word 文件中只有图片、没有可提取的文字（可能是扫描件粘贴进文档），请提供带文字的原始文件。"
        : `文件为扫描图片，没有可提取的文字层，${SEND_INSTEAD}。`;
    case "empty_text":
      return `${name}中没有任何文字内容，请检查是否上传了正确的报告文件。`;
    case "timeout":
      return `${name}解析超时（超过 ${seconds(timeoutMs)} 秒），文件可能过于复杂或已损坏，请重新导出后再试。`;
    case "corrupt":
      if (format === "doc")
        return `${name}已损坏或不完整，无法打开，请用 Word 或 WPS 重新打开后另存为 .docx 或 PDF 再上传。`;
      return `${name}已损坏或不完整，无法打开，请重新下载或重新导出后再上传。`;
    case "over_limit":
      return `${name}超出处理上限${limit ? `（${limit}）` : ""}，可能经过特殊构造或已损坏，未做审核；请重新导出后再上传。`;
  }
}

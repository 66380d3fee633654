/**
 * A small OFD writer for tests: positioned words and rulings (points, y down, as the PDF reader sees a
 * page) into an OFD package — one TextObject per word (DeltaX spreading its glyphs over its width, "g"
 * runs where equal), one PathObject per ruling, optionally a template page and a page block, as real
 * writers use them. `ofdFromPdf` turns a PDF into an OFD of the same layout, so the OFD reader can be held
 * to the PDF reader's figures.
 */

import { loadPdfjs, openPdf, readRawPage } from "../../../extract/readers/pdf-pages.ts";
import type { Ruling } from "../../../extract/readers/pdf-rulings.ts";
import type { TextBox } from "../../../extract/readers/pdf-text.ts";
import { zip } from "../../helpers/zip.ts";

export interface OfdPageSpec {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly TextBox[];
  readonly rulings: readonly Ruling[];
}

export interface OfdOptions {
  readonly title?: string;
  readonly creationDate?: string;
  /** Put the rulings on a template page instead of the page itself. */
  readonly rulingsOnTemplate?: boolean;
  /** Wrap the page's text objects in a PageBlock. */
  readonly pageBlock?: boolean;
  /** Namespace prefix of the elements ("ofd" by default; "" for none). */
  readonly prefix?: string;
}

const MM_PER_PT = 25.4 / 72;
const mm = (pt: number) => Number((pt * MM_PER_PT).toFixed(3));
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function deltaX(text: string, widthMm: number, sizeMm: number): string {
  const chars = [...text];
  if (chars.length < 2) return "";
  const ems = chars.map((c) => ((c.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.55));
  const total = ems.reduce((a, b) => a + b, 0);
  const scale = widthMm > 0 ? widthMm / total : sizeMm;
  const values = ems.slice(0, -1).map((e) => Number((e * scale).toFixed(3)));
  const out: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j < values.length && values[j] === values[i]) j++;
    out.push(j - i > 2 ? `g ${j - i} ${values[i]}` : values.slice(i, j).join(" "));
    i = j;
  }
  return ` DeltaX="${out.join(" ")}"`;
}

export function writeOfd(pages: readonly OfdPageSpec[], options: OfdOptions = {}): Uint8Array {
  const p = options.prefix === undefined ? "ofd:" : options.prefix ? `${options.prefix}:` : "";
  const ns = `xmlns${p ? `:${p.slice(0, -1)}` : ""}="http://www.ofdspec.org/2016"`;
  let id = 10;
  const text = (b: TextBox) => {
    const size = mm(b.size);
    const w = mm(b.x2 - b.x);
    return (
      `<${p}TextObject ID="${id++}" Boundary="${mm(b.x)} ${mm(b.top)} ${w} ${mm(b.bottom - b.top)}" Font="1" Size="${size}">` +
      `<${p}TextCode X="0" Y="${Number((size * 0.85).toFixed(3))}"${deltaX(b.text, w, size)}>${esc(b.text)}</${p}TextCode></${p}TextObject>`
    );
  };
  const path = (r: Ruling) => {
    const len = mm(r.to - r.from);
    const [x, y, w, h, d] =
      r.dir === "h"
        ? [mm(r.from), mm(r.pos) - 0.1, len, 0.2, `M 0 0.1 L ${len} 0.1`]
        : [mm(r.pos) - 0.1, mm(r.from), 0.2, len, `M 0.1 0 L 0.1 ${len}`];
    return `<${p}PathObject ID="${id++}" Boundary="${x} ${y} ${w} ${h}" LineWidth="0.25"><${p}AbbreviatedData>${d}</${p}AbbreviatedData></${p}PathObject>`;
  };
  const members: { name: string; data: Uint8Array }[] = [];
  const put = (name: string, xml: string) =>
    members.push({ name, data: new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>${xml}`) });
  const first = pages[0];
  put(
    "OFD.xml",
    `<${p}OFD ${ns} DocType="OFD" Version="1.1"><${p}DocBody><${p}DocInfo><${p}DocID>test</${p}DocID>` +
      (options.title ? `<${p}Title>${esc(options.title)}</${p}Title>` : "") +
      (options.creationDate ? `<${p}CreationDate>${options.creationDate}</${p}CreationDate>` : "") +
      `</${p}DocInfo><${p}DocRoot>Doc_0/Document.xml</${p}DocRoot></${p}DocBody></${p}OFD>`,
  );
  const templates = options.rulingsOnTemplate
    ? pages.map((_, i) => `<${p}TemplatePage ID="${1000 + i}" BaseLoc="Tpls/Tpl_${i}/Content.xml"/>`).join("")
    : "";
  put(
    "Doc_0/Document.xml",
    `<${p}Document ${ns}><${p}CommonData><${p}MaxUnitID>${id + 100000}</${p}MaxUnitID>${templates}<${p}PageArea><${p}PhysicalBox>0 0 ${mm(first?.width ?? 595)} ${mm(first?.height ?? 842)}</${p}PhysicalBox></${p}PageArea><${p}PublicRes>PublicRes.xml</${p}PublicRes></${p}CommonData>` +
      `<${p}Pages>${pages.map((_, i) => `<${p}Page ID="${i + 1}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join("")}</${p}Pages></${p}Document>`,
  );
  put(
    "Doc_0/PublicRes.xml",
    `<${p}Res ${ns} BaseLoc="Res"><${p}Fonts><${p}Font ID="1" FontName="宋体" FamilyName="宋体"/></${p}Fonts></${p}Res>`,
  );
  pages.forEach((page, i) => {
    const words = page.boxes.map(text).join("");
    const lines = page.rulings.map(path).join("");
    const body = options.pageBlock ? `<${p}PageBlock ID="${id++}">${words}</${p}PageBlock>` : words;
    if (options.rulingsOnTemplate) {
      put(
        `Doc_0/Tpls/Tpl_${i}/Content.xml`,
        `<${p}Page ${ns}><${p}Content><${p}Layer ID="${id++}">${lines}</${p}Layer></${p}Content></${p}Page>`,
      );
    }
    put(
      `Doc_0/Pages/Page_${i}/Content.xml`,
      `<${p}Page ${ns}>${options.rulingsOnTemplate ? `<${p}Template TemplateID="${1000 + i}" ZOrder="Background"/>` : ""}` +
        `<${p}Area><${p}PhysicalBox>0 0 ${mm(page.width)} ${mm(page.height)}</${p}PhysicalBox></${p}Area>` +
        `<${p}Content><${p}Layer ID="${id++}">${body}${options.rulingsOnTemplate ? "" : lines}</${p}Layer></${p}Content></${p}Page>`,
    );
  });
  return zip(members);
}

/** The pages of a PDF as the PDF reader sees them (words and rulings), written as an OFD. */
export async function ofdFromPdf(pdf: Uint8Array, options: OfdOptions = {}): Promise<Uint8Array> {
  const pdfjs = await loadPdfjs();
  const opened = openPdf(pdfjs, pdf);
  try {
    const doc = await opened.loaded;
    const pages: OfdPageSpec[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const raw = await readRawPage(doc, n);
      const page = await doc.getPage(n);
      const { width } = page.getViewport({ scale: 1 });
      // Every page's rulings, also where the PDF reader skipped them (prose pages).
      pages.push({ width, height: raw.height, boxes: raw.boxes, rulings: raw.rulings ?? [] });
    }
    return writeOfd(pages, options);
  } finally {
    await opened.destroy();
  }
}

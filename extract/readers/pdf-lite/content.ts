/**
 * A page's content streams walked once for both of the reader's needs:
 *  - text items, built the way pdf.js's getTextContent builds them (pdfjs-dist 5.4.296 as pinned; the
 *    rules were read from its evaluator, none of its code is used): glyph runs joined into one item while
 *    the pen moves on along the baseline, a space added for a gap between 0.102 and 0.6 of the font size, a
 *    separate whitespace item for a wider one, a new item on a line change, the same text-state semantics
 *    (q/Q keep the text matrix, Tc is applied after every glyph, …) and the same floating-point operations
 *    in the same order, so that `textBoxes` gives identical boxes;
 *  - an operator list holding what `extractRulings` reads of pdf.js's (save, restore, transform, form
 *    begin/end with the form matrix as float32, constructPath with a float32 path buffer).
 * Anything outside that common case throws LiteUnsupported.
 */
import { DRAW_OPS, type Matrix, multiply, OPS, type PdfOperatorList, type PdfTextItem } from "../pdf-ops.ts";
import { ReadError } from "../read-error.ts";
import type { LiteDocument } from "./document.ts";
import { type LiteFont, loadFont } from "./fonts.ts";
import {
  EOF,
  isDict,
  Lexer,
  LiteUnsupported,
  PdfCmd,
  type PdfDict,
  PdfName,
  type PdfObject,
  PdfStream,
  PdfString,
  type Token,
} from "./objects.ts";

/** Form XObjects nested deeper than this send the document to pdf.js. */
export const MAX_FORM_DEPTH = 8;

const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;

/** Characters pdf.js's text-content normalisation rewrites (NFKC of these, and ﬅ → ſt). */
const PDFJS_NORMALIZED =
  /[\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]/;
/** Right-to-left text, which pdf.js reorders: not handled here. */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
/** Glyph categories as pdf.js tests them: leading white space, a non-spacing mark, a trailing format char. */
const SPECIAL = /^(\s)|(\p{Mn})|(\p{Cf})$/u;

interface Category {
  readonly isWhitespace: boolean;
  readonly isZeroWidthDiacritic: boolean;
  readonly isInvisibleFormatMark: boolean;
}
const categories = new Map<string, Category>();
function categoryOf(text: string): Category {
  let c = categories.get(text);
  if (!c) {
    const m = SPECIAL.exec(text);
    c = { isWhitespace: !!m?.[1], isZeroWidthDiacritic: !!m?.[2], isInvisibleFormatMark: !!m?.[3] };
    categories.set(text, c);
  }
  return c;
}

interface TextState {
  ctm: Matrix;
  font: LiteFont | null;
  fontName: string | null;
  fontSize: number;
  textMatrix: number[];
  textLineMatrix: number[];
  charSpacing: number;
  wordSpacing: number;
  leading: number;
  textHScale: number;
  textRise: number;
}

function newState(): TextState {
  return {
    ctm: [1, 0, 0, 1, 0, 0],
    font: null,
    fontName: null,
    fontSize: 0,
    textMatrix: [1, 0, 0, 1, 0, 0],
    textLineMatrix: [1, 0, 0, 1, 0, 0],
    charSpacing: 0,
    wordSpacing: 0,
    leading: 0,
    textHScale: 1,
    textRise: 0,
  };
}

function cloneState(s: TextState): TextState {
  return { ...s, textMatrix: s.textMatrix.slice(), textLineMatrix: s.textLineMatrix.slice() };
}

function translate(m: number[], x: number, y: number): void {
  m[4] = (m[0] as number) * x + (m[2] as number) * y + (m[4] as number);
  m[5] = (m[1] as number) * x + (m[3] as number) * y + (m[5] as number);
}

export interface PageContent {
  readonly items: PdfTextItem[];
  /** What extractRulings needs of pdf.js's operator list. */
  readonly ops: PdfOperatorList;
  /** An estimate of the length of pdf.js's operator list for the page (for MAX_PAGE_OPERATORS). */
  readonly operatorCount: number;
}

/** Operand counts of the operators handled here (as pdf.js requires them). */
const ARGS: Record<string, number> = {
  q: 0,
  Q: 0,
  cm: 6,
  BT: 0,
  ET: 0,
  Tf: 2,
  Tc: 1,
  Tw: 1,
  Tz: 1,
  TL: 1,
  Ts: 1,
  Td: 2,
  TD: 2,
  "T*": 0,
  Tm: 6,
  Tj: 1,
  TJ: 1,
  "'": 1,
  '"': 3,
  m: 2,
  l: 2,
  c: 6,
  v: 4,
  y: 4,
  h: 0,
  re: 4,
  S: 0,
  s: 0,
  f: 0,
  F: 0,
  "f*": 0,
  B: 0,
  "B*": 0,
  b: 0,
  "b*": 0,
  n: 0,
  Do: 1,
  gs: 1,
  BMC: 1,
  BDC: 2,
  EMC: 0,
  Tr: 1,
};
/** Operators that change nothing read here (colour, line style, clipping, shading, marked points). */
const IGNORED = new Set([
  "w",
  "J",
  "j",
  "M",
  "d",
  "ri",
  "i",
  "W",
  "W*",
  "CS",
  "cs",
  "SC",
  "SCN",
  "sc",
  "scn",
  "G",
  "g",
  "RG",
  "rg",
  "K",
  "k",
  "sh",
  "MP",
  "DP",
  "BX",
  "EX",
]);
const PATH_CONSTRUCTION = new Set(["m", "l", "c", "v", "y", "h", "re"]);
const PAINT: Record<string, number> = {
  S: OPS.stroke,
  s: OPS.closeStroke,
  f: OPS.fill,
  F: OPS.fill,
  "f*": OPS.eoFill,
  B: OPS.fillStroke,
  "B*": OPS.eoFillStroke,
  b: OPS.closeFillStroke,
  "b*": OPS.closeEOFillStroke,
  n: 28, // endPath
};

function matrixOf(o: PdfObject | undefined): number[] | null {
  if (!Array.isArray(o) || o.length !== 6 || !o.every((n) => typeof n === "number")) return null;
  return o as number[];
}

/** Reads a content stream's operands and operators (arrays included, dictionaries kept whole). */
function* operations(data: Uint8Array): Generator<[string, Token[]]> {
  const lexer = new Lexer(data);
  let args: Token[] = [];
  for (;;) {
    const t = lexer.next();
    if (t === EOF) break;
    if (t instanceof PdfCmd) {
      if (t.cmd === "BI") throw new LiteUnsupported("inline image");
      yield [t.cmd, args];
      args = [];
      continue;
    }
    if (t === "[") {
      const items: Token[] = [];
      for (;;) {
        const n = lexer.next();
        if (n === "]") break;
        if (n === EOF || n === "[" || n === "<<" || n instanceof PdfCmd)
          throw new LiteUnsupported("odd array in content");
        items.push(n);
      }
      args.push(items as PdfObject[]);
      continue;
    }
    if (t === "<<") {
      let depth = 1;
      while (depth > 0) {
        const n = lexer.next();
        if (n === EOF) throw new LiteUnsupported("unterminated dictionary in content");
        if (n === "<<") depth++;
        else if (n === ">>") depth--;
      }
      args.push(null);
      continue;
    }
    if (t === "]" || t === ">>") throw new LiteUnsupported("stray delimiter in content");
    args.push(t);
    if (args.length > 64) throw new LiteUnsupported("too many operands");
  }
}

export class PageWalker {
  readonly items: PdfTextItem[] = [];
  readonly fnArray: number[] = [];
  readonly argsArray: unknown[] = [];
  operatorCount = 0;
  private seen = 0;
  private pathBuffer: number[] = [];
  private currentX = 0;
  private currentY = 0;
  /**
   * @param fonts the document's fonts loaded so far, by their dictionary (the document's object cache keeps
   *   one per object): shared by the pages of one document, so that a font's ToUnicode CMap, widths and
   *   program check are read once, not once per page (issue 13: a third of a 6-page read's font work).
   */
  constructor(
    private readonly doc: LiteDocument,
    private readonly viewBox: readonly [number, number, number, number],
    private readonly deadline = Number.POSITIVE_INFINITY,
    private readonly fonts = new Map<PdfDict, LiteFont>(),
  ) {}

  private font(resources: PdfDict | null, name: string): LiteFont {
    const fonts = resources ? this.doc.get(resources, "Font") : undefined;
    const dict = isDict(fonts) ? this.doc.get(fonts, name) : undefined;
    if (!isDict(dict)) throw new LiteUnsupported(`font /${name} not found`);
    let font = this.fonts.get(dict);
    if (!font) {
      font = loadFont(this.doc, dict);
      this.fonts.set(dict, font);
    }
    return font;
  }

  /** Walks `data` (a page's or a form's content) as pdf.js's getTextContent and getOperatorList do. */
  walk(data: Uint8Array, resources: PdfDict | null, initial: TextState, depth: number): void {
    if (depth > MAX_FORM_DEPTH) throw new LiteUnsupported("forms nested too deep");
    const doc = this.doc;
    const items = this.items;
    const viewBox = this.viewBox;
    let state = initial;
    const stack: TextState[] = [];
    // The text item being built (pdf.js's textContentItem).
    let initialized = false;
    let str: string[] = [];
    let totalWidth = 0;
    let totalHeight = 0;
    let width = 0;
    let height = 0;
    let prevTransform: number[] | null = null;
    let textAdvanceScale = 0;
    let spaceInFlowMin = 0;
    let spaceInFlowMax = 0;
    let trackingSpaceMin = Number.POSITIVE_INFINITY;
    let negativeSpaceMax = Number.NEGATIVE_INFINITY;
    let notASpace = Number.NEGATIVE_INFINITY;
    let itemTransform: number[] = [];
    // The last two characters seen (pdf.js's twoLastChars ring).
    const last = [" ", " "];
    let lastPos = 0;

    const saveLastChar = (char: string): boolean => {
      const next = (lastPos + 1) % 2;
      const ret = last[lastPos] !== " " && last[next] === " ";
      last[lastPos] = char;
      lastPos = next;
      return ret;
    };
    const shouldAddWhitespace = () => last[lastPos] !== " " && last[(lastPos + 1) % 2] === " ";
    const resetLastChars = () => {
      last[0] = last[1] = " ";
      lastPos = 0;
    };
    const currentTransform = (): number[] => {
      const s = state;
      const tsm: Matrix = [s.fontSize * s.textHScale, 0, 0, s.fontSize, 0, s.textRise];
      return multiply(s.ctm, multiply(s.textMatrix as unknown as Matrix, tsm)) as unknown as number[];
    };
    const pushWhitespace = (w: number, h: number, transform: number[] | null) => {
      items.push({ str: " ", width: w, height: h, transform: transform as number[] });
    };
    const flush = () => {
      if (!initialized) return;
      totalWidth += width * textAdvanceScale;
      let text = str.join("");
      if (PDFJS_NORMALIZED.test(text)) {
        text = text.replace(new RegExp(PDFJS_NORMALIZED.source, "g"), (c) =>
          c === "\ufb05" ? "\u017ft" : c.normalize("NFKC"),
        );
      }
      if (RTL.test(text)) throw new LiteUnsupported("right-to-left text");
      items.push({
        str: text,
        width: Math.abs(totalWidth),
        height: Math.abs(totalHeight),
        transform: itemTransform,
      });
      initialized = false;
      str = [];
    };
    const ensureItem = () => {
      if (initialized) return;
      const trm = currentTransform();
      itemTransform = trm;
      width = totalWidth = 0;
      height = totalHeight = Math.hypot(trm[2] as number, trm[3] as number);
      const scaleLineX = Math.hypot(state.textLineMatrix[0] as number, state.textLineMatrix[1] as number);
      const scaleCtmX = Math.hypot(state.ctm[0], state.ctm[1]);
      textAdvanceScale = scaleCtmX * scaleLineX;
      const { fontSize } = state;
      trackingSpaceMin = fontSize * TRACKING_SPACE_FACTOR;
      notASpace = fontSize * NOT_A_SPACE_FACTOR;
      negativeSpaceMax = fontSize * NEGATIVE_SPACE_FACTOR;
      spaceInFlowMin = fontSize * SPACE_IN_FLOW_MIN_FACTOR;
      spaceInFlowMax = fontSize * SPACE_IN_FLOW_MAX_FACTOR;
      initialized = true;
    };
    const updateAdvanceScale = () => {
      if (!initialized) return;
      const scaleLineX = Math.hypot(state.textLineMatrix[0] as number, state.textLineMatrix[1] as number);
      const scaleCtmX = Math.hypot(state.ctm[0], state.ctm[1]);
      const factor = scaleCtmX * scaleLineX;
      if (factor === textAdvanceScale) return;
      totalWidth += width * textAdvanceScale;
      width = 0;
      textAdvanceScale = factor;
    };
    const appendEOL = () => {
      resetLastChars();
      if (initialized) flush();
      else items.push({ str: "", width: 0, height: 0, transform: currentTransform() });
    };
    const addFakeSpaces = (w: number, transf: number[] | null, orientation: number): boolean => {
      if (orientation * spaceInFlowMin <= w && w <= orientation * spaceInFlowMax) {
        if (initialized) {
          resetLastChars();
          str.push(" ");
        }
        return false;
      }
      flush();
      resetLastChars();
      pushWhitespace(Math.abs(w), 0, transf ?? currentTransform());
      return true;
    };
    const compareWithLastPosition = (glyphWidth: number): boolean => {
      const ct = currentTransform();
      let posX = ct[4] as number;
      let posY = ct[5] as number;
      if (posX + glyphWidth < viewBox[0] || posX > viewBox[2] || posY < viewBox[1] || posY > viewBox[3])
        return false;
      if (!prevTransform) return true;
      let lastX = prevTransform[4] as number;
      let lastY = prevTransform[5] as number;
      if (lastX === posX && lastY === posY) return true;
      let rotate = -1;
      if (ct[0] && ct[1] === 0 && ct[2] === 0) rotate = (ct[0] as number) > 0 ? 0 : 180;
      else if (ct[1] && ct[0] === 0 && ct[3] === 0) rotate = (ct[1] as number) > 0 ? 90 : 270;
      switch (rotate) {
        case 0:
          break;
        case 90:
          [posX, posY] = [posY, posX];
          [lastX, lastY] = [lastY, lastX];
          break;
        case 180:
          [posX, posY, lastX, lastY] = [-posX, -posY, -lastX, -lastY];
          break;
        case 270:
          [posX, posY] = [-posY, -posX];
          [lastX, lastY] = [-lastY, -lastX];
          break;
        default: {
          const inv = (x: number, y: number, m: number[]): [number, number] => {
            const scale = Math.hypot(m[0] as number, m[1] as number);
            return [
              ((m[0] as number) * x + (m[1] as number) * y) / scale,
              ((m[2] as number) * x + (m[3] as number) * y) / scale,
            ];
          };
          [posX, posY] = inv(posX, posY, ct);
          [lastX, lastY] = inv(lastX, lastY, prevTransform);
        }
      }
      const advanceX = (posX - lastX) / textAdvanceScale;
      const advanceY = posY - lastY;
      const orientation = Math.sign(width);
      if (advanceX < orientation * negativeSpaceMax) {
        if (Math.abs(advanceY) > 0.5 * height) {
          appendEOL();
          return true;
        }
        resetLastChars();
        flush();
        return true;
      }
      if (Math.abs(advanceY) > height) {
        appendEOL();
        return true;
      }
      if (advanceX <= orientation * notASpace) resetLastChars();
      if (advanceX <= orientation * trackingSpaceMin) {
        if (shouldAddWhitespace()) {
          resetLastChars();
          flush();
          pushWhitespace(Math.abs(advanceX), 0, prevTransform);
        } else width += advanceX;
      } else if (!addFakeSpaces(advanceX, prevTransform, orientation)) {
        if (str.length === 0) {
          resetLastChars();
          pushWhitespace(Math.abs(advanceX), 0, prevTransform);
        } else width += advanceX;
      }
      if (Math.abs(advanceY) > height * VERTICAL_SHIFT_RATIO) flush();
      return true;
    };
    const showText = (chars: string, extraSpacing: number) => {
      const font = state.font;
      if (!font) throw new LiteUnsupported("text shown without a font");
      if (!chars) {
        const charSpacing = state.charSpacing + extraSpacing;
        if (charSpacing) translate(state.textMatrix, charSpacing * state.textHScale, 0);
        return;
      }
      const scale = 0.001 * state.fontSize;
      const step = font.twoByte ? 2 : 1;
      if (chars.length % step !== 0) throw new LiteUnsupported("odd-length string for a two-byte font");
      const count = chars.length / step;
      for (let i = 0; i < count; i++) {
        const code =
          step === 2 ? (chars.charCodeAt(2 * i) << 8) | chars.charCodeAt(2 * i + 1) : chars.charCodeAt(i);
        const unicode = font.unicode(code);
        const category = categoryOf(unicode);
        if (category.isInvisibleFormatMark) continue;
        let charSpacing = state.charSpacing + (i + 1 === count ? extraSpacing : 0);
        let scaledDim = font.width(code) * scale;
        if (code === 0x20) charSpacing += state.wordSpacing;
        if (category.isWhitespace) {
          charSpacing += scaledDim;
          translate(state.textMatrix, charSpacing * state.textHScale, 0);
          saveLastChar(" ");
          continue;
        }
        if (!category.isZeroWidthDiacritic && !compareWithLastPosition(scaledDim)) {
          translate(state.textMatrix, scaledDim * state.textHScale, 0);
          continue;
        }
        ensureItem();
        if (category.isZeroWidthDiacritic) scaledDim = 0;
        scaledDim *= state.textHScale;
        translate(state.textMatrix, scaledDim, 0);
        width += scaledDim;
        if (scaledDim) prevTransform = currentTransform();
        if (saveLastChar(unicode)) str.push(" ");
        str.push(unicode);
        if (charSpacing) translate(state.textMatrix, charSpacing * state.textHScale, 0);
      }
    };
    const op = (fn: number, args: unknown) => {
      this.fnArray.push(fn);
      this.argsArray.push(args);
    };
    const num = (t: Token | undefined): number => {
      if (typeof t !== "number") throw new LiteUnsupported("operand is not a number");
      return t;
    };
    const bytes = (t: Token | undefined): string => {
      if (!(t instanceof PdfString)) throw new LiteUnsupported("operand is not a string");
      return t.bytes;
    };

    for (const [name, args] of operations(data)) {
      // pdf.js folds path construction into its constructPath entry.
      if (!PATH_CONSTRUCTION.has(name)) this.operatorCount++;
      if ((++this.seen & 0xfff) === 0 && Date.now() > this.deadline) {
        throw new ReadError("timeout", "pdf", "timed out reading a page's content");
      }
      const expected = ARGS[name];
      if (expected === undefined) {
        if (IGNORED.has(name)) continue;
        throw new LiteUnsupported(`operator ${name}`);
      }
      if (args.length !== expected)
        throw new LiteUnsupported(`operator ${name} with ${args.length} operands`);
      const previous = state;
      switch (name) {
        case "q":
          stack.push(state);
          state = cloneState(state);
          op(OPS.save, null);
          break;
        case "Q": {
          const prev = stack.pop();
          if (prev) state = prev;
          if (
            previous.font !== state.font ||
            previous.fontSize !== state.fontSize ||
            previous.fontName !== state.fontName
          ) {
            flush();
          }
          op(OPS.restore, null);
          break;
        }
        case "cm": {
          const m = args.map(num) as unknown as Matrix;
          state.ctm = multiply(state.ctm, m);
          op(OPS.transform, m);
          break;
        }
        case "Tf": {
          const fontName = args[0];
          const size = num(args[1]);
          if (!(fontName instanceof PdfName)) throw new LiteUnsupported("Tf without a font name");
          if (state.font && fontName.name === state.fontName && size === state.fontSize) break;
          flush();
          state.fontName = fontName.name;
          state.fontSize = size;
          state.font = this.font(resources, fontName.name);
          break;
        }
        case "Ts":
          state.textRise = num(args[0]);
          break;
        case "Tz":
          state.textHScale = num(args[0]) / 100;
          break;
        case "TL":
          state.leading = num(args[0]);
          break;
        case "Td":
          translate(state.textLineMatrix, num(args[0]), num(args[1]));
          state.textMatrix = state.textLineMatrix.slice();
          break;
        case "TD":
          state.leading = -num(args[1]);
          translate(state.textLineMatrix, num(args[0]), num(args[1]));
          state.textMatrix = state.textLineMatrix.slice();
          break;
        case "T*":
          translate(state.textLineMatrix, 0, -state.leading);
          state.textMatrix = state.textLineMatrix.slice();
          break;
        case "Tm": {
          const m = args.map(num);
          state.textMatrix = m.slice();
          state.textLineMatrix = m.slice();
          updateAdvanceScale();
          break;
        }
        case "Tc":
          state.charSpacing = num(args[0]);
          break;
        case "Tw":
          state.wordSpacing = num(args[0]);
          break;
        case "Tr":
          break;
        case "BT":
          state.textMatrix = [1, 0, 0, 1, 0, 0];
          state.textLineMatrix = [1, 0, 0, 1, 0, 0];
          break;
        case "ET":
          break;
        case "TJ": {
          const elements = args[0];
          if (!Array.isArray(elements)) throw new LiteUnsupported("TJ without an array");
          const spaceFactor = (-1 * state.fontSize) / 1000;
          let buffer = "";
          let pending = false;
          for (const item of elements) {
            if (item instanceof PdfString) {
              buffer += item.bytes;
              pending = true;
            } else if (typeof item === "number") {
              if (item !== 0) {
                showText(buffer, item * spaceFactor);
                buffer = "";
                pending = false;
              }
            } else throw new LiteUnsupported("TJ element");
          }
          if (pending) showText(buffer, 0);
          break;
        }
        case "Tj":
          showText(bytes(args[0]), 0);
          break;
        case "'":
          translate(state.textLineMatrix, 0, -state.leading);
          state.textMatrix = state.textLineMatrix.slice();
          showText(bytes(args[0]), 0);
          break;
        case '"':
          state.wordSpacing = num(args[0]);
          state.charSpacing = num(args[1]);
          translate(state.textLineMatrix, 0, -state.leading);
          state.textMatrix = state.textLineMatrix.slice();
          showText(bytes(args[2]), 0);
          break;
        case "m":
          this.currentX = num(args[0]);
          this.currentY = num(args[1]);
          this.pathBuffer.push(DRAW_OPS.moveTo, this.currentX, this.currentY);
          break;
        case "l":
          this.currentX = num(args[0]);
          this.currentY = num(args[1]);
          this.pathBuffer.push(DRAW_OPS.lineTo, this.currentX, this.currentY);
          break;
        case "c": {
          const [x1, y1, x2, y2, x, y] = args.map(num) as [number, number, number, number, number, number];
          this.pathBuffer.push(DRAW_OPS.curveTo, x1, y1, x2, y2, x, y);
          this.currentX = x;
          this.currentY = y;
          break;
        }
        case "v": {
          const [x1, y1, x, y] = args.map(num) as [number, number, number, number];
          this.pathBuffer.push(DRAW_OPS.curveTo, this.currentX, this.currentY, x1, y1, x, y);
          this.currentX = x;
          this.currentY = y;
          break;
        }
        case "y": {
          const [x1, y1, x, y] = args.map(num) as [number, number, number, number];
          this.pathBuffer.push(DRAW_OPS.curveTo, x1, y1, x, y, x, y);
          this.currentX = x;
          this.currentY = y;
          break;
        }
        case "h":
          this.pathBuffer.push(DRAW_OPS.closePath);
          break;
        case "re": {
          const [x, y, w, h] = args.map(num) as [number, number, number, number];
          this.currentX = x;
          this.currentY = y;
          const xw = x + w;
          const yh = y + h;
          if (w === 0 || h === 0)
            this.pathBuffer.push(DRAW_OPS.moveTo, x, y, DRAW_OPS.lineTo, xw, yh, DRAW_OPS.closePath);
          else {
            this.pathBuffer.push(DRAW_OPS.moveTo, x, y, DRAW_OPS.lineTo, xw, y, DRAW_OPS.lineTo, xw, yh);
            this.pathBuffer.push(DRAW_OPS.lineTo, x, yh, DRAW_OPS.closePath);
          }
          break;
        }
        case "S":
        case "s":
        case "f":
        case "F":
        case "f*":
        case "B":
        case "B*":
        case "b":
        case "b*":
        case "n": {
          const paint = PAINT[name] as number;
          if (paint === OPS.closeStroke || paint === OPS.closeFillStroke || paint === OPS.closeEOFillStroke) {
            this.pathBuffer.push(DRAW_OPS.closePath);
          }
          if (this.pathBuffer.length === 0) op(OPS.constructPath, [paint, [null], null]);
          else {
            op(OPS.constructPath, [paint, [new Float32Array(this.pathBuffer)], null]);
            this.pathBuffer = [];
          }
          break;
        }
        case "gs": {
          const gsName = args[0];
          if (!(gsName instanceof PdfName)) throw new LiteUnsupported("gs without a name");
          const all = resources ? doc.get(resources, "ExtGState") : undefined;
          const gs = isDict(all) ? doc.get(all, gsName.name) : undefined;
          if (!isDict(gs)) throw new LiteUnsupported("ExtGState not found");
          if (gs.has("Font")) throw new LiteUnsupported("ExtGState with a font");
          break;
        }
        case "BMC":
        case "BDC":
        case "EMC":
          flush();
          break;
        case "Do": {
          flush();
          const xName = args[0];
          if (!(xName instanceof PdfName)) throw new LiteUnsupported("Do without a name");
          const all = resources ? doc.get(resources, "XObject") : undefined;
          const xobj = isDict(all) ? doc.get(all, xName.name) : undefined;
          if (!(xobj instanceof PdfStream)) throw new LiteUnsupported("XObject is not a stream");
          const subtype = doc.get(xobj.dict, "Subtype");
          if (!(subtype instanceof PdfName)) throw new LiteUnsupported("XObject without a subtype");
          if (subtype.name !== "Form") break;
          if (xobj.dict.has("OC")) throw new LiteUnsupported("form with optional content");
          const matrixObj = doc.get(xobj.dict, "Matrix");
          const matrix = matrixOf(matrixObj);
          if (matrixObj !== undefined && !matrix) throw new LiteUnsupported("form with an odd matrix");
          const formResources = doc.get(xobj.dict, "Resources");
          const inner = cloneState(state);
          if (matrix) inner.ctm = multiply(inner.ctm, matrix as unknown as Matrix);
          op(OPS.paintFormXObjectBegin, [matrix && new Float32Array(matrix), null]);
          const savedPath = this.pathBuffer;
          this.walk(doc.decode(xobj), isDict(formResources) ? formResources : resources, inner, depth + 1);
          this.pathBuffer = savedPath;
          op(OPS.paintFormXObjectEnd, []);
          this.operatorCount += 2;
          break;
        }
      }
    }
    flush();
  }
}

export function newTextState(): TextState {
  return newState();
}

/**
 * A small element tree built with htmlparser2's streaming Parser (which applies HTML's implied end tags).
 * The HTML reader needs look-ahead (does this table hold another table?), so it walks a tree, not events.
 */
import { Parser } from "htmlparser2";
import { MAX_HTML_DEPTH, MAX_HTML_NODES, MAX_HTML_OPEN } from "./limits.ts";
import { ReadError } from "./read-error.ts";

export interface HtmlElement {
  readonly kind: "element";
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: HtmlNode[];
}

export interface HtmlText {
  readonly kind: "text";
  readonly text: string;
}

export type HtmlNode = HtmlElement | HtmlText;

/**
 * The tree of `html`, bounded (extract/readers/limits.ts): elements deeper than MAX_HTML_DEPTH are
 * flattened into the element at that depth (their text stays, in order); a document with more than
 * MAX_HTML_OPEN elements open at once or more than MAX_HTML_NODES nodes is refused with ReadError
 * "over_limit".
 */
export function parseHtmlTree(html: string): HtmlElement {
  const root: HtmlElement = { kind: "element", tag: "#root", attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  /** Open elements not pushed because the stack was full: their close tags pop nothing. */
  let flattened = 0;
  let nodes = 0;
  const count = () => {
    if (++nodes > MAX_HTML_NODES)
      throw new ReadError("over_limit", "html", `more than ${MAX_HTML_NODES} nodes`, {
        limit: `超过 ${MAX_HTML_NODES} 个元素`,
      });
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        count();
        if (stack.length + flattened > MAX_HTML_OPEN)
          throw new ReadError("over_limit", "html", `more than ${MAX_HTML_OPEN} elements open`, {
            limit: `元素嵌套超过 ${MAX_HTML_OPEN} 层`,
          });
        if (stack.length > MAX_HTML_DEPTH) {
          flattened++;
          return;
        }
        const el: HtmlElement = { kind: "element", tag: name, attrs, children: [] };
        (stack.at(-1) ?? root).children.push(el);
        stack.push(el);
      },
      ontext(text) {
        const parent = stack.at(-1) ?? root;
        const last = parent.children.at(-1);
        // Adjacent text (flattened elements') is merged, not counted again.
        if (last?.kind === "text") {
          parent.children[parent.children.length - 1] = { kind: "text", text: last.text + text };
          return;
        }
        count();
        parent.children.push({ kind: "text", text });
      },
      onclosetag() {
        if (flattened > 0) flattened--;
        else if (stack.length > 1) stack.pop();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return root;
}

export function* descendants(el: HtmlElement): Generator<HtmlElement> {
  for (const child of el.children) {
    if (child.kind !== "element") continue;
    yield child;
    yield* descendants(child);
  }
}

/** Text content of a subtree, raw (no whitespace handling). */
export function textContent(node: HtmlNode): string {
  return node.kind === "text" ? node.text : node.children.map(textContent).join("");
}

/**
 * A small element tree built with htmlparser2's streaming Parser (which applies HTML's implied end tags).
 * The HTML reader needs look-ahead (does this table hold another table?), so it walks a tree, not events.
 */
import { Parser } from "htmlparser2";

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

export function parseHtmlTree(html: string): HtmlElement {
  const root: HtmlElement = { kind: "element", tag: "#root", attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const el: HtmlElement = { kind: "element", tag: name, attrs, children: [] };
        (stack.at(-1) ?? root).children.push(el);
        stack.push(el);
      },
      ontext(text) {
        (stack.at(-1) ?? root).children.push({ kind: "text", text });
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
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

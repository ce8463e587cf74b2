// Text helpers: whitespace collapsing and the words of a subtree.

export function clean(text: string | null | undefined, max = 200): string {
  if (!text) return "";
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

const SKIP_TEXT = new Set(["script", "style", "noscript", "template", "select", "textarea",
  "option", "svg"]);

/** The text of `root`'s subtree, leaving out `skip` (a control inside a label) and
 * scripts/options; image alt text counts. */
export function textOf(root: Node, skip?: Element | null, max = 200): string {
  // Fast path: most buttons and links hold one text node.
  const only = root.firstChild;
  if (only && only === root.lastChild && only.nodeType === 3) return clean(only.nodeValue, max);
  const parts: string[] = [];
  let length = 0;
  const visit = (node: Node): void => {
    if (length > max) return;
    if (node.nodeType === 3) {
      const v = node.nodeValue;
      if (v) {
        parts.push(v);
        length += v.length;
      }
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (el === skip) return;
    const tag = el.localName;
    if (SKIP_TEXT.has(tag)) return;
    if (tag === "img") {
      const alt = el.getAttribute("alt");
      if (alt) parts.push(" " + alt + " ");
      return;
    }
    if (tag === "input" && el !== skip) {
      const t = (el as HTMLInputElement).type;
      if (t === "submit" || t === "button") parts.push(" " + (el as HTMLInputElement).value + " ");
      return;
    }
    // Elements side by side read as separate words ("<b>Small</b><i>10"</i>" is
    // "Small 10"", as a card shows them), never glued into one.
    parts.push(" ");
    for (let c = el.firstChild; c; c = c.nextSibling) visit(c);
    parts.push(" ");
  };
  visit(root);
  return clean(parts.join(""), max);
}

// Elements that start a line of their own where a page is laid out by its tags (CSS is not
// read: describing must stay cheap and give the same answer in any layout state).
const BLOCK_TAGS = new Set(["address", "article", "aside", "blockquote", "dd", "div", "dl",
  "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
  "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr",
  "ul"]);

/** The text of an editable region with its lines kept: a block (a paragraph, a list's
 * item) or a <br> starts a new line, blanks within a line are collapsed and empty lines
 * dropped, as `innerText` reads it ("tent\nsleeping bag\nstove" for a bulleted list, never
 * "tentsleeping bagstove"). At most `max` characters. */
export function linesOf(root: Node, max = 500): string {
  const lines: string[] = [];
  let line = "";
  let length = 0;
  let cut = false;
  const breakLine = (): void => {
    const t = line.replace(/\s+/g, " ").trim();
    if (t) {
      lines.push(t);
      length += t.length + 1;
    }
    line = "";
  };
  const visit = (node: Node): void => {
    // (a long text is not read past what is kept, even in one paragraph; blanks that
    // collapse are allowed for)
    if (length + line.length > max * 2) {
      cut = true;
      return;
    }
    if (node.nodeType === 3) {
      line += node.nodeValue ?? "";
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = (node as Element).localName;
    if (SKIP_TEXT.has(tag)) return;
    if (tag === "br") return breakLine();
    const block = BLOCK_TAGS.has(tag);
    if (block) breakLine();
    for (let c = node.firstChild; c; c = c.nextSibling) visit(c);
    if (block) breakLine();
  };
  visit(root);
  breakLine();
  const text = lines.join("\n");
  return cut || text.length > max ? text.slice(0, max - 1) + "…" : text;
}

export type AttrGetter = (name: string) => string | null;

/** One call for the attribute names, then reads only of those present: most elements
 * have two or three attributes, and the indexer asks about a dozen. One reader is reused
 * (the indexer describes one element at a time), so nothing is allocated per element. */
class AttrReader {
  private el: Element | null = null;
  private names: string[] = [];
  readonly get: AttrGetter = (name: string) =>
    this.names.includes(name) ? this.el!.getAttribute(name) : null;

  for(el: Element): AttrGetter {
    this.el = el;
    this.names = el.getAttributeNames();
    return this.get;
  }
}

const shared = new AttrReader();

export function attrReader(el: Element): AttrGetter {
  return shared.for(el);
}

// Which elements set `cursor: pointer` (a div or span with a click handler shows itself
// this way). Reading the computed style of every element costs ~3 µs each: on a page of
// 20,000 nodes that alone breaks the indexing budget. So the CSS rules that set the
// pointer are read once and matched natively; only their matches get a computed style.

const PSEUDO_STATE = /:(?:hover|focus|focus-visible|focus-within|active)\b/g;

function collect(rules: CSSRuleList, out: string[]): void {
  for (const rule of Array.from(rules)) {
    const style = (rule as CSSStyleRule).style;
    const selector = (rule as CSSStyleRule).selectorText;
    if (style && selector && style.cursor === "pointer") out.push(selector);
    const nested = (rule as CSSGroupingRule).cssRules;
    if (nested && nested.length) collect(nested, out);
  }
}

export interface PointerScan {
  /** Elements whose own style sets the pointer (not merely inherited). */
  set: Set<Element>;
  /** Some stylesheet could not be read (cross-origin): check classed elements one by one. */
  unknown: boolean;
}

/** A root's stylesheets: linked and inline ones, then adopted ones. */
export function styleSheetsOf(root: Document | ShadowRoot): CSSStyleSheet[] {
  return [
    ...Array.from(root.styleSheets ?? []),
    ...((root as unknown as { adoptedStyleSheets?: CSSStyleSheet[] }).adoptedStyleSheets ?? []),
  ];
}

export function scanPointers(root: Document | ShadowRoot, win: Window): PointerScan {
  const selectors: string[] = [];
  let unknown = false;
  for (const sheet of styleSheetsOf(root)) {
    try {
      collect(sheet.cssRules, selectors);
    } catch {
      unknown = true; // cross-origin sheet
    }
  }
  const matched = new Set<Element>();
  const add = (sel: string): void => {
    try {
      for (const el of Array.from(root.querySelectorAll(sel))) matched.add(el);
    } catch {
      /* a selector qSA cannot take (pseudo-elements) */
    }
  };
  const all = [...selectors.map((sel) => sel.replace(PSEUDO_STATE, "")), '[style*="cursor"]'];
  try {
    // One native pass over the tree for every selector at once...
    for (const el of Array.from(root.querySelectorAll(all.join(",")))) matched.add(el);
  } catch {
    for (const sel of all) add(sel); // ...unless one of them is not for qSA
  }
  const set = new Set<Element>();
  for (const el of matched) {
    if (win.getComputedStyle(el).cursor !== "pointer") continue; // media query, override
    const parent = el.parentElement;
    if (parent && win.getComputedStyle(parent).cursor === "pointer") continue; // inherited
    set.add(el);
  }
  return { set, unknown };
}

/** The slow path, for pages with unreadable stylesheets. */
export function setsPointer(el: Element, win: Window): boolean {
  if (win.getComputedStyle(el).cursor !== "pointer") return false;
  const parent = el.parentElement;
  return !parent || win.getComputedStyle(parent).cursor !== "pointer";
}

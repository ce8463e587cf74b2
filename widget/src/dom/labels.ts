// The accessible name of a control: aria-labelledby, aria-label, <label for>, a wrapping
// <label>, then a short text just before the control ("Name: <input>"), title, alt.

import { type AttrGetter, clean, textOf } from "./text";

function byIdInRoot(el: Element, id: string): Element | null {
  const root = el.getRootNode() as Document | ShadowRoot;
  return root.getElementById ? root.getElementById(id) : null;
}

/** Labels by the control they name, for a whole root at once. `el.labels` is a live list
 * that walks the whole document on first use: per element that is O(n²) on big pages. */
export type LabelMap = Map<Element, Element[]>;

const LABELABLE = "input:not([type=hidden]),select,textarea,button,meter,output,progress";

export function labelMap(root: Document | ShadowRoot, labels?: Element[]): LabelMap {
  const map: LabelMap = new Map();
  for (const label of labels ?? Array.from(root.querySelectorAll("label"))) {
    const forId = label.getAttribute("for");
    const control = forId !== null
      ? (root.getElementById ? root.getElementById(forId) : null)
      : label.querySelector(LABELABLE);
    if (!control) continue;
    const list = map.get(control);
    if (list) list.push(label);
    else map.set(control, [label]);
  }
  return map;
}

function labelsOf(el: Element, map?: LabelMap): Element[] {
  if (map) return map.get(el) ?? [];
  const out: Element[] = [];
  const wrapping = el.closest("label");
  if (wrapping) out.push(wrapping);
  if (el.id) {
    const root = el.getRootNode() as Document | ShadowRoot;
    const forLabel = root.querySelector?.(`label[for="${cssEscape(el.id)}"]`);
    if (forLabel && forLabel !== wrapping) out.push(forLabel);
  }
  return out;
}

function cssEscape(v: string): string {
  return typeof CSS !== "undefined" && CSS.escape ? CSS.escape(v) : v.replace(/["\\]/g, "\\$&");
}

function precedingText(el: Element): string {
  let node: Node | null = el.previousSibling;
  for (let hops = 0; node && hops < 3; hops++, node = node.previousSibling) {
    if (node.nodeType === 3) {
      const t = clean(node.nodeValue, 80);
      if (t) return t.replace(/[:*]\s*$/, "").trim();
      continue;
    }
    if (node.nodeType !== 1) continue;
    const sib = node as Element;
    const tag = sib.localName;
    if (tag === "br") continue;
    if (["input", "select", "textarea", "button", "a"].includes(tag)) return "";
    if (sib.querySelector("input,select,textarea,button")) return "";
    const t = textOf(sib, null, 80);
    return t.length <= 60 ? t.replace(/[:*]\s*$/, "").trim() : "";
  }
  return "";
}

export function labelOf(el: Element, tag: string, isField: boolean, map?: LabelMap,
  attr: AttrGetter = (n) => el.getAttribute(n)): string {
  const labelledby = attr("aria-labelledby");
  if (labelledby) {
    const t = clean(
      labelledby.split(/\s+/).map((id) => {
        const ref = byIdInRoot(el, id);
        return ref ? textOf(ref) : "";
      }).join(" "),
    );
    if (t) return t;
  }
  const aria = clean(attr("aria-label"));
  if (aria) return aria;
  if (isField || tag === "button" || tag === "meter" || tag === "progress") {
    const texts = labelsOf(el, map).map((label) => textOf(label, el)).filter(Boolean);
    if (texts.length) return clean(texts.join(" "));
  }
  if (isField && tag === "input") {
    // TodoMVC's `<input class="toggle"><label>Buy milk</label>`: the label right after a
    // control, tied to nothing else, names it.
    const next = el.nextElementSibling;
    if (next && next.localName === "label" && !next.hasAttribute("for") &&
        !next.querySelector(LABELABLE)) {
      const t = textOf(next, null, 120);
      if (t) return t;
    }
  }
  if (isField) {
    const before = precedingText(el);
    if (before) return before;
  }
  const title = clean(attr("title"));
  if (title) return title;
  if (tag === "img" || (tag === "input" && (el as HTMLInputElement).type === "image")) {
    return clean(attr("alt"));
  }
  return "";
}

const PRIVATE_USE = /[\ue000-\uf8ff]/g;

/** What an icon-only control shows or is called when it has no words of its own: its CSS
 * ::before/::after text (TodoMVC's "×"), else the words of its class ("destroy",
 * "btn-delete" -> "btn delete"). */
export function iconName(el: Element, win: Window): { text?: string; label?: string } {
  for (const pseudo of ["::before", "::after"]) {
    const content = win.getComputedStyle(el, pseudo).content;
    if (!content || content === "none" || content === "normal") continue;
    const t = clean(content.replace(/^["']|["']$/g, "").replace(PRIVATE_USE, ""), 20);
    if (t) return { text: t };
  }
  const words = clean((el.getAttribute("class") ?? "").replace(/[-_]+/g, " "), 40);
  return /[a-z]{3}/i.test(words) ? { label: words } : {};
}

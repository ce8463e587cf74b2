// Universal indexing: one pass over the page (open shadow roots and same-origin iframes
// included) that lists what a visitor can act on, with stable ids, labels and state.
// Costly reads (layout, hit tests) are done only where they matter, to stay fast on
// pages with thousands of elements.

import { formOf } from "./forms";
import { idOf, pruneIds } from "./ids";
import { type LabelMap, labelMap, labelOf } from "./labels";
import { type PointerScan, scanPointers, setsPointer } from "./pointer";
import { implicitRole, isInteractive, isTextEntry } from "./roles";
import { attrReader, clean, textOf } from "./text";
import type { IndexedElement, SelectOption } from "./types";
import { hasSize, inViewport, isCovered, type Viewport } from "./visibility";

export interface IndexOptions {
  /** The embed's own host element, never indexed. */
  widgetHost?: Element | null;
  /** At most this many elements (SPEC §8: 5,000 kept per context). */
  maxElements?: number;
  /** At most this many hit tests for "covered by another element". */
  maxHitTests?: number;
}

export interface IndexResult {
  elements: IndexedElement[];
  /** Open shadow roots and same-origin iframe documents met on the way (for visibleText). */
  shadowRoots: ShadowRoot[];
  frameDocs: Document[];
}

const SKIP_TAGS = new Set(["script", "style", "noscript", "template", "head", "meta", "link",
  "title", "base", "option", "optgroup", "datalist", "br", "wbr", "source", "track"]);
const NATIVE = new Set(["a", "area", "button", "input", "select", "textarea", "summary"]);
const SECRET_AUTOCOMPLETE = /cc-number|cc-csc|one-time-code|new-password|current-password/;
const MAX_OPTIONS = 100;

interface Walk {
  out: IndexedElement[];
  opts: Required<IndexOptions>;
  hitTests: number;
  shadowRoots: ShadowRoot[];
  frameDocs: Document[];
}

interface Scope {
  win: Window;
  /** Read once: innerWidth/innerHeight may each force a layout check. */
  viewport: Viewport;
  siteRoot?: string;
  frame: boolean;
  shadow: boolean;
  labels: LabelMap;
  pointers: PointerScan;
  confirmMarks: boolean;
  disabledSets: boolean;
  /** Elements whose attributes may make them interactive (one native query, instead of
   * five attribute reads on every node of the page). */
  marked: Set<Element>;
}

const MARKED = "[role],[contenteditable],[onclick],[tabindex]";
const FLAGS = "[data-leflux-confirm],fieldset[disabled]";

function scopeFor(root: Document | ShadowRoot, win: Window, frame: boolean, shadow: boolean): Scope {
  // One native pass for everything attribute-based.
  const marked = new Set<Element>();
  const labels: HTMLLabelElement[] = [];
  let confirmMarks = shadow && !!(root as ShadowRoot).host.closest("[data-leflux-confirm]");
  let disabledSets = false;
  for (const el of Array.from(root.querySelectorAll(`label,${MARKED},${FLAGS}`))) {
    const tag = el.localName;
    if (tag === "label") labels.push(el as HTMLLabelElement);
    else if (tag === "fieldset" && el.hasAttribute("disabled")) disabledSets = true;
    if (el.hasAttribute("data-leflux-confirm")) confirmMarks = true;
    if (tag !== "label" && tag !== "fieldset") marked.add(el);
  }
  return {
    win, frame, shadow, marked, confirmMarks, disabledSets,
    viewport: { innerWidth: win.innerWidth, innerHeight: win.innerHeight },
    siteRoot: siteRoot(win.document),
    labels: labelMap(root, labels),
    pointers: scanPointers(root, win),
  };
}

export function indexPage(doc: Document = document, options: IndexOptions = {}): IndexResult {
  const walk: Walk = {
    out: [],
    opts: {
      widgetHost: options.widgetHost ?? null,
      maxElements: options.maxElements ?? 5000,
      maxHitTests: options.maxHitTests ?? 400,
    },
    hitTests: 0,
    shadowRoots: [],
    frameDocs: [],
  };
  const win = doc.defaultView;
  if (win && doc.documentElement) {
    visitChildren(doc.documentElement, walk, scopeFor(doc, win, false, false), undefined);
  }
  pruneIds();
  return { elements: walk.out, shadowRoots: walk.shadowRoots, frameDocs: walk.frameDocs };
}

function visitChildren(parent: Element | ShadowRoot, walk: Walk, scope: Scope,
  parentId: number | undefined): void {
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
    if (walk.out.length >= walk.opts.maxElements) return;
    visit(c, walk, scope, parentId);
  }
}

function visit(el: Element, walk: Walk, scope: Scope, parentId: number | undefined): void {
  const tag = el.localName;
  if (SKIP_TAGS.has(tag) || el === walk.opts.widgetHost) return;
  let candidate = (NATIVE.has(tag) || scope.marked.has(el)) && isInteractive(el, tag);
  if (!candidate && parentId === undefined && tag !== "label" && tag !== "html" &&
      tag !== "body") {
    // A div/span with a click handler shows itself by its cursor.
    candidate = scope.pointers.set.has(el) ||
      (scope.pointers.unknown && el.hasAttribute("class") && setsPointer(el, scope.win));
  }
  let myId = parentId;
  if (candidate) {
    const entry = describeIfVisible(el, tag, walk, scope, parentId);
    if (entry) {
      walk.out.push(entry);
      myId = entry.id;
    }
  }
  if (tag === "select" || tag === "svg" || tag === "textarea") return;
  if (tag === "iframe") {
    visitFrame(el as HTMLIFrameElement, walk, myId);
    return;
  }
  const shadow = (el as HTMLElement).shadowRoot;
  if (shadow) {
    walk.shadowRoots.push(shadow);
    visitChildren(shadow, walk, scopeFor(shadow, scope.win, scope.frame, true), myId);
  }
  visitChildren(el, walk, scope, myId);
}

function visitFrame(frame: HTMLIFrameElement, walk: Walk, parentId: number | undefined): void {
  let doc: Document | null = null;
  try {
    doc = frame.contentDocument; // null (or a throw) when cross-origin
  } catch {
    doc = null;
  }
  const win = doc?.defaultView;
  if (!doc || !win || !doc.documentElement) return;
  walk.frameDocs.push(doc);
  visitChildren(doc.documentElement, walk, scopeFor(doc, win, true, false), parentId);
}

/** Style-level visibility: checkVisibility() where the browser has it (one call covers
 * display:none, visibility and opacity of every ancestor), else computed styles. */
function styleVisible(el: Element, win: Window): boolean {
  const check = (el as HTMLElement).checkVisibility;
  if (typeof check === "function") {
    return check.call(el, { opacityProperty: true, visibilityProperty: true });
  }
  const cs = win.getComputedStyle(el);
  if (cs.visibility === "hidden" || cs.visibility === "collapse") return false;
  for (let e: Element | null = el; e; e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host ?? null)) {
    const s = win.getComputedStyle(e);
    if (s.display === "none" || s.opacity === "0") return false;
  }
  return true;
}

function describeIfVisible(el: Element, tag: string, walk: Walk, scope: Scope,
  parentId: number | undefined): IndexedElement | null {
  // checkVisibility first: it rejects hidden subtrees without a layout box.
  const styled = styleVisible(el, scope.win);
  const r = el.getBoundingClientRect();
  // DOMRect getters are calls into the browser too: read each once.
  const rect = { left: r.left, top: r.top, width: r.width, height: r.height };
  const visible = styled && hasSize(rect);
  if (!visible) {
    // Custom-styled checkboxes hide the input and show its label; the input still works.
    const type = (el as HTMLInputElement).type;
    if (!(tag === "input" && (type === "checkbox" || type === "radio") &&
        (scope.labels.get(el) ?? []).some((l) => hasSize(l.getBoundingClientRect()) &&
          styleVisible(l, scope.win)))) {
      return null;
    }
  }
  const onScreen = visible && inViewport(rect, scope.viewport);
  if (onScreen && walk.hitTests < walk.opts.maxHitTests) {
    walk.hitTests++;
    if (isCovered(el, rect, walk.opts.widgetHost)) return null;
  }
  return describe(el, tag, onScreen, parentId, scope);
}

export function describe(
  el: Element, tag: string, onScreen: boolean, parentId: number | undefined,
  scope: Pick<Scope, "frame" | "shadow" | "confirmMarks"> &
    { labels?: LabelMap; disabledSets?: boolean; siteRoot?: string },
): IndexedElement {
  const entry: IndexedElement = { id: idOf(el), tag };
  const attr = attrReader(el);
  const role = implicitRole(el, tag, attr);
  if (role) entry.role = role;
  const field = tag === "input" || tag === "select" || tag === "textarea";
  const input = el as HTMLInputElement;
  if (tag === "input") entry.type = input.type;
  else if (tag === "button") entry.type = (el as HTMLButtonElement).type;

  const label = labelOf(el, tag, field, scope.labels, attr);
  if (label) entry.label = label;
  const editable = !field && attr("contenteditable") !== null &&
    (el as HTMLElement).isContentEditable;
  if (!editable && (!field || input.type === "submit" || input.type === "button" ||
      input.type === "reset")) {
    const text = tag === "input" ? clean(input.value) : textOf(el, null, 150);
    if (text) entry.text = text;
  }
  const placeholder = attr("placeholder");
  if (placeholder) entry.placeholder = clean(placeholder);
  const name = attr("name");
  if (name) entry.name = name;

  if (tag === "select") {
    // Children, not select.options: that live collection is slow to build per element.
    const options: SelectOption[] = [];
    let value = "";
    const add = (o: HTMLOptionElement): void => {
      if (o.selected && !value) value = o.value;
      if (options.length < MAX_OPTIONS) {
        options.push({ value: o.value, text: clean(o.textContent, 100), selected: o.selected });
      }
    };
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
      if (c.localName === "option") add(c as HTMLOptionElement);
      else if (c.localName === "optgroup") {
        for (let o = c.firstElementChild; o; o = o.nextElementSibling) {
          if (o.localName === "option") add(o as HTMLOptionElement);
        }
      }
    }
    entry.value = value;
    entry.options = options;
  } else if (isTextEntry(el)) {
    const secret = input.type === "password" ||
      SECRET_AUTOCOMPLETE.test(attr("autocomplete") || "");
    // Never send a password (or card number) to the server; say only whether it is filled.
    if (!secret) entry.value = clean(input.value, 500);
    else if (input.value) (entry as IndexedElement & { filled?: boolean }).filled = true;
  } else if (editable) {
    entry.value = textOf(el, null, 500);
  } else if (tag === "input" && (input.type === "range" || input.type === "color")) {
    entry.value = input.value;
  }
  if (tag === "input" && (input.type === "checkbox" || input.type === "radio")) {
    entry.checked = input.checked;
    if (input.value && input.value !== "on") entry.value = input.value;
  } else {
    const aria = attr("aria-checked") ?? attr("aria-pressed") ?? attr("aria-selected");
    if (aria === "true" || aria === "false") entry.checked = aria === "true";
  }
  const disabled = (el as HTMLButtonElement).disabled === true ||
    attr("aria-disabled") === "true" ||
    ((field || tag === "button") && scope.disabledSets !== false &&
      !!el.closest("fieldset[disabled]"));
  if (disabled) entry.disabled = true;
  // Required fields (native or ARIA): the planner asks before submitting a form whose
  // required consent box is still unticked.
  if ((field && (el as HTMLInputElement).required === true) || attr("aria-required") === "true") {
    (entry as IndexedElement & { required?: boolean }).required = true;
  }
  if (tag === "a" || tag === "area") {
    const href = absoluteHref(el, attr("href"), scope);
    if (href) entry.href = href;
  }
  entry.inViewport = onScreen;
  if (parentId !== undefined) entry.parentId = parentId;
  const form = field || tag === "button" ? formOf(el) : null;
  if (form) entry.formId = idOf(form);
  if (scope.confirmMarks && (el.closest("[data-leflux-confirm]") ||
      isInMarkedHost(el))) {
    entry.confirm = true;
  }
  if (scope.frame) entry.frame = true;
  if (scope.shadow) entry.shadow = true;
  return entry;
}

/** `a.href` re-resolves the URL on every read; most links are already absolute or
 * site-rooted, which a string join resolves. */
function absoluteHref(el: Element, raw: string | null, scope: { siteRoot?: string }): string {
  if (!raw) return "";
  if (raw.startsWith("https://") || raw.startsWith("http://")) return raw;
  if (raw[0] === "/" && raw[1] !== "/" && scope.siteRoot) return scope.siteRoot + raw;
  return (el as HTMLAnchorElement).href;
}

/** The origin that a "/path" href joins, when the document has no <base> to say else. */
function siteRoot(doc: Document): string | undefined {
  try {
    return doc.baseURI === doc.URL ? doc.location.origin : undefined;
  } catch {
    return undefined;
  }
}

function isInMarkedHost(el: Element): boolean {
  const root = el.getRootNode() as ShadowRoot;
  return !!root.host && !!root.host.closest("[data-leflux-confirm]");
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

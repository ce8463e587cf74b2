// Universal indexing: one pass over the page (open shadow roots and same-origin iframes
// included) that lists what a visitor can act on, with stable ids, labels and state.
// Costly reads (layout, hit tests) are done only where they matter, to stay fast on
// pages with thousands of elements.

import { resetChecks, watchValidity } from "./checks";
import { describe } from "./describe";
import { cardsIn, NOWHERE, type Place, placeInside, resetPlaces } from "./group";
import { pruneIds } from "./ids";
import { type LabelMap, labelMap } from "./labels";
import { type PointerScan, scanPointers, setsPointer } from "./pointer";
import { isInteractive } from "./roles";
import { hoverOnly, type RevealScan, scanReveals, underReveal, withRevealed } from "./reveal";
import type { IndexedElement } from "./types";
import { type Box, hasSize, inViewport, isCovered, type Viewport } from "./visibility";

export interface IndexOptions {
  /** The embed's own host element, never indexed. */
  widgetHost?: Element | null;
  /** At most this many elements (5,000 kept per context). */
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

/** An element hidden now that its row's hover/focus rules show: measured afterwards. */
interface Deferred {
  el: Element;
  tag: string;
  at: number;
  parentId: number | undefined;
  place: Place;
  scope: Scope;
}

interface Walk {
  out: IndexedElement[];
  deferred: Deferred[];
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
  root: Document | ShadowRoot;
  reveals: RevealScan | null;
  cards: Set<Element>;
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
    root,
    reveals: scanReveals(root),
    cards: cardsIn(root),
  };
}

export function indexPage(doc: Document = document, options: IndexOptions = {}): IndexResult {
  const walk: Walk = {
    out: [],
    deferred: [],
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
  resetPlaces();
  resetChecks();
  if (win && doc.documentElement) {
    watchValidity(doc);
    visitChildren(doc.documentElement, walk, scopeFor(doc, win, false, false), undefined,
      NOWHERE);
  }
  if (walk.deferred.length) measureRevealed(walk);
  pruneIds();
  return { elements: walk.out, shadowRoots: walk.shadowRoots, frameDocs: walk.frameDocs };
}

function visitChildren(parent: Element | ShadowRoot, walk: Walk, scope: Scope,
  parentId: number | undefined, place: Place): void {
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
    if (walk.out.length >= walk.opts.maxElements) return;
    visit(c, walk, scope, parentId, place);
  }
}

function visit(el: Element, walk: Walk, scope: Scope, parentId: number | undefined,
  place: Place): void {
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
    const entry = describeIfVisible(el, tag, walk, scope, parentId, place);
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
  const inner = placeInside(el, tag, scope.marked.has(el) ? el.getAttribute("role") : null,
    place, scope.cards);
  const shadow = (el as HTMLElement).shadowRoot;
  if (shadow) {
    walk.shadowRoots.push(shadow);
    visitChildren(shadow, walk, scopeFor(shadow, scope.win, scope.frame, true), myId, inner);
  }
  visitChildren(el, walk, scope, myId, inner);
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
  visitChildren(doc.documentElement, walk, scopeFor(doc, win, true, false), parentId, NOWHERE);
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

const TOGGLES = new Set(["checkbox", "radio"]);

/** A visible label that operates the control: an associated <label>, or (TodoMVC) the
 * label right next to a toggle. */
function visibleLabel(el: Element, scope: Scope): boolean {
  const shown = (l: Element): boolean => hasSize(l.getBoundingClientRect()) &&
    styleVisible(l, scope.win);
  if ((scope.labels.get(el) ?? []).some(shown)) return true;
  const next = el.nextElementSibling;
  return !!next && next.localName === "label" && !next.hasAttribute("for") && shown(next);
}

/** Inputs hidden on purpose and operated some other way: transparent but still taking the
 * click (opacity 0 over a styled box), clipped or 1-pixel "sr-only", or hidden entirely
 * behind a styled label. */
function operableHidden(el: Element, tag: string, rect: Box, scope: Scope,
  walk: Walk): boolean {
  if (tag !== "input") return false;
  const type = (el as HTMLInputElement).type;
  if (visibleLabel(el, scope)) return true;
  if (!TOGGLES.has(type) && type !== "file" && type !== "range" && type !== "color") return false;
  // Transparent but laid out: it is what the pointer hits.
  if (!hasSize(rect) || !inViewport(rect, scope.viewport) ||
      walk.hitTests >= walk.opts.maxHitTests) {
    return false;
  }
  const check = (el as HTMLElement).checkVisibility;
  if (typeof check === "function" && !check.call(el, { visibilityProperty: true })) return false;
  walk.hitTests++;
  return !isCovered(el, rect, walk.opts.widgetHost);
}

function describeIfVisible(el: Element, tag: string, walk: Walk, scope: Scope,
  parentId: number | undefined, place: Place): IndexedElement | null {
  // checkVisibility first: it rejects hidden subtrees without a layout box.
  const styled = styleVisible(el, scope.win);
  const r = el.getBoundingClientRect();
  // DOMRect getters are calls into the browser too: read each once.
  const rect = { left: r.left, top: r.top, width: r.width, height: r.height };
  const visible = styled && hasSize(rect);
  if (!visible) {
    if (operableHidden(el, tag, rect, scope, walk)) {
      return describe(el, tag, inViewport(rect, scope.viewport), parentId, scope, place);
    }
    if (underReveal(el, scope.reveals)) {
      walk.deferred.push({ el, tag, at: walk.out.length, parentId, place, scope });
    }
    return null;
  }
  const onScreen = inViewport(rect, scope.viewport);
  if (onScreen && walk.hitTests < walk.opts.maxHitTests) {
    walk.hitTests++;
    // Covered by something else: a visually hidden input under its own styled label
    // still works through that label.
    if (isCovered(el, rect, walk.opts.widgetHost) &&
        !(tag === "input" && visibleLabel(el, scope))) {
      return null;
    }
  }
  return describe(el, tag, onScreen, parentId, scope, place);
}

/** Elements shown only on hover/focus of their row: measured with those rules applied,
 * and put back in page order. */
function measureRevealed(walk: Walk): void {
  const found: Array<[number, IndexedElement]> = [];
  const byRoot = new Map<Document | ShadowRoot, Deferred[]>();
  for (const d of walk.deferred) {
    const list = byRoot.get(d.scope.root);
    if (list) list.push(d);
    else byRoot.set(d.scope.root, [d]);
  }
  for (const [root, list] of byRoot) {
    const scan = list[0]!.scope.reveals!;
    withRevealed(root, scan, () => {
      for (const d of list) {
        const r = d.el.getBoundingClientRect();
        if (!styleVisible(d.el, d.scope.win) || !hasSize(r)) continue;
        const entry = describe(d.el, d.tag, inViewport(r, d.scope.viewport), d.parentId,
          d.scope, d.place);
        entry.hoverOnly = true;
        hoverOnly.add(d.el);
        found.push([d.at, entry]);
      }
    });
  }
  // Back to front, so earlier insert positions stay right.
  found.sort((a, b) => b[0] - a[0]);
  for (const [at, entry] of found) {
    if (walk.out.length >= walk.opts.maxElements) break;
    walk.out.splice(at, 0, entry);
  }
}

/** The origin that a "/path" href joins, when the document has no <base> to say else. */
function siteRoot(doc: Document): string | undefined {
  try {
    return doc.baseURI === doc.URL ? doc.location.origin : undefined;
  } catch {
    return undefined;
  }
}

// Universal indexing: one pass over the page (open shadow roots and same-origin iframes
// included) that lists what a visitor can act on, with stable ids, labels and state.
// Costly reads (layout, hit tests) are done only where they matter, to stay fast on
// pages with thousands of elements.

import { idOf, pruneIds } from "./ids";
import { labelOf } from "./labels";
import { implicitRole, isInteractive, isTextEntry } from "./roles";
import { clean, textOf } from "./text";
import type { IndexedElement, SelectOption } from "./types";
import { hasSize, inViewport, isCovered } from "./visibility";

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
  frame: boolean;
  shadow: boolean;
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
    visitChildren(doc.documentElement, walk, { win, frame: false, shadow: false },
      undefined, false, false);
  }
  pruneIds();
  return { elements: walk.out, shadowRoots: walk.shadowRoots, frameDocs: walk.frameDocs };
}

function visitChildren(
  parent: Element | ShadowRoot, walk: Walk, scope: Scope, parentId: number | undefined,
  parentPointer: boolean, transparent: boolean,
): void {
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
    if (walk.out.length >= walk.opts.maxElements) return;
    visit(c, walk, scope, parentId, parentPointer, transparent);
  }
}

function visit(
  el: Element, walk: Walk, scope: Scope, parentId: number | undefined,
  parentPointer: boolean, transparent: boolean,
): void {
  const tag = el.localName;
  if (SKIP_TAGS.has(tag) || el === walk.opts.widgetHost) return;
  const cs = scope.win.getComputedStyle(el);
  if (cs.display === "none") return;
  const hidden = transparent || cs.opacity === "0";
  const pointer = cs.cursor === "pointer";
  let candidate = isInteractive(el, tag);
  if (!candidate && pointer && !parentPointer && parentId === undefined && tag !== "label" &&
      tag !== "html" && tag !== "body") {
    candidate = true; // a div/span with a click handler shows itself by its cursor
  }
  let myId = parentId;
  if (candidate) {
    const entry = describeIfVisible(el, tag, cs, hidden, walk, scope, parentId);
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
    visitChildren(shadow, walk, { ...scope, shadow: true }, myId, pointer, hidden);
  }
  visitChildren(el, walk, scope, myId, pointer, hidden);
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
  visitChildren(doc.documentElement, walk, { win, frame: true, shadow: false }, parentId,
    false, false);
}

function labelVisible(el: Element): boolean {
  const labels = (el as HTMLInputElement).labels;
  if (!labels) return false;
  for (const l of Array.from(labels)) {
    if (hasSize(l.getBoundingClientRect())) return true;
  }
  return false;
}

function describeIfVisible(
  el: Element, tag: string, cs: CSSStyleDeclaration, transparent: boolean, walk: Walk,
  scope: Scope, parentId: number | undefined,
): IndexedElement | null {
  const rect = el.getBoundingClientRect();
  const invisible = transparent || cs.visibility === "hidden" || cs.visibility === "collapse" ||
    !hasSize(rect);
  if (invisible) {
    // Custom-styled checkboxes hide the input and show its label; the input still works.
    const type = (el as HTMLInputElement).type;
    if (!(tag === "input" && (type === "checkbox" || type === "radio") && labelVisible(el))) {
      return null;
    }
  }
  const onScreen = !invisible && inViewport(rect, scope.win);
  if (onScreen && walk.hitTests < walk.opts.maxHitTests) {
    walk.hitTests++;
    if (isCovered(el, rect, walk.opts.widgetHost)) return null;
  }
  return describe(el, tag, onScreen, parentId, scope);
}

export function describe(
  el: Element, tag: string, onScreen: boolean, parentId: number | undefined,
  scope: Pick<Scope, "frame" | "shadow">,
): IndexedElement {
  const entry: IndexedElement = { id: idOf(el), tag };
  const role = implicitRole(el, tag);
  if (role) entry.role = role;
  const field = tag === "input" || tag === "select" || tag === "textarea";
  const input = el as HTMLInputElement;
  if (tag === "input") entry.type = input.type;
  else if (tag === "button") entry.type = (el as HTMLButtonElement).type;

  const label = labelOf(el, tag, field);
  if (label) entry.label = label;
  const editable = !field && (el as HTMLElement).isContentEditable;
  if (!editable && (!field || input.type === "submit" || input.type === "button" ||
      input.type === "reset")) {
    const text = tag === "input" ? clean(input.value) : textOf(el, null, 150);
    if (text) entry.text = text;
  }
  const placeholder = el.getAttribute("placeholder");
  if (placeholder) entry.placeholder = clean(placeholder);
  const name = el.getAttribute("name");
  if (name) entry.name = name;

  if (tag === "select") {
    const select = el as HTMLSelectElement;
    entry.value = select.value;
    const options: SelectOption[] = [];
    for (const o of Array.from(select.options).slice(0, MAX_OPTIONS)) {
      options.push({ value: o.value, text: clean(o.text, 100), selected: o.selected });
    }
    entry.options = options;
  } else if (isTextEntry(el)) {
    const secret = input.type === "password" ||
      SECRET_AUTOCOMPLETE.test(el.getAttribute("autocomplete") || "");
    // Never send a password (or card number) to the server; say only whether it is filled.
    if (!secret) entry.value = clean(input.value, 500);
    else if (input.value) (entry as IndexedElement & { filled?: boolean }).filled = true;
  } else if ((el as HTMLElement).isContentEditable) {
    entry.value = textOf(el, null, 500);
  } else if (tag === "input" && (input.type === "range" || input.type === "color")) {
    entry.value = input.value;
  }
  if (tag === "input" && (input.type === "checkbox" || input.type === "radio")) {
    entry.checked = input.checked;
    if (input.value && input.value !== "on") entry.value = input.value;
  } else {
    const aria = el.getAttribute("aria-checked") ?? el.getAttribute("aria-pressed") ??
      el.getAttribute("aria-selected");
    if (aria === "true" || aria === "false") entry.checked = aria === "true";
  }
  const disabled = (el as HTMLButtonElement).disabled === true ||
    el.getAttribute("aria-disabled") === "true" || safeMatches(el, ":disabled") ||
    (field && !!el.closest("fieldset[disabled]"));
  if (disabled) entry.disabled = true;
  if (tag === "a" || tag === "area") {
    const href = (el as HTMLAnchorElement).href;
    if (href) entry.href = href;
  }
  entry.inViewport = onScreen;
  if (parentId !== undefined) entry.parentId = parentId;
  if (el.closest("[data-leflux-confirm]")) entry.confirm = true;
  if (scope.frame) entry.frame = true;
  if (scope.shadow) entry.shadow = true;
  return entry;
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

// What the page says about its fields and itself after an action: a field marked invalid
// (ARIA or native validity once touched), its validation message, the error text next to
// it, the hints that say what a field takes (autocomplete, inputmode, pattern, min/max),
// and the page's alerts and status messages. The planner reads outcomes from these
// instead of guessing from the page's text.

import { clean, textOf } from "./text";
import type { IndexedElement } from "./types";

const ERRORISH = /error|invalid|danger|alert|warning|feedback|help-block|hint/i;
const MAX_ERROR = 200;
const FIELDISH = new Set(["input", "select", "textarea", "button", "label"]);
const MAX_ALERT = 300;
const MAX_ALERTS = 10;

// Native validity counts once the field was touched: a form the visitor (or the agent)
// tried to submit, or a control the browser reported invalid.
const submitted = new WeakSet<Element>();
const reported = new WeakSet<Element>();
let listening = false;

export function watchValidity(doc: Document): void {
  if (listening) return;
  listening = true;
  doc.addEventListener("submit", (e) => {
    if (e.target instanceof Element) submitted.add(e.target);
  }, true);
  doc.addEventListener("invalid", (e) => {
    if (e.target instanceof Element) {
      reported.add(e.target);
      const form = (e.target as HTMLInputElement).form;
      if (form) submitted.add(form);
    }
  }, true);
}

function visibleText(el: Element, max: number): string {
  const h = el as HTMLElement;
  if (typeof h.checkVisibility === "function" && !h.checkVisibility({ visibilityProperty: true })) {
    return "";
  }
  const inner = h.innerText;
  return clean(typeof inner === "string" ? inner : textOf(el, null, max), max);
}

function byIds(el: Element, ids: string | null): Element[] {
  if (!ids) return [];
  const root = el.getRootNode() as Document | ShadowRoot;
  const out: Element[] = [];
  for (const id of ids.split(/\s+/)) {
    const ref = id ? root.getElementById?.(id) : null;
    if (ref) out.push(ref);
  }
  return out;
}

function looksLikeError(el: Element): boolean {
  const cls = el.getAttribute("class");
  if (cls && ERRORISH.test(cls)) return true;
  const id = el.id;
  if (id && ERRORISH.test(id)) return true;
  const role = el.getAttribute("role");
  return role === "alert" || role === "status";
}

// Per index: the error-looking elements of each root, found in one native query, so a
// field looks at its neighbours only on pages that have any.
const ERRORISH_SELECTOR = "[role=alert],[role=status]," + ["error", "invalid", "danger", "alert",
  "warning", "feedback", "help-block", "hint"].map((w) => `[class*=${w} i],[id*=${w} i]`).join(",");
let errorishByRoot = new Map<Node, Set<Element>>();

export function resetChecks(): void {
  errorishByRoot = new Map();
}

function errorishIn(el: Element): Set<Element> {
  const root = el.getRootNode();
  let set = errorishByRoot.get(root);
  if (!set) {
    set = new Set();
    try {
      for (const e of Array.from((root as ParentNode).querySelectorAll(ERRORISH_SELECTOR))) {
        if (looksLikeError(e)) set.add(e);
      }
    } catch {
      // An engine without case-insensitive attribute selectors: every element is a
      // candidate, checked one by one.
      for (const e of Array.from((root as ParentNode).querySelectorAll("[class],[id],[role]"))) {
        if (looksLikeError(e)) set.add(e);
      }
    }
    errorishByRoot.set(root, set);
  }
  return set;
}

/** At most `max` element children, counted no further (`childElementCount` walks them
 * all: on a flat page of thousands, per field, that is quadratic). */
function hasFewChildren(el: Element, max: number): boolean {
  let n = 0;
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) if (++n > max) return false;
  return true;
}

/** An error element right after the field (or after the box wrapping it). */
function nearbyError(el: Element): string {
  const errorish = errorishIn(el);
  if (!errorish.size) return "";
  let anchor: Element | null = el;
  for (let up = 0; anchor && up < 2; up++, anchor = anchor.parentElement) {
    let sib = anchor.nextElementSibling;
    for (let hops = 0; sib && hops < 2; hops++, sib = sib.nextElementSibling) {
      if (FIELDISH.has(sib.localName)) break;
      if (errorish.has(sib)) {
        const t = visibleText(sib, MAX_ERROR);
        if (t) return t;
      }
    }
    const parent = anchor.parentElement;
    // Climb only out of a small wrapper (a label or a one-field box).
    if (!parent || !hasFewChildren(parent, 4)) break;
  }
  return "";
}

function errorTextOf(el: Element, invalid: boolean): string {
  const texts: string[] = [];
  for (const ref of byIds(el, el.getAttribute("aria-errormessage"))) {
    const t = visibleText(ref, MAX_ERROR);
    if (t) texts.push(t);
  }
  for (const ref of byIds(el, el.getAttribute("aria-describedby"))) {
    // Descriptions are often hints ("we never share your email"): only when they say error.
    if (!invalid && !looksLikeError(ref)) continue;
    const t = visibleText(ref, MAX_ERROR);
    if (t) texts.push(t);
  }
  if (!texts.length) {
    const near = nearbyError(el);
    if (near) texts.push(near);
  }
  return clean([...new Set(texts)].join(" "), MAX_ERROR);
}

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function touchedInvalid(field: Field): boolean {
  const type = (field as HTMLInputElement).type;
  // An unticked box or radio is "empty" too (its value is "on" whether ticked or not).
  const empty = type === "checkbox" || type === "radio"
    ? !(field as HTMLInputElement).checked : field.value === "";
  if (empty && !reported.has(field) && !(field.form && submitted.has(field.form))) {
    // Empty and untouched by a submit: invalid only once the visitor left it so.
    try {
      return field.matches(":user-invalid");
    } catch {
      return false;
    }
  }
  const validity = field.validity;
  return !!validity && !validity.valid;
}

/** invalid / validationMessage / errorText / autocomplete / inputMode / pattern / min / max. */
export function describeChecks(entry: IndexedElement, el: Element, field: boolean,
  attr: (n: string) => string | null): void {
  const aria = attr("aria-invalid");
  let invalid = aria !== null && aria !== "false";
  if (field && !invalid) invalid = touchedInvalid(el as Field);
  if (invalid) {
    entry.invalid = true;
    const msg = field ? clean((el as Field).validationMessage, MAX_ERROR) : "";
    if (msg) entry.validationMessage = msg;
  }
  if (field || attr("aria-errormessage") !== null || attr("aria-describedby") !== null) {
    const err = errorTextOf(el, invalid);
    if (err) entry.errorText = err;
  }
  if (!field) return;
  const autocomplete = attr("autocomplete");
  if (autocomplete) entry.autocomplete = autocomplete.slice(0, 100);
  const inputMode = attr("inputmode");
  if (inputMode) entry.inputMode = inputMode.slice(0, 40);
  const pattern = attr("pattern");
  if (pattern) entry.pattern = pattern.slice(0, 200);
  const min = attr("min");
  if (min) entry.min = min.slice(0, 40);
  const max = attr("max");
  if (max) entry.max = max.slice(0, 40);
}

const ALERTS = "[role=alert],[role=status],[aria-live]:not([aria-live=off]),[class*=error i]," +
  "[class*=alert i],[class*=success i],[class*=notice i],[class*=invalid i],[id*=error i]," +
  "[id*=alert i],[id*=success i],[id*=notice i]";

/** Visible texts of alerts, status regions and error/success notices, outermost first. */
export function pageAlerts(doc: Document, widgetHost: Element | null): string[] {
  const out: string[] = [];
  const taken: Element[] = [];
  let found: Element[];
  try {
    found = Array.from(doc.querySelectorAll(ALERTS));
  } catch {
    // An engine without case-insensitive attribute selectors.
    found = Array.from(doc.querySelectorAll(ALERTS.replace(/ i\]/g, "]")
      .replace(/:not\(\[aria-live=off\]\)/, "")));
  }
  for (const el of found) {
    if (out.length >= MAX_ALERTS) break;
    if (widgetHost && (el === widgetHost || widgetHost.contains(el))) continue;
    if (taken.some((t) => t.contains(el))) continue;
    const tag = el.localName;
    // A form or page box whose class mentions "error" holds fields, not a message.
    if (tag === "html" || tag === "body" || tag === "form" || tag === "input" ||
        tag === "select" || tag === "textarea" ||
        el.querySelector("input:not([type=hidden]),select,textarea")) {
      continue;
    }
    const text = visibleText(el, MAX_ALERT);
    if (!text) continue;
    taken.push(el);
    if (!out.includes(text)) out.push(text);
  }
  return out;
}

// Forms, focus and implicit submission. The server's high-stakes gate judges a key press
// by the form it would submit, so the page context says which form each control is in,
// what each form's submit controls are, and what has focus. While a key press runs, the
// embed refuses to let it submit a form the site marked (`data-leflux-confirm`) unless
// the visitor approved the plan.

import { idOf, knownId } from "./ids";
import { isTextEntry } from "./roles";
import type { FormInfo, IndexedElement } from "./types";

const MARK = "[data-leflux-confirm]";
const MAX_TEXTS = 5;

/** The form a control belongs to (`form="…"` honoured); null for elements that have none. */
export function formOf(el: Element): HTMLFormElement | null {
  const form = (el as HTMLInputElement).form;
  return form && typeof form === "object" && form.localName === "form" ? form : null;
}

/** A control whose default action submits its form. */
export function isSubmitter(el: Element): boolean {
  const tag = el.localName;
  if (tag === "button") return (el as HTMLButtonElement).type === "submit";
  if (tag !== "input") return false;
  const type = (el as HTMLInputElement).type;
  return type === "submit" || type === "image";
}

/** The site's mark on the element, an ancestor, or the shadow host it lives in. */
export function isMarked(el: Element): boolean {
  if (el.closest(MARK)) return true;
  const root = el.getRootNode() as ShadowRoot;
  return !!root.host && isMarked(root.host);
}

// Submit controls, for the one native query per form that finds those the index left
// out (hidden ones still take part in an implicit submission).
const SUBMITTERS = 'button:not([type]),button[type="submit" i],input[type="submit" i],' +
  'input[type="image" i]';

/** Whether the site marked the form itself or one of its submit controls. */
export function formIsMarked(form: HTMLFormElement): boolean {
  if (isMarked(form)) return true;
  for (const m of Array.from(form.querySelectorAll(MARK))) {
    if (isSubmitter(m) || m.querySelector(SUBMITTERS)) return true;
  }
  return false;
}

function submitsItsForm(e: IndexedElement): boolean {
  return (e.tag === "button" && e.type === "submit") ||
    (e.tag === "input" && (e.type === "submit" || e.type === "image"));
}

/** Every form that holds one of the indexed controls, described from the index (its
 * submit controls are indexed elements too) plus two native queries per form: no walk
 * over a form's controls, which on a big form would cost as much as the index. */
export function formsOf(elements: IndexedElement[],
  lookup: (id: number) => Element | null): FormInfo[] {
  const submitters = new Map<number, IndexedElement[]>();
  for (const e of elements) {
    if (e.formId == null) continue;
    let list = submitters.get(e.formId);
    if (!list) submitters.set(e.formId, list = []);
    if (submitsItsForm(e)) list.push(e);
  }
  const out: FormInfo[] = [];
  for (const [id, subs] of submitters) {
    const form = lookup(id);
    if (!form || form.localName !== "form") continue;
    const texts: string[] = [];
    for (const e of subs) {
      const t = e.text || e.label || e.value;
      if (t && texts.length < MAX_TEXTS && !texts.includes(t)) texts.push(t);
    }
    // Attributes, not form.method/form.action: a control named "action" shadows those.
    const info: FormInfo = { id, submitIds: subs.map((e) => e.id),
      hasSubmit: subs.length > 0 || !!form.querySelector(SUBMITTERS),
      marked: subs.some((e) => e.confirm === true) || formIsMarked(form as HTMLFormElement),
      method: (form.getAttribute("method") || "get").toLowerCase() };
    try {
      info.action = new URL(form.getAttribute("action") || "", form.ownerDocument.baseURI).href;
    } catch {
      // an unparsable action: the server judges the form without it
    }
    if (texts.length) info.text = texts.join(" / ");
    out.push(info);
  }
  return out;
}

/** The focused element, through open shadow roots and same-origin iframes; null when
 * the page has none (or the visitor is typing in the chat). */
export function focusedElement(doc: Document): Element | null {
  let a: Element | null = doc.activeElement;
  if (!a || a === doc.body || a === doc.documentElement) return null;
  // The visitor's focus is often still in the chat input: that is not the page's.
  if (a.localName === "leflux-widget") return null;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  if (a && a.localName === "iframe") {
    try {
      const inner = (a as HTMLIFrameElement).contentDocument;
      if (inner) return focusedElement(inner) ?? a;
    } catch {
      return a;
    }
  }
  return a;
}

/** The id the page context reports as focused: an indexed element, or a form control the
 * index left out (the server then cannot see it and asks before Enter). */
export function focusedIdOf(doc: Document, indexed: IndexedElement[]): number | null {
  const el = focusedElement(doc);
  if (!el) return null;
  const id = knownId(el);
  if (id !== undefined && indexed.some((e) => e.id === id)) return id;
  return formOf(el) ? idOf(el) : null;
}

/** The marked form a key press on `target` would submit by default, or null. */
export function markedSubmission(target: Element, key: string): HTMLFormElement | null {
  if (key !== "Enter" && key !== " ") return null;
  const form = formOf(target);
  if (!form) return null;
  if (isSubmitter(target)) return isMarked(target) ? form : null;
  // Enter in a text field submits through the form's default button.
  if (key === "Enter" && target.localName === "input" && isTextEntry(target)) {
    return formIsMarked(form) ? form : null;
  }
  return null;
}

/** Run `press` with every submission of a marked form cancelled (a page's own Enter
 * handler may submit too). Returns whether one was cancelled. */
export function withMarkedSubmitsBlocked(target: Element, press: () => void): boolean {
  let blocked = false;
  const guard = (ev: Event): void => {
    const form = ev.target as Element | null;
    if (!form || form.localName !== "form") return;
    const by = (ev as SubmitEvent).submitter;
    const submitter = by && by !== form ? by : null;
    const marked = submitter ? isMarked(submitter) || isMarked(form)
      : formIsMarked(form as HTMLFormElement);
    if (!marked) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    blocked = true;
  };
  // `submit` does not cross shadow boundaries: listen on the target's root too.
  const win = target.ownerDocument.defaultView ?? window;
  const root = target.getRootNode();
  const listeners: EventTarget[] = [win];
  if (root !== target.ownerDocument) listeners.push(root);
  for (const l of listeners) l.addEventListener("submit", guard, true);
  try {
    press();
  } finally {
    for (const l of listeners) l.removeEventListener("submit", guard, true);
  }
  return blocked;
}

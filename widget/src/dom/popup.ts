// The listbox a custom select opens: a button (aria-haspopup="listbox") or a div
// role="combobox" whose options live in a popup, hidden until it is opened. A person sees
// the choices once they open it; the index lists them up front (as a <select>'s options),
// so the planner can name the one the visitor asked for.

import { clean } from "./text";
import type { SelectOption } from "./types";

const MAX_OPTIONS = 100;
// How far up from the trigger a popup without aria-controls is looked for (its wrapper).
const WRAPPER_LEVELS = 2;

function byId(el: Element, ids: string | null): Element | null {
  if (!ids) return null;
  const root = el.getRootNode() as Document | ShadowRoot;
  for (const id of ids.split(/\s+/)) {
    const found = id ? root.getElementById?.(id) : null;
    if (found) return found;
  }
  return null;
}

/** Does this element open a list of options (and not take typed text)? */
export function opensListbox(el: Element, role: string | undefined): boolean {
  const popup = el.getAttribute("aria-haspopup");
  return role === "combobox" || popup === "listbox" || (popup === "true" && role === "button");
}

/** The popup listbox of a custom select: the one it names (aria-controls / aria-owns),
 * else a listbox in its own wrapper (the trigger's parent or grandparent). */
export function listboxOf(el: Element): Element | null {
  const named = byId(el, el.getAttribute("aria-controls")) ?? byId(el, el.getAttribute("aria-owns"));
  if (named) return named.getAttribute("role") === "listbox" ? named
    : named.querySelector('[role="listbox"]') ?? named;
  let box = el.parentElement;
  for (let up = 0; box && up < WRAPPER_LEVELS; box = box.parentElement, up++) {
    const lists = Array.from(box.querySelectorAll('[role="listbox"]'))
      .filter((l) => !l.contains(el));
    if (lists.length === 1) return lists[0]!;
    if (lists.length > 1) return null; // several lists: not this trigger's own wrapper
  }
  return null;
}

export function optionValue(o: Element): string {
  return o.getAttribute("data-value") ?? o.getAttribute("value") ?? clean(o.textContent, 100);
}

/** The options of a custom select's popup, shown or not (none for a filtering combobox
 * whose list is only filled as the visitor types). */
export function popupOptions(el: Element): SelectOption[] {
  const list = listboxOf(el);
  if (!list) return [];
  const out: SelectOption[] = [];
  for (const o of Array.from(list.querySelectorAll('[role="option"]'))) {
    if (o.getAttribute("aria-disabled") === "true") continue;
    const text = clean(o.getAttribute("aria-label") || o.textContent, 100);
    if (!text) continue;
    out.push({ value: optionValue(o), text, selected: o.getAttribute("aria-selected") === "true" });
    if (out.length >= MAX_OPTIONS) break;
  }
  return out;
}

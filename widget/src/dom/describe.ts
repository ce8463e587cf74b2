// One element's description for the page context: role, label, text, value, state, form
// and place. The indexer calls it for every element a visitor can act on.

import { describeChecks } from "./checks";
import { describePlace, NOWHERE, type Place } from "./group";
import { formOf } from "./forms";
import { idOf } from "./ids";
import { iconName, type LabelMap, labelOf } from "./labels";
import { implicitRole, isTextEntry } from "./roles";
import { attrReader, clean, linesOf, textOf } from "./text";
import { opensListbox, popupOptions } from "./popup";
import type { IndexedElement, SelectOption } from "./types";

const SECRET_AUTOCOMPLETE = /cc-number|cc-csc|one-time-code|new-password|current-password/;

/** What describing needs to know of where the element lives. */
export interface DescribeScope {
  frame: boolean;
  shadow: boolean;
  /** The document or shadow root holds a data-leflux-confirm mark somewhere. */
  confirmMarks: boolean;
  labels?: LabelMap;
  disabledSets?: boolean;
  siteRoot?: string;
  win?: Window;
}

export function describe(
  el: Element, tag: string, onScreen: boolean, parentId: number | undefined,
  scope: DescribeScope,
  place: Place = NOWHERE,
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
  if (!entry.text && !entry.label && !field && scope.win) {
    const icon = iconName(el, scope.win);
    if (icon.text) entry.text = icon.text;
    if (icon.label) entry.label = icon.label;
  }
  const placeholder = attr("placeholder");
  if (placeholder) entry.placeholder = clean(placeholder);
  const name = attr("name");
  if (name) entry.name = name;

  if (tag === "select") {
    const state = selectState(el);
    entry.value = state.value;
    entry.options = state.options;
  } else if (isTextEntry(el)) {
    const secret = input.type === "password" ||
      SECRET_AUTOCOMPLETE.test(attr("autocomplete") || "");
    // Never send a password (or card number) to the server; say only whether it is filled.
    if (!secret) entry.value = clean(input.value, 500);
    else if (input.value) entry.filled = true;
  } else if (editable) {
    entry.editable = true;
    // (its lines kept: a list's items or paragraphs are not run together)
    entry.value = linesOf(el, 500);
  } else if (tag === "input" && (input.type === "range" || input.type === "color")) {
    entry.value = input.value;
  } else if (!field && opensListbox(el, role)) {
    // A custom select: the options of the popup it opens, as a <select>'s.
    const options = popupOptions(el);
    if (options.length) {
      entry.options = options;
      const chosen = options.find((o) => o.selected);
      if (chosen) entry.value = chosen.value;
    }
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
    entry.required = true;
  }
  describeChecks(entry, el, field, attr);
  if (tag === "a" || tag === "area") {
    const href = absoluteHref(el, attr("href"), scope);
    if (href) entry.href = href;
  }
  entry.inViewport = onScreen;
  if (parentId !== undefined) entry.parentId = parentId;
  // (a custom control, a div role="combobox" or a listbox's option, belongs to the
  // form around it as much as a native one)
  const form = field || tag === "button" ? formOf(el)
    : role && FORM_ROLES.has(role) ? el.closest("form") : null;
  if (form) entry.formId = idOf(form);
  if (scope.confirmMarks && (el.closest("[data-leflux-confirm]") ||
      isInMarkedHost(el))) {
    entry.confirm = true;
  }
  if (scope.frame) entry.frame = true;
  if (scope.shadow) entry.shadow = true;
  describePlace(entry, place, el);
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

function isInMarkedHost(el: Element): boolean {
  const root = el.getRootNode() as ShadowRoot;
  return !!root.host && !!root.host.closest("[data-leflux-confirm]");
}

const MAX_OPTIONS = 100;
const FORM_ROLES = new Set(["combobox", "listbox", "option", "checkbox", "radio", "switch",
  "slider", "spinbutton", "textbox", "searchbox"]);

/** A <select>'s value and options. Children, not select.options: that live collection is
 * slow to build per element. */
function selectState(el: Element): { value: string; options: SelectOption[] } {
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
  return { value, options };
}

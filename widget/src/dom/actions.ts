// The actions of a plan. Every step gives {success, error?}; nothing here throws.

import type { Step } from "../api";
import { selectOption, setRange } from "./choose";
import {
  hover, normaliseKey, pressKey, realClick, realDoubleClick, setChecked, setValue,
  typeIntoEditable,
} from "./events";
import { focusedElement, markedSubmission, withMarkedSubmitsBlocked } from "./forms";
import { elementById } from "./ids";
import { ChangeWatch, StepError, tick, UNCHANGED_NOTE } from "./outcome";
import { hoverOnly } from "./reveal";
import { isTextEntry } from "./roles";
import { clean } from "./text";
import { hasSize, isRendered } from "./visibility";

export type StepName =
  | "click" | "dblclick" | "hover" | "type" | "select" | "check" | "uncheck" | "clear"
  | "press" | "scroll" | "navigate" | "highlight" | "wait";

export const TYPE_TO_STEP: Record<string, StepName> = {
  click_element: "click", double_click_element: "dblclick", hover_element: "hover",
  type_text: "type", select_option: "select",
  check_element: "check", uncheck_element: "uncheck", clear_element: "clear",
  press_key: "press", scroll: "scroll", navigate: "navigate",
  highlight_element: "highlight", wait: "wait",
};

export type { Step };

export interface StepOutcome {
  success: boolean;
  elementId?: number;
  description: string;
  error?: string;
  /** What an owner's tool returned (JSON, cut to a size). */
  result?: unknown;
  truncated?: boolean;
}

export interface ActionHooks {
  /** Show the visitor which element is being acted on (null: nothing). */
  onTarget?: (el: Element | null, description: string) => void;
  /** Resolve when the page is quiet again. */
  settle?: () => Promise<unknown>;
  /** Go to a URL (default: location.assign). */
  navigate?: (url: string) => void;
  /** A short wait after each step for the page to react (DOM quiet, fetches done). */
  afterStep?: () => Promise<unknown>;
  /** The widget: its own changes are not the page's answer. */
  widgetHost?: Node | null;
  /** The visitor approved this plan at the high-stakes gate (`confirmed` on the plan). */
  confirmed?: boolean;
}

const NEEDS_ELEMENT = new Set(["click", "dblclick", "hover", "type", "select", "check",
  "uncheck", "clear", "highlight"]);
// Steps whose "nothing changed" is worth saying (typing and choosing verify their value).
const REPORTS_NO_CHANGE = new Set(["click", "dblclick", "press"]);
const MAX_WAIT_MS = 5000;
const ROW = "li,tr,[role=row],[role=listitem],[role=option],[role=treeitem],article";

export async function runStep(step: Step, hooks: ActionHooks = {}): Promise<StepOutcome> {
  const description = clean(step.description, 300) || `${step.action}` +
    (step.elementId != null ? ` element ${step.elementId}` : "");
  const elementId = typeof step.elementId === "number" ? step.elementId : undefined;
  const outcome: StepOutcome = { success: false, description };
  if (elementId !== undefined) outcome.elementId = elementId;
  try {
    const watch = REPORTS_NO_CHANGE.has(step.action)
      ? new ChangeWatch(elementId !== undefined ? elementById(elementId) : null, hooks.widgetHost)
      : null;
    const note = await perform(step, elementId, description, hooks);
    if (step.action !== "wait") await (hooks.afterStep ? hooks.afterStep() : tick());
    outcome.success = true;
    if (note) outcome.description += ` (${note})`;
    else if (watch && !watch.changed()) outcome.description += ` (${UNCHANGED_NOTE})`;
  } catch (err) {
    outcome.error = err instanceof StepError ? err.message
      : `could not ${step.action}: ${err instanceof Error ? err.message : String(err)}`;
  }
  return outcome;
}

function target(elementId: number | undefined, action: string): Element {
  if (elementId === undefined) throw new StepError(`${action} needs an elementId`);
  const el = elementById(elementId);
  if (!el) throw new StepError(`element ${elementId} is no longer on the page`);
  if (!isRendered(el) && !operableHidden(el)) {
    throw new StepError(`element ${elementId} is hidden`);
  }
  return el;
}

/** Hidden on purpose but operable: shown on hover of its row, transparent but laid out
 * (opacity 0 over a styled box), or worked through a visible label. */
function operableHidden(el: Element): boolean {
  if (hoverOnly.has(el)) return true;
  if (el.localName !== "input") return false;
  const check = (el as HTMLElement).checkVisibility;
  if (typeof check === "function" && check.call(el, { visibilityProperty: true }) &&
      hasSize(el.getBoundingClientRect())) {
    return true;
  }
  const next = el.nextElementSibling;
  const labels = [...Array.from((el as HTMLInputElement).labels ?? []),
    ...(next?.localName === "label" ? [next] : [])];
  return labels.some((l) => isRendered(l));
}

const CONTROL = "input,select,textarea,button";
const TOGGLE_TYPES = new Set(["checkbox", "radio", "button", "submit", "image", "reset"]);

/** Double-clicking a row's checkbox or button means double-clicking the row's text (its
 * label, where list apps listen to open the edit box), as a person would. */
function rowText(el: Element): Element | null {
  if (!el.matches(CONTROL)) return null;
  const row = el.parentElement?.closest(ROW);
  if (!row) return null;
  const walker = row.ownerDocument.createTreeWalker(row, 1);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const e = n as Element;
    if (e.matches(CONTROL) || e.querySelector(CONTROL) || !isRendered(e)) continue;
    for (let t = e.firstChild; t; t = t.nextSibling) {
      if (t.nodeType === 3 && t.nodeValue?.trim()) return e;
    }
  }
  return null;
}

/** `type` aimed at something that is not a text field (the item just double-clicked)
 * while a text field has focus: the app opened an edit box, type there. */
function editBoxFor(elementId: number | undefined): Element | null {
  const el = elementId === undefined ? null : elementById(elementId);
  if (!el || isTextEntry(el) || (el as HTMLElement).isContentEditable) return null;
  const input = el as HTMLInputElement;
  if (el.localName === "select" || (el.localName === "input" && !TOGGLE_TYPES.has(input.type))) {
    return null; // a slider, a colour: typed into themselves
  }
  const focused = focusedElement(el.ownerDocument);
  if (!focused || focused === el || !(isTextEntry(focused) ||
      (focused as HTMLElement).isContentEditable)) {
    return null;
  }
  // Only the box opened in the same row.
  const row = el.parentElement?.closest(ROW);
  return row && row.contains(focused) ? focused : null;
}

/** Hover the row of a control the page shows only on hover, as a person's pointer does
 * on the way to it. */
async function hoverRow(el: Element): Promise<void> {
  const row = el.parentElement?.closest(ROW) ?? el.parentElement;
  if (!row) return;
  scrollTo(row);
  hover(row);
  await tick();
}

function isDisabled(el: Element): boolean {
  if ((el as HTMLButtonElement).disabled === true) return true;
  if (el.getAttribute("aria-disabled") === "true") return true;
  if (["input", "select", "textarea", "button"].includes(el.localName) &&
      el.closest("fieldset[disabled]")) {
    return true;
  }
  try {
    return el.matches(":disabled");
  } catch {
    return false;
  }
}

function scrollTo(el: Element): void {
  try {
    el.scrollIntoView({ block: "center", inline: "nearest", behavior: "instant" as ScrollBehavior });
  } catch {
    el.scrollIntoView?.();
  }
}

async function perform(step: Step, elementId: number | undefined, description: string,
  hooks: ActionHooks): Promise<string | void> {
  const action = step.action;
  const data = step.inputData == null ? "" : String(step.inputData);
  let el: Element | null = null;
  if (NEEDS_ELEMENT.has(action) || (elementId !== undefined && action !== "navigate" &&
      action !== "wait")) {
    el = (action === "type" && editBoxFor(elementId)) || target(elementId, action);
    if (action !== "highlight" && action !== "scroll" && isDisabled(el)) {
      throw new StepError(`element ${elementId} is disabled`);
    }
    if (hoverOnly.has(el) || !isRendered(el)) await hoverRow(el);
    scrollTo(el);
    hooks.onTarget?.(el, description);
  }
  switch (action) {
    case "click":
      realClick(el!);
      return;
    case "dblclick":
      realDoubleClick(rowText(el!) ?? el!);
      return;
    case "hover":
      hover(el!);
      return;
    case "type":
      return typeText(el!, data, hooks);
    case "select":
      return selectOption(el!, data, hooks, setToggle);
    case "check":
    case "uncheck":
      return setToggle(el!, action === "check");
    case "clear":
      return clearField(el!);
    case "press":
      return press(el, data, hooks.confirmed === true);
    case "scroll":
      if (!el) scrollPage(data);
      return;
    case "navigate":
      return navigate(data, hooks);
    case "highlight":
      return;
    case "wait": {
      const ms = Number.parseInt(data, 10);
      if (Number.isFinite(ms) && ms >= 0) await tick(Math.min(ms, MAX_WAIT_MS));
      else await hooks.settle?.();
      return;
    }
    default:
      throw new StepError(`unknown action "${action}"`);
  }
}

async function typeText(el: Element, text: string, hooks: ActionHooks): Promise<string | void> {
  if (el.localName === "select" || el.getAttribute("role") === "combobox" ||
      el.getAttribute("role") === "listbox") {
    return selectOption(el, text, hooks, setToggle);
  }
  const input = el as HTMLInputElement;
  if (el.localName === "input" && input.type === "range") return setRange(input, text);
  if (el.localName === "input" && input.type === "color") {
    input.focus({ preventScroll: true });
    setValue(input, text);
    await tick();
    if (input.value.toLowerCase() !== text.trim().toLowerCase()) {
      throw new StepError(`the colour field takes #rrggbb, not "${clean(text, 40)}"`);
    }
    return;
  }
  if (isTextEntry(el)) {
    (el as HTMLElement).focus({ preventScroll: true });
    setValue(el, text);
    await tick();
    if (el.value !== text) {
      throw new StepError(`the field did not accept "${clean(text, 60)}" (it shows ` +
        `"${clean(el.value, 60)}")`);
    }
    return;
  }
  if ((el as HTMLElement).isContentEditable) {
    typeIntoEditable(el as HTMLElement, text);
    return;
  }
  throw new StepError(`element is a ${el.localName}, not a text field`);
}

function isOn(el: Element): boolean | null {
  if (el.localName === "input") return (el as HTMLInputElement).checked;
  // (an option of a listbox that keeps several choices is on when it is selected)
  const aria = el.getAttribute("aria-checked") ?? el.getAttribute("aria-pressed") ??
    (el.getAttribute("role") === "option" ? el.getAttribute("aria-selected") : null);
  return aria === null ? null : aria === "true";
}

async function setToggle(el: Element, on: boolean): Promise<void> {
  const input = el as HTMLInputElement;
  const native = el.localName === "input" && (input.type === "checkbox" || input.type === "radio");
  const before = isOn(el);
  if (before === null) throw new StepError(`element is a ${el.localName}, not a checkbox`);
  if (before === on) return; // already as asked
  if (!on && native && input.type === "radio") {
    throw new StepError("a radio button cannot be unchecked; choose another option");
  }
  realClick(el);
  await tick();
  if (isOn(el) === on) return;
  if (native) {
    setChecked(input, on); // a page that swallowed the click: set it the framework way
    await tick();
    if (input.checked === on) return;
  }
  throw new StepError(`the page did not let the box be ${on ? "checked" : "unchecked"}`);
}

async function clearField(el: Element): Promise<void> {
  if (isTextEntry(el)) {
    setValue(el, "");
    await tick();
    if (el.value !== "") throw new StepError("the field could not be cleared");
    return;
  }
  if ((el as HTMLElement).isContentEditable) {
    typeIntoEditable(el as HTMLElement, "");
    return;
  }
  if (isOn(el) !== null) return setToggle(el, false);
  throw new StepError(`element is a ${el.localName}, not a field`);
}

const FOCUSABLE = "a[href],button,input,select,textarea,[tabindex],[contenteditable=true]";

export const NEEDS_CONFIRMATION = "needs the visitor's confirmation";

async function press(el: Element | null, raw: string, confirmed: boolean): Promise<void> {
  const key = normaliseKey(raw || "Enter");
  const target = el ?? focusedElement(document) ?? document.body;
  if (el && typeof (el as HTMLElement).focus === "function") {
    (el as HTMLElement).focus({ preventScroll: true });
  }
  const what = key === " " ? "Space" : key;
  if (!confirmed && markedSubmission(target, key)) {
    // Defence in depth behind the server's gate: the site asked for a confirmation.
    throw new StepError(`pressing ${what} would submit a form that ${NEEDS_CONFIRMATION}`);
  }
  if (confirmed) {
    pressAndAct(target, key);
    return;
  }
  // The page's own key handlers may submit a marked form too: cancel that submission.
  if (withMarkedSubmitsBlocked(target, () => pressAndAct(target, key))) {
    throw new StepError(`pressing ${what} tried to submit a form that ${NEEDS_CONFIRMATION}`);
  }
}

function pressAndAct(target: Element, key: string): void {
  const notCancelled = pressKey(target, key);
  if (!notCancelled) return;
  // Synthetic key events have no default action: do what the browser would.
  const tag = target.localName;
  if (key === "Enter") {
    if (tag === "input" && isTextEntry(target)) {
      const form = (target as HTMLInputElement).form;
      if (form) implicitSubmit(form);
    } else if (tag === "a" || tag === "button" || target.getAttribute("role") === "button") {
      realClick(target);
    }
  } else if (key === " " && (tag === "button" || isOn(target) !== null)) {
    realClick(target);
  } else if (key === "Tab") {
    const doc = target.ownerDocument;
    const all = Array.from(doc.querySelectorAll(FOCUSABLE)).filter(
      (e) => isRendered(e) && (e as HTMLElement).tabIndex >= 0 && !isDisabled(e));
    const next = all[all.indexOf(target) + 1] ?? all[0];
    (next as HTMLElement | undefined)?.focus();
  } else if (key.length === 1 && isTextEntry(target)) {
    setValue(target, target.value + key);
  }
}

const SUBMITS = new Set(["submit", "image"]);
// Fields whose Enter submits the form when it has no submit button (HTML's "fields that
// block implicit submission").
const BLOCKING = new Set(["text", "search", "url", "tel", "email", "password", "date", "month",
  "week", "time", "datetime-local", "number"]);

/** What Enter in a form's field does in a browser: click the form's default button (its
 * first submit button), or with none submit the form when it has only one such field. */
function implicitSubmit(form: HTMLFormElement): void {
  const controls = Array.from(form.elements);
  const submitter = controls.find((c) =>
    (c.localName === "button" && SUBMITS.has((c as HTMLButtonElement).type)) ||
    (c.localName === "input" && SUBMITS.has((c as HTMLInputElement).type)));
  if (submitter) {
    if (!isDisabled(submitter)) realClick(submitter);
    return;
  }
  const blocking = controls.filter((c) => c.localName === "input" &&
    BLOCKING.has((c as HTMLInputElement).type));
  if (blocking.length <= 1) form.requestSubmit();
}

function scrollPage(direction: string): void {
  const d = direction.trim().toLowerCase();
  const h = window.innerHeight * 0.8;
  const doc = document.scrollingElement ?? document.documentElement;
  if (d === "top") window.scrollTo(0, 0);
  else if (d === "bottom") window.scrollTo(0, doc.scrollHeight);
  else if (d === "up") window.scrollBy(0, -h);
  else window.scrollBy(0, h);
}

function navigate(raw: string, hooks: ActionHooks): void {
  let url: URL;
  try {
    url = new URL(raw, location.href);
  } catch {
    throw new StepError(`"${raw}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new StepError(`only http(s) pages can be opened, not ${url.protocol}`);
  }
  if (url.origin !== location.origin) {
    throw new StepError(`only pages of this site can be opened (${location.origin})`);
  }
  (hooks.navigate ?? ((u: string) => location.assign(u)))(url.href);
}

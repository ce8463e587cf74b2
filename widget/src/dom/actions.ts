// The actions of a plan. Every step gives {success, error?}; nothing here throws.

import type { Step } from "../api";
import { selectOption } from "./choose";
import { hover, realClick, realDoubleClick } from "./events";
import { clearField, setToggle, typeText } from "./fill";
import { focusedElement } from "./forms";
import { elementById } from "./ids";
import { ChangeWatch, StepError, tick, UNCHANGED_NOTE } from "./outcome";
import { hoverOnly } from "./reveal";
import { isDisabled, isTextEntry } from "./roles";
import { press } from "./press";
import { selectText } from "./selecttext";
import { clean } from "./text";
import { hasSize, isRendered } from "./visibility";

export type StepName =
  | "click" | "dblclick" | "hover" | "type" | "select" | "check" | "uncheck" | "clear"
  | "press" | "scroll" | "navigate" | "highlight" | "wait" | "select_text";

export const TYPE_TO_STEP: Record<string, StepName> = {
  click_element: "click", double_click_element: "dblclick", hover_element: "hover",
  type_text: "type", select_option: "select",
  check_element: "check", uncheck_element: "uncheck", clear_element: "clear",
  press_key: "press", scroll: "scroll", navigate: "navigate",
  highlight_element: "highlight", wait: "wait", select_text: "select_text",
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
  "uncheck", "clear", "highlight", "select_text"]);
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
    case "select_text":
      return selectText(el!, data);
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

// The actions of SPEC §4.3. Every step gives {success, error?}; nothing here throws.

import { normaliseKey, pressKey, realClick, setChecked, setValue, typeIntoEditable } from "./events";
import { focusedElement, markedSubmission, withMarkedSubmitsBlocked } from "./forms";
import { elementById } from "./ids";
import { labelOf } from "./labels";
import { isTextEntry } from "./roles";
import { clean } from "./text";
import { isRendered } from "./visibility";

export type StepName =
  | "click" | "type" | "select" | "check" | "uncheck" | "clear" | "press" | "scroll"
  | "navigate" | "highlight" | "wait";

export const TYPE_TO_STEP: Record<string, StepName> = {
  click_element: "click", type_text: "type", select_option: "select",
  check_element: "check", uncheck_element: "uncheck", clear_element: "clear",
  press_key: "press", scroll: "scroll", navigate: "navigate",
  highlight_element: "highlight", wait: "wait",
};

export interface Step {
  action: string;
  elementId?: number | null;
  inputData?: string | null;
  description?: string;
}

export interface StepOutcome {
  success: boolean;
  elementId?: number;
  description: string;
  error?: string;
}

export interface ActionHooks {
  /** Show the visitor which element is being acted on (null: nothing). */
  onTarget?: (el: Element | null, description: string) => void;
  /** Resolve when the page is quiet again. */
  settle?: () => Promise<unknown>;
  /** Go to a URL (default: location.assign). */
  navigate?: (url: string) => void;
  /** The visitor approved this plan at the high-stakes gate (`confirmed` on the plan). */
  confirmed?: boolean;
}

const NEEDS_ELEMENT = new Set(["click", "type", "select", "check", "uncheck", "clear",
  "highlight"]);
const MAX_WAIT_MS = 5000;

class StepError extends Error {}

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runStep(step: Step, hooks: ActionHooks = {}): Promise<StepOutcome> {
  const description = clean(step.description, 300) || `${step.action}` +
    (step.elementId != null ? ` element ${step.elementId}` : "");
  const elementId = typeof step.elementId === "number" ? step.elementId : undefined;
  const outcome: StepOutcome = { success: false, description };
  if (elementId !== undefined) outcome.elementId = elementId;
  try {
    await perform(step, elementId, description, hooks);
    outcome.success = true;
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
  if (!isRendered(el) && !hiddenToggleWithLabel(el)) {
    throw new StepError(`element ${elementId} is hidden`);
  }
  return el;
}

function hiddenToggleWithLabel(el: Element): boolean {
  const input = el as HTMLInputElement;
  if (el.localName !== "input" || (input.type !== "checkbox" && input.type !== "radio")) {
    return false;
  }
  return Array.from(input.labels ?? []).some((l) => isRendered(l));
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
  hooks: ActionHooks): Promise<void> {
  const action = step.action;
  const data = step.inputData == null ? "" : String(step.inputData);
  let el: Element | null = null;
  if (NEEDS_ELEMENT.has(action) || (elementId !== undefined && action !== "navigate" &&
      action !== "wait")) {
    el = target(elementId, action);
    if (action !== "highlight" && action !== "scroll" && isDisabled(el)) {
      throw new StepError(`element ${elementId} is disabled`);
    }
    scrollTo(el);
    hooks.onTarget?.(el, description);
  }
  switch (action) {
    case "click":
      realClick(el!);
      return;
    case "type":
      return typeText(el!, data);
    case "select":
      return selectOption(el!, data, hooks);
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

async function typeText(el: Element, text: string): Promise<void> {
  if (el.localName === "select") {
    await selectOption(el, text, {});
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

function matchOption<T>(items: T[], want: string, value: (t: T) => string,
  text: (t: T) => string): T | undefined {
  const w = want.trim().toLowerCase();
  return items.find((i) => value(i) === want) ??
    items.find((i) => clean(text(i)).toLowerCase() === w) ??
    items.find((i) => value(i).toLowerCase() === w) ??
    (w ? items.find((i) => clean(text(i)).toLowerCase().includes(w)) : undefined);
}

async function selectOption(el: Element, want: string, hooks: ActionHooks): Promise<void> {
  if (el.localName === "select") {
    const select = el as HTMLSelectElement;
    const option = matchOption(Array.from(select.options), want, (o) => o.value, (o) => o.text);
    if (!option) {
      const names = Array.from(select.options).map((o) => clean(o.text)).slice(0, 10);
      throw new StepError(`no option "${want}" (options: ${names.join(", ")})`);
    }
    if (option.disabled) throw new StepError(`option "${clean(option.text)}" is disabled`);
    select.focus({ preventScroll: true });
    if (select.multiple) {
      option.selected = true;
      select.dispatchEvent(new Event("input", { bubbles: true }));
      select.dispatchEvent(new Event("change", { bubbles: true }));
    } else {
      setValue(select, option.value);
    }
    await tick();
    if (!option.selected) throw new StepError(`the page did not keep "${clean(option.text)}"`);
    return;
  }
  const input = el as HTMLInputElement;
  if (el.localName === "input" && input.type === "radio") {
    const group = radioGroup(input);
    const pick = matchOption(group, want, (r) => r.value, (r) => labelOf(r, "input", true)) ??
      (want ? undefined : input);
    if (!pick) throw new StepError(`no choice "${want}" in this group`);
    await setToggle(pick, true);
    return;
  }
  // A custom listbox / combobox: open it, then click the matching option.
  if (el.getAttribute("role") !== "listbox") {
    realClick(el);
    await (hooks.settle ? Promise.race([hooks.settle(), tick(1500)]) : tick(150));
  }
  const scopeId = el.getAttribute("aria-controls") || el.getAttribute("aria-owns");
  const root = el.getRootNode() as Document | ShadowRoot;
  const scope = (scopeId && root.getElementById?.(scopeId)) ||
    (el.getAttribute("role") === "listbox" ? el : el.ownerDocument);
  const options = Array.from(scope.querySelectorAll('[role="option"]')).filter(isRendered);
  const option = matchOption(options, want, (o) => o.getAttribute("data-value") ?? "",
    (o) => o.textContent ?? "");
  if (!option) throw new StepError(`no option "${want}" appeared`);
  scrollTo(option);
  realClick(option);
}

function radioGroup(input: HTMLInputElement): HTMLInputElement[] {
  if (!input.name) return [input];
  const root = (input.form ?? input.getRootNode()) as ParentNode;
  return Array.from(root.querySelectorAll("input[type=radio]")).filter(
    (r) => (r as HTMLInputElement).name === input.name,
  ) as HTMLInputElement[];
}

function isOn(el: Element): boolean | null {
  if (el.localName === "input") return (el as HTMLInputElement).checked;
  const aria = el.getAttribute("aria-checked") ?? el.getAttribute("aria-pressed");
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
      if (form) {
        const submitter = form.querySelector(
          "button:not([type]),button[type=submit],input[type=submit]") as HTMLElement | null;
        if (submitter) realClick(submitter);
        else form.requestSubmit();
      }
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

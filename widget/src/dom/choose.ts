// Choosing a value the way a person does: a native <select>, a radio group, a range
// slider set to its value, or a custom listbox / combobox opened and its option clicked.

import { realClick, setValue } from "./events";
import { labelOf } from "./labels";
import { StepError, tick } from "./outcome";
import { listboxOf } from "./popup";
import { isTextEntry } from "./roles";
import { clean } from "./text";
import { isRendered } from "./visibility";

export interface ChooseHooks {
  /** A short wait for the page to react (an opened popup to render). */
  afterStep?: () => Promise<unknown>;
}

const OPTION_ROLES = '[role="option"],[role="menuitem"],[role="menuitemradio"],' +
  '[role="menuitemcheckbox"],[role="treeitem"]';
// When a popup has no roles: its items.
const PLAIN_ITEMS = "li,[data-value],button,a";
const OPTION_WAIT_MS = 1500;
const OPTION_POLL_MS = 100;
// How many of a value's words are typed one by one when the whole of it finds no option.
const RETYPE_WORDS = 3;

export function matchOption<T>(items: T[], want: string, value: (t: T) => string,
  text: (t: T) => string): T | undefined {
  const w = want.trim().toLowerCase();
  return items.find((i) => value(i) === want) ??
    items.find((i) => clean(text(i)).toLowerCase() === w) ??
    items.find((i) => value(i).toLowerCase() === w) ??
    (w ? items.find((i) => clean(text(i)).toLowerCase().includes(w)) : undefined);
}

async function react(hooks: ChooseHooks): Promise<void> {
  await (hooks.afterStep ? Promise.race([hooks.afterStep(), tick(1500)]) : tick(50));
}

export async function selectOption(el: Element, want: string, hooks: ChooseHooks,
  setToggle: (el: Element, on: boolean) => Promise<void>): Promise<string | void> {
  if (el.localName === "select") return selectNative(el as HTMLSelectElement, want);
  const input = el as HTMLInputElement;
  if (el.localName === "input" && input.type === "radio") {
    const group = radioGroup(input);
    const pick = matchOption(group, want, (r) => r.value, (r) => labelOf(r, "input", true)) ??
      (want ? undefined : input);
    if (!pick) throw new StepError(`no choice "${want}" in this group`);
    await setToggle(pick, true);
    return;
  }
  if (el.localName === "input" && input.type === "range") return setRange(input, want);
  return chooseCustom(el, want, hooks);
}

async function selectNative(select: HTMLSelectElement, want: string): Promise<void> {
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
}

/** A slider moved to its value (input and change events, as dragging ends). Returns a
 * note when the slider's step moved the value. */
export async function setRange(input: HTMLInputElement, want: string): Promise<string | void> {
  const n = Number(want.replace(/[^\d.eE+-]/g, ""));
  if (!want.trim() || !Number.isFinite(n)) throw new StepError(`"${want}" is not a number`);
  const min = input.min === "" ? 0 : Number(input.min);
  const max = input.max === "" ? 100 : Number(input.max);
  if (n < min || n > max) {
    throw new StepError(`${n} is outside the slider's range (${min} to ${max})`);
  }
  input.focus({ preventScroll: true });
  setValue(input, String(n));
  await tick();
  const got = Number(input.value);
  if (got !== n) return `set to ${input.value}, the nearest value the slider allows`;
}

export function radioGroup(input: HTMLInputElement): HTMLInputElement[] {
  if (!input.name) return [input];
  const root = (input.form ?? input.getRootNode()) as ParentNode;
  return Array.from(root.querySelectorAll("input[type=radio]")).filter(
    (r) => (r as HTMLInputElement).name === input.name,
  ) as HTMLInputElement[];
}

/** The options a custom control shows: those of the popup it names (aria-controls /
 * aria-owns), else any visible option on the page, else the items of a popup that
 * opened next to it. */
function optionsFor(el: Element): Element[] {
  const own = el.getAttribute("role") === "listbox" ? el : listboxOf(el);
  const scope: ParentNode = own ?? el.ownerDocument;
  const roled = Array.from(scope.querySelectorAll(OPTION_ROLES)).filter(isRendered);
  if (roled.length) return roled;
  for (let box = el.parentElement, up = 0; box && up < 3; box = box.parentElement, up++) {
    const items = Array.from(box.querySelectorAll(PLAIN_ITEMS))
      .filter((i) => !i.contains(el) && !el.contains(i) && isRendered(i));
    if (items.length) return items;
  }
  return [];
}

function optionText(o: Element): string {
  return o.getAttribute("aria-label") || o.textContent || "";
}

async function chooseCustom(el: Element, want: string, hooks: ChooseHooks): Promise<void> {
  const listbox = el.getAttribute("role") === "listbox";
  if (isTextEntry(el)) {
    // A filtering combobox: typing the words shows the matching options.
    (el as HTMLElement).focus({ preventScroll: true });
    setValue(el, want);
    await react(hooks);
  } else if (!listbox) {
    realClick(el); // open it
    await react(hooks);
  }
  let [options, option] = await waitForOption(el, (os) => matchOption(os, want,
    (o) => o.getAttribute("data-value") ?? o.getAttribute("value") ?? "", optionText));
  if (!option && isTextEntry(el)) {
    // Nothing for the whole words: type one of them, as a person does ("Heathrow" for
    // "London Heathrow"), and take the option that says them all.
    const words = want.toLowerCase().split(/\s+/).filter((w) => w.length >= 3)
      .sort((a, b) => b.length - a.length).slice(0, RETYPE_WORDS);
    const all = (o: Element): boolean => words.every((w) => optionText(o).toLowerCase().includes(w));
    for (const word of words.length > 1 ? words : []) {
      setValue(el, word);
      await react(hooks);
      [options, option] = await waitForOption(el, (os) => os.find(
        (o) => o.getAttribute("aria-disabled") !== "true" && all(o)));
      if (option) break;
    }
    if (!option) setValue(el, want);
  }
  if (!option) {
    if (isTextEntry(el) && !options.length && el.value === want) return; // free text taken
    const names = options.map((o) => clean(optionText(o), 40)).filter(Boolean).slice(0, 10);
    throw new StepError(`no option "${want}" appeared` +
      (names.length ? ` (options: ${names.join(", ")})` : ""));
  }
  if (option.getAttribute("aria-disabled") === "true") {
    throw new StepError(`option "${clean(optionText(option), 60)}" is disabled`);
  }
  option.scrollIntoView?.({ block: "nearest" });
  realClick(option);
  await react(hooks);
  if (!isTextEntry(el) && !listbox) confirmShown(el, option);
}

/** The options the control shows and the one `pick` finds, looked for a while (a list
 * filled by a server answers late). */
async function waitForOption(el: Element, pick: (options: Element[]) => Element | undefined,
): Promise<[Element[], Element | undefined]> {
  for (let waited = 0; ; waited += OPTION_POLL_MS) {
    const options = optionsFor(el);
    const option = pick(options);
    if (option || waited >= OPTION_WAIT_MS) return [options, option];
    await tick(OPTION_POLL_MS);
  }
}

/** After a click on a custom select's option: the control shows it (its text names the
 * option, or the option is marked selected), else the page did not take the choice. */
function confirmShown(el: Element, option: Element): void {
  const want = clean(optionText(option)).toLowerCase();
  const shows = clean(el.textContent).toLowerCase();
  if (option.getAttribute("aria-selected") === "true" || (want && shows.includes(want))) return;
  throw new StepError(`the page did not keep "${clean(optionText(option), 60)}" ` +
    `(it shows "${clean(el.textContent, 60)}")`);
}

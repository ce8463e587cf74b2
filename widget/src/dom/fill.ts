// Filling a field the way a person does: typing into it, ticking or unticking a box,
// clearing it. Each checks that the page took the change, and throws a StepError if not.

import { type ChooseHooks, selectOption, setRange } from "./choose";
import { realClick, setChecked, setValue, typeIntoEditable } from "./events";
import { StepError, tick } from "./outcome";
import { isOn, isTextEntry } from "./roles";
import { clean } from "./text";

export async function typeText(el: Element, text: string, hooks: ChooseHooks): Promise<string | void> {
  if (isTextEntry(el) && el.getAttribute("role") === "combobox") {
    // Typing into a box that suggests: the suggestion that says the words is taken; with
    // none, the words stay as typed (a tag box takes them with Enter, as its hint says)
    // and the note says what the list showed, so the outcome can tell "No airports match"
    // from "Press Enter to add it".
    try {
      return await selectOption(el, text, hooks, setToggle);
    } catch (err) {
      if (err instanceof StepError && el.value === text) return `typed as is: ${err.message}`;
      throw err;
    }
  }
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

export async function setToggle(el: Element, on: boolean): Promise<void> {
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

export async function clearField(el: Element): Promise<void> {
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

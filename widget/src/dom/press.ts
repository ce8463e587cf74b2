// A key press as a browser does it: the key events, then the default action a synthetic
// event lacks (Enter submits or clicks, Space toggles, Tab moves the focus). A press that
// would submit a form marked for confirmation is refused unless the plan is confirmed.

import { normaliseKey, pressKey, realClick, setValue } from "./events";
import { focusedElement, markedSubmission, withMarkedSubmitsBlocked } from "./forms";
import { StepError } from "./outcome";
import { isDisabled, isOn, isTextEntry } from "./roles";
import { isRendered } from "./visibility";

const FOCUSABLE = "a[href],button,input,select,textarea,[tabindex],[contenteditable=true]";

const NEEDS_CONFIRMATION = "needs the visitor's confirmation";

export async function press(el: Element | null, raw: string, confirmed: boolean): Promise<void> {
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

// Did a step do anything? A mutation observer over the page for the step's duration (the
// widget's own changes left out), plus the URL, the focus and the target's own state.
// A step that changed nothing says so in its description, so the planner does not read
// "clicked" as "it worked".

import { isLeaving } from "./settle";

export class StepError extends Error {}

export const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const UNCHANGED_NOTE = "the page did not change";

function stateOf(el: Element | null): string {
  if (!el) return "";
  const i = el as HTMLInputElement;
  return `${i.value ?? ""}|${i.checked ?? ""}|${el.getAttribute("aria-checked") ?? ""}|` +
    `${el.getAttribute("aria-expanded") ?? ""}|${el.getAttribute("aria-selected") ?? ""}`;
}

export class ChangeWatch {
  private records = 0;
  private readonly observer: MutationObserver | null;
  private readonly url: string;
  private readonly active: Element | null;
  private readonly state: string;

  constructor(private readonly target: Element | null, ignore: Node | null | undefined) {
    this.url = location.href;
    this.active = document.activeElement;
    this.state = stateOf(target);
    const Observer = typeof MutationObserver === "function" ? MutationObserver : null;
    this.observer = Observer ? new Observer((list) => {
      for (const r of list) if (!ignore || !ignore.contains(r.target)) this.records++;
    }) : null;
    this.observer?.observe(document.documentElement, { subtree: true, childList: true,
      attributes: true, characterData: true });
  }

  /** Stops watching; true when anything changed. */
  changed(): boolean {
    if (this.observer) {
      const pending = this.observer.takeRecords();
      this.observer.disconnect();
      this.records += pending.length;
    }
    return this.records > 0 || isLeaving() || location.href !== this.url ||
      // Focus moving to the clicked element itself is not the page answering.
      (document.activeElement !== this.active && document.activeElement !== this.target) ||
      stateOf(this.target) !== this.state;
  }
}

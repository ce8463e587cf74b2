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

/** The focused element through open shadow roots and same-origin frames (the page's own
 * activeElement is only the component's host or the frame). */
function deepActive(): Element | null {
  let a: Element | null = document.activeElement;
  for (let depth = 0; a && depth < 16; depth++) {
    let inner: Element | null = a.shadowRoot?.activeElement ?? null;
    if (!inner && a.localName === "iframe") {
      try {
        const doc = (a as HTMLIFrameElement).contentDocument;
        inner = doc && doc.activeElement !== doc.body ? doc.activeElement : null;
      } catch {
        inner = null; // cross-origin
      }
    }
    if (!inner) break;
    a = inner;
  }
  return a;
}

/** The page, and the shadow roots and same-origin frame documents the target sits in (a
 * web component's or an embedded form's answer is drawn there, out of the page's tree). */
export function watchedRoots(target: Element | null): Node[] {
  const roots: Node[] = [document.documentElement];
  let node: Node | null = target ? target.getRootNode() : null;
  while (node && node !== document) {
    if (node instanceof Document || (node as Document).nodeType === Node.DOCUMENT_NODE) {
      const doc = node as Document;
      if (doc.documentElement) roots.push(doc.documentElement);
      const frame = doc.defaultView?.frameElement ?? null;
      node = frame ? frame.getRootNode() : null;
    } else if ((node as ShadowRoot).host) {
      roots.push(node);
      node = (node as ShadowRoot).host.getRootNode();
    } else {
      node = null;
    }
  }
  return roots;
}

export class ChangeWatch {
  private records = 0;
  private readonly observer: MutationObserver | null;
  private readonly url: string;
  private readonly active: Element | null;
  private readonly state: string;

  constructor(private readonly target: Element | null, ignore: Node | null | undefined) {
    this.url = location.href;
    this.active = deepActive();
    this.state = stateOf(target);
    const Observer = typeof MutationObserver === "function" ? MutationObserver : null;
    this.observer = Observer ? new Observer((list) => {
      for (const r of list) if (!ignore || !ignore.contains(r.target)) this.records++;
    }) : null;
    for (const root of watchedRoots(target)) {
      this.observer?.observe(root, { subtree: true, childList: true, attributes: true,
        characterData: true });
    }
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
      (deepActive() !== this.active && deepActive() !== this.target) ||
      stateOf(this.target) !== this.state;
  }
}

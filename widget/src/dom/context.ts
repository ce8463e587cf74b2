// The page context sent with every visitor message, update_context and continue_task.

import { pageAlerts } from "./checks";
import { focusedIdOf, formsOf } from "./forms";
import { elementById } from "./ids";
import { indexPage } from "./indexer";
import type { WidgetLimits } from "../protocol.gen";
import type { IndexedElement, PageContext } from "./types";

const MAX_VISIBLE_TEXT = 20_000;
// The elements' share of the server's payload limit: room is left for the visible text
// (at most 20,000 characters), the forms and the event around the context.
const ELEMENTS_SHARE = 0.85;

/** The server's limits a context keeps to (null: not known yet; the server trims). */
export type ContextLimits = Pick<WidgetLimits, "maxElements" | "maxPayloadBytes"> | null;

function innerTextOf(el: Element | null): string {
  if (!el) return "";
  const t = (el as HTMLElement).innerText;
  return typeof t === "string" ? t : el.textContent || "";
}

function tidy(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .filter(Boolean)
    .join("\n");
}

/** The page's words in reading order: the document, then open shadow roots and frames. */
export function visibleText(doc: Document, shadowRoots: ShadowRoot[], frameDocs: Document[],
  widgetHost: Element | null): string {
  const parts: string[] = [innerTextOf(doc.body)];
  for (const root of shadowRoots) {
    if (widgetHost && root.host === widgetHost) continue;
    for (let c = root.firstElementChild; c; c = c.nextElementSibling) {
      if (c.localName !== "style" && c.localName !== "script") parts.push(innerTextOf(c));
    }
  }
  for (const d of frameDocs) parts.push(innerTextOf(d.body));
  let text = tidy(parts.join("\n"));
  if (text.length > MAX_VISIBLE_TEXT) text = text.slice(0, MAX_VISIBLE_TEXT);
  return text;
}

/** A quick upper-bound-ish guess of an element's JSON size (keys and punctuation ~120). */
function roughSize(e: IndexedElement): number {
  let n = 120 + (e.text?.length ?? 0) + (e.label?.length ?? 0) + (e.value?.length ?? 0) +
    (e.href?.length ?? 0) + (e.placeholder?.length ?? 0) + (e.name?.length ?? 0) +
    (e.group?.length ?? 0) + (e.errorText?.length ?? 0) + (e.column?.length ?? 0);
  if (e.options) for (const o of e.options) n += 40 + (o.text?.length ?? 0) + (o.value?.length ?? 0);
  return n;
}

function fitToBudget(elements: IndexedElement[], budget: number): IndexedElement[] {
  let rough = 0;
  for (const e of elements) rough += roughSize(e);
  // Serialising 5,000 elements just to measure them costs milliseconds: only when close.
  let size = rough < budget * 0.8 ? rough : JSON.stringify(elements).length;
  if (size <= budget) return elements;
  // Keep what is on screen first, then page order, until the budget is met.
  const ordered = [...elements].sort((a, b) => Number(!!b.inViewport) - Number(!!a.inViewport));
  const kept: IndexedElement[] = [];
  size = 2;
  for (const e of ordered) {
    const s = JSON.stringify(e).length + 1;
    if (size + s > budget) break;
    kept.push(e);
    size += s;
  }
  return kept.sort((a, b) => elements.indexOf(a) - elements.indexOf(b));
}

// Element ids are given per page instance (a reload starts again): a context id names the
// page instance and the index, so a plan can be checked against the page it was made on.
const PAGE_TOKEN = Math.random().toString(36).slice(2, 10) + Date.now().toString(36).slice(-4);
let contexts = 0;

export function newContextId(): string {
  contexts++;
  return `${PAGE_TOKEN}.${contexts}`;
}

/** Was `contextId` made by this page instance (so its element ids are ours)? */
export function isOwnContext(contextId: string): boolean {
  return contextId.startsWith(PAGE_TOKEN + ".");
}

export function buildContext(doc: Document = document, widgetHost: Element | null = null,
  limits: ContextLimits = null): PageContext {
  const win = doc.defaultView as Window;
  const result = indexPage(doc, { widgetHost, maxElements: limits?.maxElements });
  const budget = limits ? Math.floor(limits.maxPayloadBytes * ELEMENTS_SHARE) : Infinity;
  const elements = fitToBudget(result.elements, budget);
  const alerts = pageAlerts(doc, widgetHost);
  const context: PageContext = {
    url: String(doc.location?.href ?? ""),
    title: (doc.title || "").slice(0, 1000),
    indexedElements: elements,
    visibleText: visibleText(doc, result.shadowRoots, result.frameDocs, widgetHost),
    viewport: {
      width: win?.innerWidth ?? 0,
      height: win?.innerHeight ?? 0,
      scrollX: Math.round(win?.scrollX ?? 0),
      scrollY: Math.round(win?.scrollY ?? 0),
    },
    contextId: newContextId(),
    forms: formsOf(elements, elementById),
    focusedId: focusedIdOf(doc, elements),
  };
  if (alerts.length) context.alerts = alerts;
  return context;
}

/** What the server would notice: url, elements and their state. */
export function signature(c: PageContext): string {
  let s = c.url + "\n";
  for (const e of c.indexedElements) {
    s += `${e.id}:${e.value ?? ""}:${e.checked ? 1 : 0}:${e.disabled ? 1 : 0}:${e.text ?? ""}|`;
  }
  return s;
}

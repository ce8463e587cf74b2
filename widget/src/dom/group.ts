// Where an element sits: the row, list item, card, fieldset, dialog, tab panel, menu or
// listbox around it (its short text and its position among its siblings), and for a
// table cell the column's header. The indexer's walk carries the nearest group down the
// tree, so nothing here climbs ancestors per element; texts and positions are computed
// once per group, only for groups that hold an indexed element.

import { clean, textOf } from "./text";
import type { IndexedElement } from "./types";

export type GroupKind = "row" | "item" | "card" | "fieldset" | "dialog" | "tabpanel" | "menu" |
  "listbox" | "multilistbox";

export interface Group {
  el: Element;
  kind: GroupKind;
  /** Computed on first use: short text and [position, count]. */
  text?: string;
  position?: [number, number] | null;
}

/** What the walk carries down: the nearest group and table cell. */
export interface Place {
  group?: Group;
  cell?: Element;
}

export const NOWHERE: Place = {};
const MAX_GROUP_TEXT = 120;
const ROLE_KINDS: Record<string, GroupKind> = {
  row: "row", listitem: "item", article: "card", dialog: "dialog", alertdialog: "dialog",
  tabpanel: "tabpanel", menu: "menu", menubar: "menu", listbox: "listbox", group: "fieldset",
  radiogroup: "fieldset",
};
const CARD_CLASS = /(?:^|[\s_-])(?:card|tile|product)(?:$|[\s_-])/i;
const SKIP_IN_GROUP_TEXT = new Set(["button", "select", "textarea", "input", "script", "style",
  "svg", "template", "noscript"]);

/** Elements whose class says card / tile / product, for a whole root at once (one native
 * query instead of a class read on every div). */
export function cardsIn(root: Document | ShadowRoot): Set<Element> {
  const out = new Set<Element>();
  let found: Element[];
  try {
    found = Array.from(root.querySelectorAll(
      "div[class*=card i],div[class*=tile i],div[class*=product i],section[class*=card i]," +
      "section[class*=tile i],section[class*=product i]"));
  } catch {
    found = Array.from(root.querySelectorAll("div[class],section[class]"));
  }
  for (const el of found) if (CARD_CLASS.test(el.getAttribute("class") ?? "")) out.add(el);
  return out;
}

/** The group `el` opens, if any (`role` only when the element has one). */
export function groupKindOf(el: Element, tag: string, role: string | null,
  cards?: Set<Element>): GroupKind | null {
  if (role === "listbox" && el.getAttribute("aria-multiselectable") === "true") {
    return "multilistbox"; // its options are ticked each on their own, as boxes
  }
  if (role) {
    const k = ROLE_KINDS[role];
    if (k) return k;
  }
  switch (tag) {
    case "tr":
      return "row";
    case "li":
      return "item";
    case "fieldset":
      return "fieldset";
    case "dialog":
      return "dialog";
    case "article":
      return "card";
    case "div":
    case "section":
      if (cards) return cards.has(el) ? "card" : null;
      return CARD_CLASS.test(el.getAttribute("class") ?? "") ? "card" : null;
    default:
      return null;
  }
}

/** The place for `el`'s children. */
export function placeInside(el: Element, tag: string, role: string | null, place: Place,
  cards: Set<Element>): Place {
  if (tag === "td" || tag === "th" || role === "cell" || role === "gridcell") {
    return { group: place.group, cell: el };
  }
  const kind = groupKindOf(el, tag, role, cards);
  return kind ? { group: { el, kind } } : place;
}

function byIds(el: Element, ids: string | null): string {
  if (!ids) return "";
  const root = el.getRootNode() as Document | ShadowRoot;
  return clean(ids.split(/\s+/).map((id) => {
    const ref = root.getElementById?.(id);
    return ref ? textOf(ref, null, MAX_GROUP_TEXT) : "";
  }).join(" "), MAX_GROUP_TEXT);
}

function titleOf(el: Element): string {
  const named = byIds(el, el.getAttribute("aria-labelledby")) ||
    clean(el.getAttribute("aria-label"), MAX_GROUP_TEXT);
  if (named) return named;
  const heading = el.querySelector("legend,h1,h2,h3,h4,h5,h6,[role=heading]");
  return heading ? textOf(heading, null, MAX_GROUP_TEXT) : "";
}

/** Words of a row / item / card without its controls' own words (a delete button's "×"
 * says nothing about which row it is). */
function contentText(el: Element): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (node: Node): void => {
    if (length > MAX_GROUP_TEXT) return;
    if (node.nodeType === 3) {
      const v = node.nodeValue?.trim();
      if (v) {
        parts.push(v);
        length += v.length + 1;
      }
      return;
    }
    if (node.nodeType !== 1) return;
    const child = node as Element;
    const tag = child.localName;
    if (SKIP_IN_GROUP_TEXT.has(tag)) return;
    if (tag === "img") {
      const alt = child.getAttribute("alt");
      if (alt) parts.push(alt);
      return;
    }
    if (tag === "td" || tag === "th" || ARIA_CELL_ROLES.has(child.getAttribute("role") ?? "")) {
      if (parts.length) parts.push("|");
    }
    for (let c = child.firstChild; c; c = c.nextSibling) visit(c);
  };
  for (let c = el.firstChild; c; c = c.nextSibling) visit(c);
  return clean(parts.join(" ").replace(/^\|\s*|\s*\|\s*$/g, ""), MAX_GROUP_TEXT);
}

function groupText(g: Group): string {
  if (g.text !== undefined) return g.text;
  const kind = g.kind;
  g.text = kind === "row" || kind === "item" || kind === "card"
    ? (contentText(g.el) || titleOf(g.el))
    : titleOf(g.el);
  return g.text;
}

// Per index: lists and tables change between two indexes.
let positions = new Map<Element, [number, number]>();
let headersByTable = new Map<Element, string[]>();

export function resetPlaces(): void {
  positions = new Map();
  headersByTable = new Map();
}

function sameKind(a: Element, b: Element): boolean {
  if (a.localName !== b.localName) return false;
  const role = a.getAttribute("role");
  return role === b.getAttribute("role");
}

/** [1-based position, count] among the parent's children of the same kind; header rows
 * (only <th> cells) do not count. Computed for all siblings at once. */
function positionOf(g: Group): [number, number] | null {
  if (g.position !== undefined) return g.position;
  const known = positions.get(g.el);
  if (known) return (g.position = known);
  const parent = g.el.parentElement;
  g.position = null;
  if (!parent || (g.kind !== "row" && g.kind !== "item" && g.kind !== "card")) return null;
  const peers: Element[] = [];
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
    if (!sameKind(c, g.el)) continue;
    if (g.kind === "row" && isHeaderRow(c)) continue;
    peers.push(c);
  }
  peers.forEach((p, i) => positions.set(p, [i + 1, peers.length]));
  g.position = positions.get(g.el) ?? null;
  return g.position;
}

const ARIA_CELLS = "[role=cell],[role=gridcell],[role=rowheader]";
const ARIA_CELL_ROLES = new Set(["cell", "gridcell", "rowheader", "columnheader"]);

/** A row of headers only (a <tr> without <td>, an ARIA row without data cells). */
function isHeaderRow(row: Element): boolean {
  if (row.localName === "tr") return !row.querySelector("td");
  return row.getAttribute("role") === "row" && !!row.querySelector("[role=columnheader]") &&
    !row.querySelector(ARIA_CELLS);
}

/** An ARIA cell's 0-based column: its aria-colindex, else its place among the row's cells. */
function ariaColumnIndex(cell: Element): number {
  const declared = Number(cell.getAttribute("aria-colindex"));
  if (declared >= 1) return declared - 1;
  let index = 0;
  for (let c = cell.previousElementSibling; c; c = c.previousElementSibling) {
    if (ARIA_CELL_ROLES.has(c.getAttribute("role") ?? "")) index++;
  }
  return index;
}

/** The column headers of an ARIA grid or table (role=grid/table/treegrid built of divs). */
function ariaHeaderTexts(grid: Element): string[] {
  const known = headersByTable.get(grid);
  if (known) return known;
  const out: string[] = [];
  const heads = Array.from(grid.querySelectorAll("[role=columnheader]"));
  const firstRow = heads[0]?.closest("[role=row]");
  for (const head of heads) {
    if (head.closest("[role=row]") !== firstRow) break;
    out[ariaColumnIndex(head)] = textOf(head, null, 60);
  }
  headersByTable.set(grid, out);
  return out;
}

function headerTexts(table: Element): string[] {
  const known = headersByTable.get(table);
  if (known) return known;
  const t = table as HTMLTableElement;
  let headRow: HTMLTableRowElement | undefined = t.tHead?.rows?.[0];
  if (!headRow && t.rows) {
    const first = t.rows[0];
    if (first && !first.querySelector("td")) headRow = first;
  }
  const out: string[] = [];
  if (headRow) {
    for (const cell of Array.from(headRow.cells)) {
      const text = textOf(cell, null, 60);
      for (let s = 0; s < Math.max(1, cell.colSpan || 1); s++) out.push(text);
    }
  }
  headersByTable.set(table, out);
  return out;
}

function columnOf(cell: Element): string {
  if (cell.localName !== "td" && cell.localName !== "th") {
    const grid = cell.closest("[role=grid],[role=table],[role=treegrid]");
    return grid ? (ariaHeaderTexts(grid)[ariaColumnIndex(cell)] ?? "") : "";
  }
  const table = cell.closest("table");
  if (!table) return "";
  const heads = headerTexts(table);
  if (!heads.length) return "";
  let index = 0;
  for (let c = cell.previousElementSibling; c; c = c.previousElementSibling) {
    index += Math.max(1, (c as HTMLTableCellElement).colSpan || 1);
  }
  return heads[index] ?? "";
}

const SORT_STATES = new Set(["ascending", "descending", "none", "other"]);

/** A column header's sort state: aria-sort on the control itself (a header's button) or
 * on the header cell it sits in. */
function sortOf(el: Element, cell: Element | undefined): string | null {
  const own = el.getAttribute("aria-sort");
  if (own && SORT_STATES.has(own)) return own;
  const head = el.localName === "th" || el.getAttribute("role") === "columnheader" ? el
    : cell && (cell.localName === "th" || cell.getAttribute("role") === "columnheader")
      ? cell : null;
  const state = head?.getAttribute("aria-sort");
  return state && SORT_STATES.has(state) ? state : null;
}

/** Adds group / groupKind / position / column / sort to an entry (only keys with a
 * value). */
export function describePlace(entry: IndexedElement, place: Place, el?: Element): void {
  if (el) {
    const sort = sortOf(el, place.cell);
    if (sort) entry.sort = sort;
  }
  const g = place.group;
  if (g) {
    entry.groupKind = g.kind;
    const text = groupText(g);
    if (text) entry.group = text;
    const pos = positionOf(g);
    if (pos && pos[1] > 1) entry.position = pos; // "1 of 1" tells nothing apart
  }
  if (place.cell) {
    const column = columnOf(place.cell);
    if (column) entry.column = column;
  }
}

// Controls that the page shows only while their row is hovered or focused (a list item's
// delete button styled `display: none` until `li:hover`). The stylesheets are read once per
// index for rules behind `:hover` / `:focus-within` / `:focus` that change display,
// visibility or opacity; the revealed state is then measured by adding those rules with
// the state made always true (`:is(:hover, :not(:hover))` keeps the rule's specificity)
// in a constructed sheet, reading the boxes, and removing the sheet again. Adopted
// sheets leave no trace in the DOM: no attribute changes, no mutation records, no
// hovered state left behind.

import { styleSheetsOf } from "./pointer";

const STATE = /:(hover|focus-within|focus-visible|focus)(?![\w-])/g;
const HAS_STATE = /:(hover|focus-within|focus-visible|focus)(?![\w-])/;
const NO_MOTION = "transition:none!important;animation:none!important";
const REVEALS = /(^|;)\s*(display|visibility|opacity|max-height|height|width|transform|clip|clip-path)\s*:/i;

export interface RevealScan {
  /** Rules to add, state made always true (transitions off: measured at once). */
  css: string[];
  /** The same selectors with transitions off only: held while the revealing rules go, so
   * that nothing fades back on screen after the measure. */
  hold: string[];
  /** Elements those rules reveal (the styled element itself, e.g. the delete button or
   * the actions box holding it). */
  revealed: Set<Element>;
}

function collect(rules: CSSRuleList, out: Array<[string, string]>): void {
  for (const rule of Array.from(rules)) {
    const sel = (rule as CSSStyleRule).selectorText;
    const style = (rule as CSSStyleRule).style;
    if (sel && style && HAS_STATE.test(sel)) {
      const css = style.cssText;
      if (REVEALS.test(css)) out.push([sel, css]);
    }
    const nested = (rule as CSSGroupingRule).cssRules;
    if (nested && nested.length && !sel) collect(nested, out);
  }
}

/** A selector list's selectors (commas inside `:is(…)`/`:not(…)` stay). */
function topLevelParts(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}

export function scanReveals(root: Document | ShadowRoot): RevealScan | null {
  const found: Array<[string, string]> = [];
  for (const sheet of styleSheetsOf(root)) {
    try {
      collect(sheet.cssRules, found);
    } catch {
      /* cross-origin sheet: its hover rules stay unknown */
    }
  }
  if (!found.length) return null;
  const css: string[] = [];
  const hold: string[] = [];
  const revealed = new Set<Element>();
  for (const [sel, body] of found) {
    // Each selector of a list on its own: one bad part must not lose the others.
    for (const part of topLevelParts(sel)) {
      const always = part.replace(STATE, ":is(:$1, :not(:$1))");
      const plain = part.replace(STATE, "");
      try {
        const matches = root.querySelectorAll(plain.trim() || "*");
        if (!matches.length) continue;
        for (const el of Array.from(matches)) revealed.add(el);
        // A control that fades in (`transition: opacity .15s`) would still read as
        // transparent at the moment it is measured.
        css.push(`${always}{${body};${NO_MOTION}}`);
        hold.push(`${always}{${NO_MOTION}}`);
      } catch {
        /* a selector querySelectorAll cannot take (pseudo-elements) */
      }
    }
  }
  return revealed.size ? { css, hold, revealed } : null;
}

/** Is `el` (or an ancestor up to a few levels) one of the revealed elements? */
export function underReveal(el: Element, scan: RevealScan | null): boolean {
  if (!scan) return false;
  let e: Element | null = el;
  for (let hops = 0; e && hops < 6; hops++, e = e.parentElement) {
    if (scan.revealed.has(e)) return true;
  }
  return false;
}

function sheetOf(Sheet: typeof CSSStyleSheet, rules: string[]): CSSStyleSheet {
  const sheet = new Sheet();
  for (const rule of rules) {
    try {
      sheet.insertRule(rule, sheet.cssRules.length);
    } catch {
      /* a rule the constructed sheet refuses (e.g. @import inside) */
    }
  }
  return sheet;
}

/** Run `measure` with the hover/focus rules applied everywhere, then take them away. */
export function withRevealed<T>(root: Document | ShadowRoot, scan: RevealScan,
  measure: () => T): T | null {
  const holder = root as unknown as { adoptedStyleSheets?: CSSStyleSheet[] };
  const win = (root as Document).defaultView ?? (root as ShadowRoot).host?.ownerDocument.defaultView;
  const Sheet = (win as unknown as { CSSStyleSheet?: typeof CSSStyleSheet } | null)?.CSSStyleSheet;
  if (!Sheet || !Array.isArray(holder.adoptedStyleSheets)) return null;
  let sheet: CSSStyleSheet;
  let hold: CSSStyleSheet;
  try {
    sheet = sheetOf(Sheet, scan.css);
    hold = sheetOf(Sheet, scan.hold);
  } catch {
    return null;
  }
  // A copy: adoptedStyleSheets is a live array (assigning changes the same object).
  const before = [...holder.adoptedStyleSheets];
  holder.adoptedStyleSheets = [...before, sheet];
  try {
    return measure();
  } finally {
    // Hide again with transitions still off (a style read applies it), then give the
    // page its own transitions back: no fade-out plays after the measure.
    holder.adoptedStyleSheets = [...before, hold];
    const first = scan.revealed.values().next().value as Element | undefined;
    if (first && win) win.getComputedStyle(first).opacity;
    holder.adoptedStyleSheets = before;
  }
}

/** Elements the last index found only in their hovered/focused state. */
export const hoverOnly = new WeakSet<Element>();

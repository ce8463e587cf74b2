// Selecting words of a text as a person drags over them, so that what the page does with
// a selection (an editor's Bold or bulleted-list button) acts on just those words.

import { StepError } from "./outcome";
import { isTextEntry } from "./roles";
import { clean } from "./text";

interface Spot {
  node: Text;
  offset: number;
}

/** The characters of `el`'s text that are not blanks, each with where it is. Blanks are
 * left out: lines of an editor join without one ("tent" + "stove" in two blocks). */
function visibleChars(el: Element): { chars: string; spots: Spot[] } {
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* SHOW_TEXT */);
  let chars = "";
  const spots: Spot[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n as Text).data;
    for (let i = 0; i < text.length; i++) {
      if (/\s/.test(text[i]!)) continue;
      chars += text[i]!.toLowerCase();
      spots.push({ node: n as Text, offset: i });
    }
  }
  return { chars, spots };
}

function rangeOf(el: Element, words: string): Range {
  const range = el.ownerDocument.createRange();
  const wanted = words.replace(/\s+/g, "").toLowerCase();
  if (!wanted) {
    range.selectNodeContents(el);
    return range;
  }
  const { chars, spots } = visibleChars(el);
  const at = chars.indexOf(wanted);
  if (at < 0) throw new StepError(`the text does not say "${clean(words, 60)}"`);
  const first = spots[at]!;
  const last = spots[at + wanted.length - 1]!;
  range.setStart(first.node, first.offset);
  range.setEnd(last.node, last.offset + 1);
  return range;
}

/** Select `words` (case and blanks aside; empty: all of it) in a field, an editable region
 * or any text, with the focus there, as a person's drag over them leaves it. */
export function selectText(el: Element, words: string): void {
  const html = el as HTMLElement;
  if (isTextEntry(el)) {
    const field = el as HTMLInputElement;
    const at = words.trim() ? field.value.toLowerCase().indexOf(words.trim().toLowerCase()) : 0;
    if (at < 0) throw new StepError(`the field does not say "${clean(words, 60)}"`);
    field.focus({ preventScroll: true });
    field.setSelectionRange(at, words.trim() ? at + words.trim().length : field.value.length);
    return;
  }
  const range = rangeOf(el, words);
  if (html.isContentEditable) html.focus({ preventScroll: true });
  const selection = el.ownerDocument.getSelection();
  if (!selection) throw new StepError("the page does not let text be selected");
  selection.removeAllRanges();
  selection.addRange(range);
  if (!selection.toString().trim() && range.toString().trim()) {
    throw new StepError("the page did not keep the selection");
  }
}

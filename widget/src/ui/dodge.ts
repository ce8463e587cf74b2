// Keeping the panel off the element the agent acts on: the geometry (pure) and the
// ladder of moves (flip to the other side, shrink to a bar, move the bar to the top).

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Whether two boxes overlap (touching edges do not). */
export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** An element's box in the top window's viewport (through same-origin frames). */
export function viewportBox(target: Element): Box {
  const r = target.getBoundingClientRect();
  let dx = 0;
  let dy = 0;
  let win: Window | null = target.ownerDocument.defaultView;
  while (win && win !== win.parent && win.frameElement) {
    const f = win.frameElement.getBoundingClientRect();
    dx += f.left;
    dy += f.top;
    win = win.parent;
  }
  return { left: r.left + dx, top: r.top + dy, right: r.right + dx, bottom: r.bottom + dy };
}

/** The moves tried in order, as values of the host's data-dodge attribute. On a narrow
 * screen the panel covers everything, so it goes straight to a bar. */
export function dodgeLadder(narrow: boolean): string[] {
  return narrow ? ["bar", "bar top"] : ["", "flip", "bar", "flip bar", "bar top", "flip bar top"];
}

/** Tries each move until none of the widget's boxes (panel, launcher) covers the target
 * (the last move stays when every one does). */
export function dodge(host: HTMLElement, boxes: () => Box[], target: Box,
  narrow: boolean): string {
  let chosen = "";
  for (const move of dodgeLadder(narrow)) {
    chosen = move;
    if (move) host.setAttribute("data-dodge", move);
    else host.removeAttribute("data-dodge");
    if (!boxes().some((b) => overlaps(b, target))) break;
  }
  return chosen;
}

// Is an element really there for a visitor: rendered, not transparent, of some size,
// and (when on screen) not covered by another element.

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function hasSize(rect: Box): boolean {
  return rect.width > 0 && rect.height > 0;
}

export interface Viewport {
  innerWidth: number;
  innerHeight: number;
}

export function inViewport(rect: Box, win: Viewport): boolean {
  return (
    rect.top < win.innerHeight && rect.left < win.innerWidth &&
    rect.top + rect.height > 0 && rect.left + rect.width > 0
  );
}

function accepts(el: Element, hit: Element | null, widgetHost: Element | null): boolean {
  if (!hit) return true; // no hit-testing available: assume uncovered
  if (hit === el || el.contains(hit) || hit.contains(el)) return true;
  if (widgetHost && (hit === widgetHost || widgetHost.contains(hit))) return true;
  const label = hit.closest("label") as HTMLLabelElement | null;
  return !!label && label.control === el;
}

/** True when another element sits on top of `el` at its centre and at an inner corner. */
export function isCovered(el: Element, rect: Box, widgetHost: Element | null): boolean {
  const root = el.getRootNode() as Document | ShadowRoot;
  if (typeof root.elementFromPoint !== "function") return false;
  const win = el.ownerDocument.defaultView;
  if (!win) return false;
  const points: Array<[number, number]> = [
    [rect.left + rect.width / 2, rect.top + rect.height / 2],
    [rect.left + Math.min(3, rect.width / 2), rect.top + Math.min(3, rect.height / 2)],
  ];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= win.innerWidth || y >= win.innerHeight) return false;
    if (accepts(el, root.elementFromPoint(x, y), widgetHost)) return false;
  }
  return true;
}

/** Visible as far as style and size go (no hit test); used before acting. */
export function isRendered(el: Element): boolean {
  const win = el.ownerDocument.defaultView;
  if (!win || !el.isConnected) return false;
  const check = (el as HTMLElement).checkVisibility;
  if (typeof check === "function" &&
      !check.call(el, { opacityProperty: true, visibilityProperty: true })) {
    return false;
  }
  const cs = win.getComputedStyle(el);
  if (cs.display === "none" || cs.visibility === "hidden" || cs.visibility === "collapse") {
    return false;
  }
  return hasSize(el.getBoundingClientRect());
}

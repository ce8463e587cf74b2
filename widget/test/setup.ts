// happy-dom has no layout engine: every box is 0×0. Give rendered elements a box (and
// hidden ones none) so the indexer's size checks mean what they mean in a browser.
// Real layout, hit-testing and scrolling are covered by the Chromium tests in tests/e2e.

function hiddenByStyle(el: Element): boolean {
  for (let e: Element | null = el; e; ) {
    const cs = getComputedStyle(e);
    if (cs.display === "none") return true;
    const style = (e as HTMLElement).style;
    if (e === el && (style?.width === "0px" || style?.height === "0px")) return true;
    const parent: Element | null = e.parentElement;
    e = parent ?? ((e.getRootNode() as ShadowRoot).host ?? null);
  }
  return false;
}

let order = 0;
const positions = new WeakMap<Element, number>();

Element.prototype.getBoundingClientRect = function (this: Element): DOMRect {
  if (!this.isConnected || hiddenByStyle(this)) return new DOMRect(0, 0, 0, 0);
  let y = positions.get(this);
  if (y === undefined) {
    y = (order++ % 20) * 30;
    positions.set(this, y);
  }
  return new DOMRect(10, y, 120, 24);
};

// Stable element ids: small integers, fixed for the life of an element on this page.
// The server names elements only by these ids, so they must never be reused.

const idByElement = new WeakMap<Element, number>();
const elementByIdRef = new Map<number, WeakRef<Element>>();
let nextId = 1;

export function idOf(el: Element): number {
  let id = idByElement.get(el);
  if (id === undefined) {
    id = nextId++;
    idByElement.set(el, id);
    elementByIdRef.set(id, new WeakRef(el));
  }
  return id;
}

/** The element's id if it has one already (never hands out a new one). */
export function knownId(el: Element): number | undefined {
  return idByElement.get(el);
}

/** The element behind an id, if it is still alive and attached. */
export function elementById(id: number): Element | null {
  const el = elementByIdRef.get(id)?.deref();
  return el && el.isConnected ? el : null;
}

let pruneCalls = 0;

/** Forget ids of elements the garbage collector already took (now and then: it walks
 * every id ever given). */
export function pruneIds(): void {
  if (pruneCalls++ % 16 !== 0) return;
  for (const [id, ref] of elementByIdRef) {
    if (!ref.deref()) elementByIdRef.delete(id);
  }
}

// Every callback the embed hands to the page or the browser runs through guard(): an
// error (thrown or rejected) is a console warning, never an exception in the host page.

export function guard<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const r = fn(...args);
      if (r instanceof Promise) r.catch((e) => console.warn("[LeFlux]", e));
    } catch (e) {
      console.warn("[LeFlux]", e); // never into the host page
    }
  };
}

/** Runs `fn` (guarded) when the browser is idle, within 1.5 s. */
export function whenIdle(fn: () => void): void {
  const ric = (window as unknown as { requestIdleCallback?: (cb: () => void, o: object) => void })
    .requestIdleCallback;
  if (ric) ric(guard(fn), { timeout: 1500 });
  else setTimeout(guard(fn), 200);
}

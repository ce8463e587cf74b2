// Meaningful changes of the page (DOM mutations outside the widget, history moves, form
// changes), debounced: the controller refreshes the server's context on them while it
// matters.

import { guard } from "./guard";

/** Calls `onChange` after 1.2 s of quiet; a page that never stops changing (a clock, a
 * carousel) still gets one call every 5 s. Changes inside `host` (the widget) are not
 * the page's. */
export function watchPageChanges(host: Element, onChange: () => void): void {
  let firstPending = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = guard(() => {
    firstPending = 0;
    onChange();
  });
  const schedule = guard(() => {
    const now = Date.now();
    if (!firstPending) firstPending = now;
    clearTimeout(timer);
    timer = setTimeout(fire, now - firstPending > 5000 ? 0 : 1200);
  });
  new MutationObserver((records) => {
    if (records.every((r) => host.contains(r.target))) return;
    schedule();
  }).observe(document.documentElement, { subtree: true, childList: true, attributes: true,
    characterData: true });
  window.addEventListener("popstate", schedule);
  window.addEventListener("hashchange", schedule);
  document.addEventListener("change", schedule, true);
}

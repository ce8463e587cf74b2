// "Has the page settled?": no DOM change for a quiet period, or the page is leaving.

export type SettleResult = "quiet" | "timeout" | "navigating" | "url-changed";

let leaving = false;
let watching = false;

/** Start noticing when the page begins to unload (a click that navigates). */
export function watchNavigation(win: Window = window): void {
  if (watching) return;
  watching = true;
  const mark = (): void => {
    leaving = true;
  };
  win.addEventListener("beforeunload", mark, { capture: true });
  win.addEventListener("pagehide", mark, { capture: true });
  // The Navigation API (Chromium) says so as soon as a cross-document navigation starts.
  const nav = (win as unknown as { navigation?: EventTarget }).navigation;
  nav?.addEventListener("navigate", (e: Event) => {
    const ev = e as Event & { hashChange?: boolean; destination?: { sameDocument?: boolean } };
    if (!ev.hashChange && ev.destination && ev.destination.sameDocument === false) leaving = true;
  });
  // bfcache: a page shown again is no longer leaving.
  win.addEventListener("pageshow", () => {
    leaving = false;
  });
}

export function isLeaving(): boolean {
  return leaving;
}

export interface SettleOptions {
  quietMs?: number;
  timeoutMs?: number;
  /** Mutations inside this node (the widget) do not count. */
  ignore?: Node | null;
  root?: Node;
}

export function waitForSettle(options: SettleOptions = {}): Promise<SettleResult> {
  const quietMs = options.quietMs ?? 300;
  const timeoutMs = options.timeoutMs ?? 4000;
  const root = options.root ?? document.documentElement;
  const startUrl = location.href;
  return new Promise((resolve) => {
    let quietTimer: ReturnType<typeof setTimeout> | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    let observer: MutationObserver | undefined;
    let finished = false;
    const finish = (result: SettleResult): void => {
      if (finished) return;
      finished = true;
      observer?.disconnect();
      clearTimeout(quietTimer);
      clearTimeout(hardTimer);
      clearInterval(poll);
      resolve(result);
    };
    const check = (): boolean => {
      if (leaving) {
        finish("navigating");
        return true;
      }
      return false;
    };
    const restartQuiet = (): void => {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => {
        if (!check()) finish(location.href !== startUrl ? "url-changed" : "quiet");
      }, quietMs);
    };
    const hardTimer = setTimeout(() => {
      if (!check()) finish("timeout");
    }, timeoutMs);
    poll = setInterval(check, 50);
    if (check()) return;
    observer = new MutationObserver((records) => {
      const ignore = options.ignore;
      if (ignore && records.every((r) => ignore.contains(r.target))) return;
      restartQuiet();
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true,
      characterData: true });
    restartQuiet();
  });
}

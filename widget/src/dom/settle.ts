// "Has the page settled?": no DOM change for a quiet period, no fetch/XHR of the page in
// flight, no finite animation running — or the page is leaving. Always within a cap.

export type SettleResult = "quiet" | "timeout" | "navigating" | "url-changed";

let leaving = false;
let gone = false;
let watching = false;
let leavingTimer: ReturnType<typeof setTimeout> | undefined;
// A navigation that started but left us alive this long was aborted (a download, a 204):
// the page stays, and so does the task loop. Long, because a slow server takes a while
// to answer a real navigation, and going on early would plan on the page being left.
const STILL_HERE_MS = 15000;

function markLeaving(): void {
  leaving = true;
  clearTimeout(leavingTimer);
  leavingTimer = setTimeout(() => {
    if (!gone) leaving = false;
  }, STILL_HERE_MS);
}

/** Start noticing when the page begins to unload (a click that navigates). */
export function watchNavigation(win: Window = window): void {
  if (watching) return;
  watching = true;
  win.addEventListener("beforeunload", markLeaving, { capture: true });
  win.addEventListener("pagehide", () => {
    gone = true;
    leaving = true;
  }, { capture: true });
  // The Navigation API (Chromium) says so as soon as a cross-document navigation starts.
  const nav = (win as unknown as { navigation?: EventTarget }).navigation;
  nav?.addEventListener("navigate", (e: Event) => {
    const ev = e as Event & { hashChange?: boolean; downloadRequest?: string | null;
      destination?: { sameDocument?: boolean } };
    if (ev.hashChange || ev.downloadRequest || ev.destination?.sameDocument !== false) return;
    // Decide after the page's own listeners: a router may cancel or intercept it.
    setTimeout(() => {
      if (!ev.defaultPrevented && !(nav as unknown as { transition?: unknown }).transition) {
        markLeaving();
      }
    }, 0);
  });
  // An aborted cross-document navigation (Chromium): we stay, say so at once.
  nav?.addEventListener("navigateerror", () => {
    if (!gone) {
      clearTimeout(leavingTimer);
      leaving = false;
    }
  });
  // bfcache: a page shown again is no longer leaving.
  win.addEventListener("pageshow", () => {
    gone = false;
    leaving = false;
  });
}

export function isLeaving(): boolean {
  return leaving;
}

/** After a navigation started: resolves "gone" when the page unloads, "stayed" when the
 * navigation turned out not to leave this page. */
export function leftOrStayed(): Promise<"gone" | "stayed"> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (gone || !leaving) {
        clearInterval(poll);
        resolve(gone ? "gone" : "stayed");
      }
    }, 100);
  });
}

// In-flight requests of the page (fetch and XMLHttpRequest, wrapped once), by start time:
// one that hangs (long polling, a stream) stops counting after LONG_REQUEST_MS.
const inflight = new Map<number, number>();
let nextRequest = 1;
let networkWatched = false;
const LONG_REQUEST_MS = 10_000;
const BODY_GRACE_MS = 150;

function track(): () => void {
  const id = nextRequest++;
  inflight.set(id, Date.now());
  return () => void inflight.delete(id);
}

function urlOf(input: unknown): string {
  if (typeof input === "string") return input;
  if (input && typeof input === "object" && "url" in input) return String((input as Request).url);
  return String(input ?? "");
}

/** Count the page's fetch/XHR calls (not the embed's own, under `ignorePrefix`). */
export function watchNetwork(win: Window = window, ignorePrefix = ""): void {
  if (networkWatched) return;
  networkWatched = true;
  const w = win as Window & typeof globalThis;
  const ours = (url: string): boolean => !!ignorePrefix && url.startsWith(ignorePrefix);
  const original = w.fetch;
  if (typeof original === "function") {
    w.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
      if (ours(urlOf(args[0]))) return original.apply(this, args);
      const done = track();
      // The response's body is read after the fetch resolves (`await res.json()`): count
      // the request a little longer, so the page's answer to it is waited for too.
      const later = (): void => void setTimeout(done, BODY_GRACE_MS);
      try {
        const p = original.apply(this, args);
        p.then(later, done);
        return p;
      } catch (err) {
        done();
        throw err;
      }
    } as typeof fetch;
  }
  const xhr = w.XMLHttpRequest?.prototype;
  if (xhr) {
    const open = xhr.open;
    const send = xhr.send;
    xhr.open = function (this: XMLHttpRequest & { __lfUrl?: string }, ...args: unknown[]) {
      this.__lfUrl = String(args[1] ?? "");
      return (open as (...a: unknown[]) => void).apply(this, args);
    } as typeof xhr.open;
    xhr.send = function (this: XMLHttpRequest & { __lfUrl?: string }, body?: unknown) {
      if (!ours(this.__lfUrl ?? "")) {
        const done = track();
        this.addEventListener("loadend", done, { once: true });
      }
      return send.call(this, body as XMLHttpRequestBodyInit | null);
    };
  }
}

export function networkBusy(now = Date.now()): boolean {
  for (const started of inflight.values()) if (now - started < LONG_REQUEST_MS) return true;
  return false;
}

/** A finite animation or transition still running (spinners that loop forever do not
 * count: they would never end). */
export function animating(doc: Document = document): boolean {
  const all = (doc as Document & { getAnimations?: () => Animation[] }).getAnimations?.();
  if (!all) return false;
  return all.some((a) => {
    if (a.playState !== "running") return false;
    const timing = (a.effect as AnimationEffect | null)?.getComputedTiming?.();
    return !!timing && timing.endTime !== Infinity && Number(timing.endTime) < 10_000;
  });
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
    const restartQuiet = (wait = quietMs): void => {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => {
        if (check()) return;
        // DOM quiet, but a request or an animation is still going: look again shortly.
        if (networkBusy() || animating()) restartQuiet(50);
        else finish(location.href !== startUrl ? "url-changed" : "quiet");
      }, wait);
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

// The one script tag: finds its server from its own src, builds the widget, and offers
// window.LeFlux. Nothing else is put on the page's globals, and nothing throws into it.

import { Controller, guard } from "./controller";
import { buildContext } from "./dom/context";
import { Emitter } from "./emitter";
import { loadSessionId } from "./storage";
import { serverBase } from "./transport";

interface LeFluxApi {
  readonly sessionId: string;
  readonly version: string;
  open(): void;
  close(): void;
  send(text: string): void;
  on(event: string, cb: (payload: unknown) => void): () => void;
  /** The page context the embed would send now (for integrators and benchmarks). */
  getContext(): unknown;
}

declare global {
  interface Window {
    LeFlux?: LeFluxApi;
  }
}

// The owner's tag (".../embed.js"), or the hashed code its loader added beside it
// (".../embed/<hash>.js", carrying the tag's data-* attributes).
const EMBED_SRC = /\/embed(\.js|\/[0-9a-f]+\.js)([?#]|$)/;

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript as HTMLScriptElement | null;
  if (current?.src) return current;
  const all = Array.from(document.querySelectorAll<HTMLScriptElement>("script[src]"));
  return all.reverse().find((s) => EMBED_SRC.test(s.src)) ?? null;
}

function flag(value: string | undefined): boolean {
  return value !== undefined && value !== "false" && value !== "0";
}

function boot(): void {
  if (window.LeFlux) return; // included twice: the first one wins
  const script = ownScript();
  if (!script) {
    console.warn("[LeFlux] cannot find my <script src=…/embed.js>; not starting");
    return;
  }
  const base = serverBase(script.src);
  const sessionId = loadSessionId();
  const events = new Emitter();
  const options = { open: flag(script.dataset.open), position: script.dataset.position || "right" };
  let controller: Controller | null = null;
  const pending: Array<(c: Controller) => void> = [];
  const withController = (fn: (c: Controller) => void): void => {
    if (controller) guard(fn)(controller);
    else pending.push(fn);
  };
  const api: LeFluxApi = {
    sessionId,
    version: "0.1.0",
    open: () => withController((c) => c.panel.open()),
    close: () => withController((c) => c.panel.close()),
    send: (text: string) => withController((c) => void c.send(String(text))),
    on: (event, cb) => events.on(String(event), cb),
    getContext: () => (controller ? controller.context() : buildContext(document, null)),
  };
  Object.defineProperty(window, "LeFlux", { value: Object.freeze(api), configurable: true });
  const start = guard(() => {
    controller = new Controller(base, sessionId, events, options);
    for (const fn of pending.splice(0)) guard(fn)(controller);
  });
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
}

try {
  boot();
} catch (err) {
  console.warn("[LeFlux] could not start", err);
}

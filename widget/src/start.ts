// start(): builds the widget for one server and offers window.LeFlux. The script tag
// (index.ts) and the npm package's module entry (module.ts) both come here; nothing
// runs until it is called, and nothing throws into the page.

import type { LeFluxApi, LeFluxEventName, StartOptions } from "./api";
import { Controller } from "./controller";
import { guard } from "./guard";
import { buildContext } from "./dom/context";
import { Emitter } from "./emitter";
import { resolveOptions } from "./options";
import { loadSessionId } from "./storage";
import { ToolRegistry, withTools } from "./tools";
import { type ServerBase, type ServerEvent, serverAt } from "./transport";

declare const __LEFLUX_VERSION__: string | undefined;
export const VERSION = typeof __LEFLUX_VERSION__ === "string" ? __LEFLUX_VERSION__ : "dev";

// Every server event is in the typed event map (a compile error otherwise).
const eventsTyped: Exclude<ServerEvent, LeFluxEventName> extends never ? true : never = true;
void eventsTyped;

/** Start the widget (once per page: a second call returns the running one). */
export function start(options: StartOptions): LeFluxApi {
  if (window.LeFlux) return window.LeFlux; // started twice: the first one wins
  if (!options || typeof options.server !== "string" || !options.server) {
    throw new TypeError("LeFlux start(): options.server must be the LeFlux server's URL");
  }
  return boot(serverAt(options.server), options);
}

function boot(base: ServerBase, options: StartOptions): LeFluxApi {
  const initialId = loadSessionId();
  const events = new Emitter();
  const tools = new ToolRegistry();
  const settings = resolveOptions(options, document, navigator);
  let controller: Controller | null = null;
  const pending: Array<(c: Controller) => void> = [];
  const withController = (fn: (c: Controller) => void): void => {
    if (controller) guard(fn)(controller);
    else pending.push(fn);
  };
  const api: LeFluxApi = {
    get sessionId() {
      return controller ? controller.sessionId : initialId;
    },
    version: VERSION,
    open: () => withController((c) => c.panel.open()),
    close: () => withController((c) => c.panel.close()),
    send: (text: string) => withController((c) => void c.send(String(text))),
    stop: () => withController((c) => c.stop()),
    reset: () => withController((c) => void c.reset()),
    on: (event, cb) => events.on(String(event), cb as (payload: unknown) => void),
    getContext: () => (controller ? controller.context()
      : withTools(buildContext(document, null), tools)),
    registerTool: (definition) => {
      try {
        return tools.register(definition);
      } catch (e) {
        console.warn("[LeFlux] registerTool:", e);
        return false;
      }
    },
    unregisterTool: (name) => tools.unregister(name),
  };
  Object.defineProperty(window, "LeFlux", { value: Object.freeze(api), configurable: true });
  // For a page whose own script runs before the (async) embed: register tools on this.
  guard(() => window.dispatchEvent(new Event("leflux:ready")))();
  const run = guard(() => {
    controller = new Controller(base, initialId, events, settings, tools);
    for (const fn of pending.splice(0)) guard(fn)(controller);
  });
  if (document.body) run();
  else document.addEventListener("DOMContentLoaded", run, { once: true });
  return api;
}

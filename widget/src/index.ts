// The one script tag: finds its server from its own src and starts at once (start.ts).
// Nothing else is put on the page's globals, and nothing throws into it.

import type { StartOptions } from "./api";
import { fromDataset } from "./options";
import { start } from "./start";
import { serverBase } from "./transport";

// The owner's tag (".../embed.js"), or the hashed code its loader added beside it
// (".../embed/<hash>.js", carrying the tag's data-* attributes).
const EMBED_SRC = /\/embed(\.js|\/[0-9a-f]+\.js)([?#]|$)/;

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript as HTMLScriptElement | null;
  if (current?.src) return current;
  const all = Array.from(document.querySelectorAll<HTMLScriptElement>("script[src]"));
  return all.reverse().find((s) => EMBED_SRC.test(s.src)) ?? null;
}

function fromTag(): void {
  if (window.LeFlux) return; // included twice: the first one wins
  const script = ownScript();
  if (!script) {
    console.warn("[LeFlux] cannot find my <script src=…/embed.js>; not starting");
    return;
  }
  const base = serverBase(script.src);
  // The attributes are the page's strings (data-strings is JSON): start() checks each one.
  start({ server: base.origin + base.prefix, ...fromDataset(script.dataset) } as StartOptions);
}

try {
  fromTag();
} catch (err) {
  console.warn("[LeFlux] could not start", err);
}

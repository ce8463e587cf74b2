"""What the eval adds to every page it opens (a Playwright init script, so it runs again
on each page the agent navigates to, before the page's own scripts).

- Forwards every LeFlux event (``window.LeFlux.on``) to the eval through an exposed
  binding, re-registered on every page load.
- Records every form submission: a capture listener for ``submit`` (Enter in a field and
  ``requestSubmit()`` fire it too) and ``HTMLFormElement.prototype.submit``, which fires
  no event.
- With ``inject``, adds ``<script src="SERVER/embed.js">`` when the page has no LeFlux
  script of its own.
"""

from __future__ import annotations

import json

BINDING = "__lefluxEval"

# Server events of the socket plus the embed's own action_executed and status.
EVENTS = ("session_joined", "message_chunk", "message_done", "message", "action_plan",
          "ui_block", "confirmation_required", "task_complete", "error", "action_executed",
          "status")

_SCRIPT = r"""
(() => {
  const BINDING = %(binding)s, EVENTS = %(events)s, EMBED = %(embed)s;
  const send = (kind, data) => {
    try { const b = window[BINDING]; if (b) b(kind, data); } catch (e) { /* page closing */ }
  };
  const describe = (form) => {
    if (!(form instanceof HTMLFormElement)) return {};
    return { id: form.id || null, name: form.getAttribute("name"),
             action: form.getAttribute("action"), method: (form.method || "get").toLowerCase() };
  };
  document.addEventListener("submit", (e) => {
    send("submit", { form: describe(e.target), url: location.href, how: "event" });
  }, true);
  const nativeSubmit = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = function () {
    send("submit", { form: describe(this), url: location.href, how: "form.submit()" });
    return nativeSubmit.call(this);
  };
  // The widget lives in the top page only, and never on the blank page before the first load.
  if (window.top !== window || location.protocol === "about:") return;
  if (EMBED) {
    const add = () => {
      const own = Array.from(document.scripts)
        .some((s) => /\/embed(\.js|\/[^\/]+\.js)([?#]|$)/.test(s.src));
      if (own || window.LeFlux) return;
      const s = document.createElement("script");
      s.src = EMBED;
      s.async = true;
      (document.head || document.documentElement).appendChild(s);
    };
    if (document.readyState !== "loading") add();
    else document.addEventListener("DOMContentLoaded", add, { once: true });
  }
  const hook = () => {
    const api = window.LeFlux;
    if (!api || typeof api.on !== "function") return false;
    for (const name of EVENTS) {
      api.on(name, (payload) => {
        let data = payload;
        if (name === "session_joined" && payload && typeof payload === "object") {
          data = { restored: payload.restored, activeTask: payload.activeTask || null };
        }
        send("event", { name, payload: data });
      });
    }
    send("ready", { url: location.href });
    return true;
  };
  if (!hook()) {
    let tries = 0;  // 30 s, then the page has no embed at all
    const timer = setInterval(() => { if (hook() || ++tries > 1500) clearInterval(timer); }, 20);
  }
})();
"""


def init_script(server_url: str, inject: bool) -> str:
    embed = server_url.rstrip("/") + "/embed.js" if inject else ""
    return _SCRIPT % {"binding": json.dumps(BINDING), "events": json.dumps(list(EVENTS)),
                      "embed": json.dumps(embed)}

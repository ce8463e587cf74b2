// The panel's elements, built once inside the open shadow root of <leflux-widget>, with
// their data-leflux hooks and ARIA wiring. The Panel (./panel) gives them behaviour.

import type { Position } from "../options";
import type { Strings } from "./i18n";
import { CSS } from "./styles";

export interface PanelOptions {
  position: Position;
  strings: Strings;
  lang: string;
  dir: "ltr" | "rtl";
}

const CHAT_ICON = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" ' +
  'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 15a2 2 0 0 ' +
  '1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg>';

export interface Skeleton {
  host: HTMLElement;
  root: ShadowRoot;
  launcher: HTMLButtonElement;
  panel: HTMLElement;
  avatar: HTMLImageElement;
  title: HTMLElement;
  status: HTMLElement;
  menuBtn: HTMLButtonElement;
  menu: HTMLElement;
  newConversation: HTMLButtonElement;
  close: HTMLButtonElement;
  messages: HTMLElement;
  working: HTMLElement;
  workingText: HTMLElement;
  stop: HTMLButtonElement;
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
  takeOver: HTMLButtonElement;
  highlightBox: HTMLElement;
}

export function make<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, cls: string,
  attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  e.className = cls;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export function buildSkeleton(doc: Document, opts: PanelOptions): Skeleton {
  const s = opts.strings;
  const host = doc.createElement("leflux-widget");
  host.setAttribute("data-position", opts.position);
  host.setAttribute("lang", opts.lang);
  host.setAttribute("dir", opts.dir);
  const root = host.attachShadow({ mode: "open" });
  const style = doc.createElement("style");
  style.textContent = CSS;
  root.appendChild(style);

  const highlightBox = make(doc, "div", "lf-highlight", { hidden: "", "aria-hidden": "true" });
  const launcher = make(doc, "button", "lf-launcher", {
    type: "button", "data-leflux": "launcher", "aria-label": s.openLabel,
    "aria-expanded": "false", "aria-controls": "lf-panel",
  });
  launcher.innerHTML = CHAT_ICON; // a constant, not data
  const panel = make(doc, "section", "lf-panel", {
    id: "lf-panel", role: "dialog", hidden: "", "data-leflux": "panel", dir: opts.dir,
    "aria-labelledby": "lf-title",
  });
  const header = make(doc, "div", "lf-header");
  const avatar = make(doc, "img", "lf-avatar", { alt: "", hidden: "", "data-leflux": "avatar" });
  const title = make(doc, "div", "lf-title", { id: "lf-title", "data-leflux": "title" }, s.title);
  const status = make(doc, "div", "lf-status", { "data-leflux": "status", role: "status" });
  const menuBtn = make(doc, "button", "lf-icon-btn", { type: "button", "aria-label": s.menu,
    "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": "lf-menu",
    "data-leflux": "menu" }, "⋮");
  const close = make(doc, "button", "lf-icon-btn", { type: "button", "aria-label": s.closeLabel,
    "data-leflux": "close" }, "×");
  const menu = make(doc, "div", "lf-menu", { id: "lf-menu", role: "menu", hidden: "" });
  const newConversation = make(doc, "button", "", { type: "button", role: "menuitem",
    "data-leflux": "new-conversation" }, s.newConversation);
  menu.appendChild(newConversation);
  header.append(avatar, title, status, menuBtn, close, menu);

  const messages = make(doc, "div", "lf-messages", { role: "log", "aria-live": "polite",
    "aria-relevant": "additions text", "data-leflux": "messages" });
  const working = make(doc, "div", "lf-working", { hidden: "", "data-leflux": "working" });
  const workingText = make(doc, "span", "lf-working-text", { role: "status" });
  const stop = make(doc, "button", "lf-stop", { type: "button", "data-leflux": "stop" }, s.stop);
  working.append(make(doc, "span", "lf-spinner", { "aria-hidden": "true" }), workingText, stop);

  const form = make(doc, "form", "lf-form");
  const input = make(doc, "textarea", "lf-input", { "data-leflux": "input", rows: "1",
    "aria-label": s.inputLabel, placeholder: s.placeholder });
  const send = make(doc, "button", "lf-send", { type: "submit", "data-leflux": "send",
    "aria-label": s.send }, s.send);
  form.append(input, send);
  const takeOver = make(doc, "button", "lf-btn lf-btn-primary lf-take-over", { type: "button",
    "data-leflux": "take-over", hidden: "" }, s.continueHere);
  panel.append(header, working, messages, takeOver, form);
  root.append(highlightBox, panel, launcher);
  return { host, root, launcher, panel, avatar, title, status, menuBtn, menu, newConversation,
    close, messages, working, workingText, stop, form, input, send, takeOver, highlightBox };
}

// The chat UI inside the open shadow root of <leflux-widget>, with the data-leflux hooks.
// It only renders; the controller decides what to show.

import type { Position } from "../options";
import { type BlockHandlers, choiceButtons, renderBlock } from "./blocks";
import { type Box, dodge, viewportBox } from "./dodge";
import { type Gate, renderGate } from "./gate";
import { fill, type Strings } from "./i18n";
import { renderMarkdown, safeHref } from "./markdown";
import type { WidgetConfig } from "../protocol.gen";
import { CSS } from "./styles";

export type Status = "connecting" | "connected" | "reconnecting" | "offline" | "replaced";

export interface PanelHandlers extends BlockHandlers {
  onSend(text: string): void;
  onConfirm(confirmed: boolean): void;
  onOpenChange(open: boolean): void;
  /** "Continue here": this tab takes the session back from another one. */
  onTakeOver?(): void;
  /** The Stop button, shown while a task runs. */
  onStop?(): void;
  /** "New conversation" in the panel's menu. */
  onNewConversation?(): void;
}

export interface PanelOptions {
  position: Position;
  strings: Strings;
  lang: string;
  dir: "ltr" | "rtl";
}

const MAX_SUGGESTIONS = 4;
const NARROW = 480; // px: at most this wide, the panel fills the screen (a phone)
const CHAT_ICON = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" ' +
  'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 15a2 2 0 0 ' +
  '1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg>';

function make<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, cls: string,
  attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  e.className = cls;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** An http(s) URL or an inline image (data:image/…); nothing else becomes an <img src>. */
export function avatarSrc(raw: string): string | null {
  if (/^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(raw)) return raw;
  const url = safeHref(raw);
  return url && /^https?:/i.test(url) ? url : null;
}

export class Panel {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  private readonly doc: Document;
  private readonly s: Strings;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly avatar: HTMLImageElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly menuBtn: HTMLButtonElement;
  private readonly menu: HTMLElement;
  private readonly messages: HTMLElement;
  private readonly working: HTMLElement;
  private readonly workingText: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly takeOver: HTMLButtonElement;
  private readonly highlightBox: HTMLElement;
  private readonly streams = new Map<string, HTMLElement>();
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;
  private gate: Gate | null = null;
  private greeting: string;
  private suggestions: string[] = [];

  constructor(doc: Document, private readonly h: PanelHandlers,
    opts: PanelOptions) {
    this.doc = doc;
    const s = (this.s = opts.strings);
    this.greeting = s.greeting;
    this.host = doc.createElement("leflux-widget");
    this.host.setAttribute("data-position", opts.position);
    this.host.setAttribute("lang", opts.lang);
    this.host.setAttribute("dir", opts.dir);
    this.root = this.host.attachShadow({ mode: "open" });
    const style = doc.createElement("style");
    style.textContent = CSS;
    this.root.appendChild(style);

    this.highlightBox = make(doc, "div", "lf-highlight", { hidden: "", "aria-hidden": "true" });
    this.launcher = make(doc, "button", "lf-launcher", {
      type: "button", "data-leflux": "launcher", "aria-label": s.openLabel,
      "aria-expanded": "false", "aria-controls": "lf-panel",
    });
    this.launcher.innerHTML = CHAT_ICON; // a constant, not data
    this.panel = make(doc, "section", "lf-panel", {
      id: "lf-panel", role: "dialog", hidden: "", "data-leflux": "panel", dir: opts.dir,
      "aria-labelledby": "lf-title",
    });
    const header = make(doc, "div", "lf-header");
    this.avatar = make(doc, "img", "lf-avatar", { alt: "", hidden: "", "data-leflux": "avatar" });
    this.title = make(doc, "div", "lf-title", { id: "lf-title", "data-leflux": "title" }, s.title);
    this.status = make(doc, "div", "lf-status", { "data-leflux": "status", role: "status" });
    this.menuBtn = make(doc, "button", "lf-icon-btn", { type: "button", "aria-label": s.menu,
      "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": "lf-menu",
      "data-leflux": "menu" }, "⋮");
    const close = make(doc, "button", "lf-icon-btn", { type: "button", "aria-label": s.closeLabel,
      "data-leflux": "close" }, "×");
    this.menu = make(doc, "div", "lf-menu", { id: "lf-menu", role: "menu", hidden: "" });
    const fresh = make(doc, "button", "", { type: "button", role: "menuitem",
      "data-leflux": "new-conversation" }, s.newConversation);
    fresh.addEventListener("click", () => {
      this.toggleMenu(false);
      this.h.onNewConversation?.();
    });
    this.menu.appendChild(fresh);
    header.append(this.avatar, this.title, this.status, this.menuBtn, close, this.menu);

    this.messages = make(doc, "div", "lf-messages", { role: "log", "aria-live": "polite",
      "aria-relevant": "additions text", "data-leflux": "messages" });
    this.working = make(doc, "div", "lf-working", { hidden: "", "data-leflux": "working" });
    this.workingText = make(doc, "span", "lf-working-text", { role: "status" });
    const stop = make(doc, "button", "lf-stop", { type: "button", "data-leflux": "stop" }, s.stop);
    stop.addEventListener("click", () => this.h.onStop?.());
    this.working.append(make(doc, "span", "lf-spinner", { "aria-hidden": "true" }),
      this.workingText, stop);

    const form = make(doc, "form", "lf-form");
    this.input = make(doc, "textarea", "lf-input", { "data-leflux": "input", rows: "1",
      "aria-label": s.inputLabel, placeholder: s.placeholder });
    this.send = make(doc, "button", "lf-send", { type: "submit", "data-leflux": "send",
      "aria-label": s.send }, s.send);
    form.append(this.input, this.send);
    this.takeOver = make(doc, "button", "lf-btn lf-btn-primary lf-take-over", { type: "button",
      "data-leflux": "take-over", hidden: "" }, s.continueHere);
    this.takeOver.addEventListener("click", () => this.h.onTakeOver?.());
    this.panel.append(header, this.working, this.messages, this.takeOver, form);
    this.root.append(this.highlightBox, this.panel, this.launcher);

    this.launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open()));
    close.addEventListener("click", () => this.close());
    this.menuBtn.addEventListener("click", () => this.toggleMenu());
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.panel.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      if (!this.menu.hidden) this.toggleMenu(false);
      else if (this.gate && !this.gate.answered) this.gate.answer(false);
      else this.close();
    });
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(): void {
    if (this.isOpen) return;
    this.panel.hidden = false;
    this.host.setAttribute("data-open", "");
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.setAttribute("aria-label", this.s.closeLabel);
    this.scrollDown();
    this.input.focus({ preventScroll: true });
    this.h.onOpenChange(true);
  }

  close(): void {
    if (!this.isOpen) return;
    this.toggleMenu(false);
    this.panel.hidden = true;
    this.host.removeAttribute("data-open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.setAttribute("aria-label", this.s.openLabel);
    this.launcher.focus({ preventScroll: true });
    this.h.onOpenChange(false);
  }

  private toggleMenu(show = this.menu.hidden): void {
    this.menu.hidden = !show;
    this.menuBtn.setAttribute("aria-expanded", String(show));
    if (show) (this.menu.querySelector("button") as HTMLElement | null)?.focus();
  }

  setTheme(theme: "light" | "dark"): void {
    this.host.setAttribute("data-theme", theme);
  }

  /** The site's look from /api/widget-config: unset parts keep the widget's own. */
  configure(cfg: WidgetConfig): void {
    const max = cfg.limits?.maxMessageChars;
    if (typeof max === "number" && max > 0) this.input.maxLength = max;
    const text = (v: unknown): string => (typeof v === "string" ? v.trim() : "");
    this.title.textContent = text(cfg.title) || this.s.title;
    const avatar = avatarSrc(text(cfg.avatarUrl));
    if (avatar) {
      this.avatar.src = avatar;
      this.avatar.hidden = false;
    }
    this.greeting = text(cfg.greeting) || this.s.greeting;
    if (typeof cfg.accentColor === "string" && /^#[0-9a-f]{3,8}$/i.test(cfg.accentColor)) {
      this.host.style.setProperty("--lf-site-accent", cfg.accentColor);
    }
    if (Array.isArray(cfg.suggestions)) {
      this.suggestions = cfg.suggestions.filter((x): x is string => typeof x === "string" && !!x.trim())
        .slice(0, MAX_SUGGESTIONS);
    }
    this.welcome();
  }

  /** On an empty conversation: the greeting and the suggestion chips (a chip sends its text). */
  welcome(): void {
    for (const old of Array.from(this.messages.querySelectorAll(".lf-welcome"))) old.remove();
    if (this.messages.querySelector('[data-leflux="message"], .lf-gate')) return;
    this.addNote(this.greeting).classList.add("lf-welcome");
    if (!this.suggestions.length) return;
    const chips = choiceButtons(this.doc, this.suggestions.map((x) => ({ label: x, value: x })),
      this.h, "suggestion");
    chips.classList.add("lf-welcome", "lf-suggestions");
    chips.setAttribute("aria-label", this.s.suggestions);
    this.messages.appendChild(chips);
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = "";
    this.h.onSend(text);
  }

  restoreInput(text: string): void {
    if (!this.input.value) this.input.value = text;
  }

  setStatus(status: Status): void {
    const s = this.s;
    const words: Record<Status, string> = {
      connecting: s.connecting, connected: "", reconnecting: s.reconnecting,
      offline: s.offline, replaced: s.replaced,
    };
    this.status.textContent = words[status];
    this.host.setAttribute("data-status", status);
    // Only one tab acts for a session: a replaced tab takes no messages until taken back.
    const replaced = status === "replaced";
    this.input.disabled = replaced;
    this.send.disabled = replaced;
    this.takeOver.hidden = !replaced;
    this.panel.setAttribute("aria-busy", String(status === "connecting"));
  }

  clearMessages(): void {
    this.messages.textContent = "";
    this.streams.clear();
    this.gate = null;
  }

  private scrollDown(): void {
    this.messages.scrollTop = this.messages.scrollHeight;
  }

  private append(el: HTMLElement): HTMLElement {
    for (const old of Array.from(this.messages.querySelectorAll("div.lf-welcome"))) old.remove();
    this.messages.appendChild(el);
    this.scrollDown();
    return el;
  }

  addMessage(role: "visitor" | "agent", text: string, opts: { error?: boolean; id?: string } = {}):
    HTMLElement {
    // dir=auto: each bubble runs in its own text's direction (an English reply in an
    // Arabic panel reads left to right, and the other way round).
    const m = make(this.doc, "div", "lf-msg" + (opts.error ? " lf-error" : ""), {
      "data-leflux": "message", "data-role": role, dir: "auto" });
    if (opts.id) m.setAttribute("data-message-id", opts.id);
    if (role === "agent") m.appendChild(renderMarkdown(this.doc, text));
    else m.textContent = text;
    return this.append(m);
  }

  /** Creates or updates the bubble of a streamed reply. */
  stream(streamId: string, text: string, done: boolean): void {
    let m = this.streams.get(streamId);
    if (!m) {
      m = this.addMessage("agent", "");
      m.setAttribute("data-stream-id", streamId);
      this.streams.set(streamId, m);
    }
    m.textContent = "";
    m.appendChild(renderMarkdown(this.doc, text));
    m.setAttribute("aria-busy", String(!done));
    this.scrollDown();
  }

  hasStream(streamId: string): boolean {
    return this.streams.has(streamId);
  }

  addBlock(type: string, data: Record<string, unknown>, message?: string): HTMLElement {
    const m = make(this.doc, "div", "lf-msg", { "data-leflux": "message", "data-role": "agent",
      "data-block-type": type, dir: "auto" });
    m.appendChild(renderBlock(this.doc, type, data, message, this.h, this.s.showMe));
    return this.append(m);
  }

  addChoices(message: string, options: Array<{ label: string; value: string }>): void {
    const m = this.addMessage("agent", message);
    m.appendChild(choiceButtons(this.doc, options, this.h));
    this.scrollDown();
  }

  /** Choices and chips still offered become inert: the visitor has moved on. Marks the
   * one whose value the visitor's words were, if any. */
  settleChoices(answer?: string): void {
    for (const b of Array.from(this.messages.querySelectorAll<HTMLButtonElement>(".lf-choice"))) {
      if (b.disabled) continue;
      b.disabled = true;
      if (answer !== undefined && b.getAttribute("data-value") === answer) b.classList.add("lf-chosen");
    }
  }

  addNote(text: string, error = false): HTMLElement {
    const n = make(this.doc, "div", "lf-note" + (error ? " lf-error" : ""), {
      "data-leflux": "note", dir: "auto" }, text);
    this.messages.appendChild(n);
    this.scrollDown();
    return n;
  }

  /** The gate, in the transcript; its focused default is the safe answer (Cancel). */
  showConfirm(message: string, confirmLabel: string, cancelLabel: string): void {
    this.hideConfirm();
    const s = this.s;
    this.gate = renderGate(this.doc, { message, confirmLabel: confirmLabel || s.confirm,
      cancelLabel: cancelLabel || s.cancel, answered: (label) => fill(s.answered, label) },
    (ok) => this.h.onConfirm(ok));
    this.append(this.gate.el);
    this.open();
    this.gate.cancel.focus({ preventScroll: true });
  }

  /** A gate answered earlier (from the history): its question and answer, inert. */
  addAnsweredGate(message: string, data: Record<string, unknown>): void {
    const s = this.s;
    const label = (v: unknown, fallback: string): string => (typeof v === "string" && v) || fallback;
    const gate = renderGate(this.doc, { message, confirmLabel: label(data.confirmLabel, s.confirm),
      cancelLabel: label(data.cancelLabel, s.cancel), answered: (l) => fill(s.answered, l) },
    () => undefined);
    this.append(gate.el);
    gate.answer(data.answer === "confirmed");
  }

  /** Drops a gate nobody answered (the server asks again when it still waits). */
  hideConfirm(): void {
    if (this.gate && !this.gate.answered) this.gate.el.remove();
    this.gate = null;
  }

  /** The bar with progress and Stop, shown while a task runs. */
  setWorking(description: string | null, running = description !== null): void {
    this.working.hidden = !running;
    this.workingText.textContent = description ? fill(this.s.workingOn, description)
      : running ? this.s.working : "";
    this.host.toggleAttribute("data-working", running);
    if (!running) this.dodge(null);
  }

  /** Keep the panel and the launcher off the element being acted on (null: back where
   * they were). */
  dodge(target: Element | null): void {
    this.host.removeAttribute("data-dodge");
    if (!target) return;
    const view = this.doc.defaultView;
    const narrow = !!view && view.innerWidth <= NARROW;
    const parts = (): Box[] => [this.launcher, ...(this.isOpen ? [this.panel] : [])]
      .map(viewportBox);
    dodge(this.host, parts, viewportBox(target), narrow);
  }

  /** Outline an element of the page (in a same-origin frame too) for a moment. */
  highlight(target: Element | null, ms = 1600): void {
    clearTimeout(this.highlightTimer);
    if (!target) {
      this.highlightBox.hidden = true;
      return;
    }
    const b = viewportBox(target);
    Object.assign(this.highlightBox.style, { left: `${b.left - 4}px`, top: `${b.top - 4}px`,
      width: `${b.right - b.left + 8}px`, height: `${b.bottom - b.top + 8}px` });
    this.highlightBox.hidden = false;
    this.highlightTimer = setTimeout(() => (this.highlightBox.hidden = true), ms);
  }
}

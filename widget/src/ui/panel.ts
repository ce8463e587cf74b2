// The chat UI inside the open shadow root of <leflux-widget>, with the data-leflux hooks
// It only renders; the controller decides what to show.

import { type BlockHandlers, choiceButtons, renderBlock } from "./blocks";
import { renderMarkdown } from "./markdown";
import type { WidgetConfig } from "../protocol.gen";
import { CSS } from "./styles";

export type Status = "connecting" | "connected" | "reconnecting" | "offline" | "replaced";

export interface PanelHandlers extends BlockHandlers {
  onSend(text: string): void;
  onConfirm(confirmed: boolean): void;
  onOpenChange(open: boolean): void;
  /** "Continue here": this tab takes the session back from another one. */
  onTakeOver?(): void;
}

const CHAT_ICON = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" ' +
  'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 15a2 2 0 0 ' +
  '1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg>';

function make<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, cls: string,
  attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  e.className = cls;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

export class Panel {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  private readonly doc: Document;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly messages: HTMLElement;
  private readonly working: HTMLElement;
  private readonly workingText: HTMLElement;
  private readonly confirmBox: HTMLElement;
  private readonly confirmText: HTMLElement;
  private readonly confirmBtn: HTMLButtonElement;
  private readonly cancelBtn: HTMLButtonElement;
  private readonly input: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly takeOver: HTMLButtonElement;
  private readonly highlightBox: HTMLElement;
  private readonly streams = new Map<string, HTMLElement>();
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;
  private greeting = "";

  constructor(doc: Document, private readonly h: PanelHandlers, position = "right") {
    this.doc = doc;
    this.host = doc.createElement("leflux-widget");
    if (position === "left") this.host.setAttribute("data-position", "left");
    this.root = this.host.attachShadow({ mode: "open" });
    const style = doc.createElement("style");
    style.textContent = CSS;
    this.root.appendChild(style);

    this.highlightBox = make(doc, "div", "lf-highlight", { hidden: "", "aria-hidden": "true" });
    this.launcher = make(doc, "button", "lf-launcher", {
      type: "button", "data-leflux": "launcher", "aria-label": "Open the assistant",
      "aria-expanded": "false", "aria-controls": "lf-panel",
    });
    this.launcher.innerHTML = CHAT_ICON; // a constant, not data
    this.panel = make(doc, "section", "lf-panel", {
      id: "lf-panel", role: "dialog", "aria-label": "Assistant", hidden: "",
      "data-leflux": "panel",
    });
    const header = make(doc, "div", "lf-header");
    this.title = make(doc, "div", "lf-title", { id: "lf-title" });
    this.title.textContent = "Assistant";
    this.panel.setAttribute("aria-labelledby", "lf-title");
    this.status = make(doc, "div", "lf-status", { "data-leflux": "status", role: "status" });
    const close = make(doc, "button", "lf-close", { type: "button", "aria-label": "Close the assistant",
      "data-leflux": "close" });
    close.textContent = "×";
    header.append(this.title, this.status, close);

    this.messages = make(doc, "div", "lf-messages", { role: "log", "aria-live": "polite",
      "aria-relevant": "additions text", "data-leflux": "messages" });
    this.working = make(doc, "div", "lf-working", { hidden: "", role: "status",
      "data-leflux": "working" });
    this.workingText = doc.createElement("span");
    this.working.append(make(doc, "span", "lf-spinner", { "aria-hidden": "true" }), this.workingText);

    this.confirmBox = make(doc, "div", "lf-confirm", { hidden: "", role: "alertdialog",
      "aria-labelledby": "lf-confirm-text", "data-leflux": "confirmation" });
    this.confirmText = make(doc, "div", "lf-confirm-text", { id: "lf-confirm-text" });
    const actions = make(doc, "div", "lf-confirm-actions");
    this.cancelBtn = make(doc, "button", "lf-btn", { type: "button", "data-leflux": "cancel" });
    this.confirmBtn = make(doc, "button", "lf-btn lf-btn-primary", { type: "button",
      "data-leflux": "confirm" });
    actions.append(this.cancelBtn, this.confirmBtn);
    this.confirmBox.append(this.confirmText, actions);

    const form = make(doc, "form", "lf-form");
    this.input = make(doc, "textarea", "lf-input", { "data-leflux": "input", rows: "1",
      "aria-label": "Message", placeholder: "Ask me to do something…" });
    this.send = make(doc, "button", "lf-send", { type: "submit", "data-leflux": "send",
      "aria-label": "Send" });
    this.send.textContent = "Send";
    form.append(this.input, this.send);
    this.takeOver = make(doc, "button", "lf-btn lf-btn-primary lf-take-over", { type: "button",
      "data-leflux": "take-over", hidden: "" });
    this.takeOver.textContent = "Continue here";
    this.takeOver.addEventListener("click", () => this.h.onTakeOver?.());
    this.panel.append(header, this.messages, this.working, this.confirmBox, this.takeOver, form);
    this.root.append(this.highlightBox, this.panel, this.launcher);

    this.launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open()));
    close.addEventListener("click", () => this.close());
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
      if (e.key === "Escape") {
        if (!this.confirmBox.hidden) this.answer(false);
        else this.close();
      }
    });
    this.confirmBtn.addEventListener("click", () => this.answer(true));
    this.cancelBtn.addEventListener("click", () => this.answer(false));
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(): void {
    if (this.isOpen) return;
    this.panel.hidden = false;
    this.host.setAttribute("data-open", "");
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.setAttribute("aria-label", "Close the assistant");
    if (!this.messages.childElementCount && this.greeting) this.addNote(this.greeting);
    this.scrollDown();
    this.input.focus({ preventScroll: true });
    this.h.onOpenChange(true);
  }

  close(): void {
    if (!this.isOpen) return;
    this.panel.hidden = true;
    this.host.removeAttribute("data-open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.setAttribute("aria-label", "Open the assistant");
    this.launcher.focus({ preventScroll: true });
    this.h.onOpenChange(false);
  }

  configure(cfg: WidgetConfig): void {
    if (typeof cfg.name === "string" && cfg.name) this.title.textContent = cfg.name;
    const max = cfg.limits?.maxMessageChars;
    if (typeof max === "number" && max > 0) this.input.maxLength = max;
    if (typeof cfg.greeting === "string") this.greeting = cfg.greeting;
    if (typeof cfg.accentColor === "string" && /^#[0-9a-f]{3,8}$/i.test(cfg.accentColor)) {
      this.host.style.setProperty("--lf-accent", cfg.accentColor);
    }
    if (Array.isArray(cfg.suggestions) && cfg.suggestions.length && !this.messages.childElementCount) {
      if (this.greeting) this.addNote(this.greeting);
      const opts = cfg.suggestions.filter((s) => typeof s === "string").slice(0, 4)
        .map((s) => ({ label: s as string, value: s as string }));
      if (opts.length) this.messages.appendChild(choiceButtons(this.doc, opts, this.h));
    }
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
    const words: Record<Status, string> = {
      connecting: "Connecting…", connected: "", reconnecting: "Reconnecting…",
      offline: "Offline", replaced: "Open in another tab",
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
  }

  private scrollDown(): void {
    this.messages.scrollTop = this.messages.scrollHeight;
  }

  addMessage(role: "visitor" | "agent", text: string, opts: { error?: boolean; id?: string } = {}):
    HTMLElement {
    const m = make(this.doc, "div", "lf-msg" + (opts.error ? " lf-error" : ""), {
      "data-leflux": "message", "data-role": role });
    if (opts.id) m.setAttribute("data-message-id", opts.id);
    if (role === "agent") m.appendChild(renderMarkdown(this.doc, text));
    else m.textContent = text;
    this.messages.appendChild(m);
    this.scrollDown();
    return m;
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
      "data-block-type": type });
    m.appendChild(renderBlock(this.doc, type, data, message, this.h));
    this.messages.appendChild(m);
    this.scrollDown();
    return m;
  }

  addChoices(message: string, options: Array<{ label: string; value: string }>): void {
    const m = this.addMessage("agent", message);
    m.appendChild(choiceButtons(this.doc, options, this.h));
    this.scrollDown();
  }

  addNote(text: string, error = false): HTMLElement {
    const n = make(this.doc, "div", "lf-note" + (error ? " lf-error" : ""), {
      "data-leflux": "note" });
    n.textContent = text;
    this.messages.appendChild(n);
    this.scrollDown();
    return n;
  }

  showConfirm(message: string, confirmLabel: string, cancelLabel: string): void {
    this.confirmText.textContent = message;
    this.confirmBtn.textContent = confirmLabel || "Confirm";
    this.cancelBtn.textContent = cancelLabel || "Cancel";
    this.confirmBox.hidden = false;
    this.open();
    this.confirmBtn.focus({ preventScroll: true });
  }

  hideConfirm(): void {
    this.confirmBox.hidden = true;
  }

  private answer(confirmed: boolean): void {
    if (this.confirmBox.hidden) return;
    this.hideConfirm();
    this.h.onConfirm(confirmed);
  }

  setWorking(description: string | null): void {
    this.working.hidden = description === null;
    this.workingText.textContent = description ? `Working on it: ${description}` : "";
    this.host.toggleAttribute("data-working", description !== null);
  }

  /** Outline an element of the page (in a same-origin frame too) for a moment. */
  highlight(target: Element | null, ms = 1600): void {
    clearTimeout(this.highlightTimer);
    if (!target) {
      this.highlightBox.hidden = true;
      return;
    }
    const r = target.getBoundingClientRect();
    let x = r.left;
    let y = r.top;
    let win: Window | null = target.ownerDocument.defaultView;
    while (win && win !== win.parent && win.frameElement) {
      const f = win.frameElement.getBoundingClientRect();
      x += f.left;
      y += f.top;
      win = win.parent;
    }
    Object.assign(this.highlightBox.style, { left: `${x - 4}px`, top: `${y - 4}px`,
      width: `${r.width + 8}px`, height: `${r.height + 8}px` });
    this.highlightBox.hidden = false;
    this.highlightTimer = setTimeout(() => (this.highlightBox.hidden = true), ms);
  }
}

// The chat UI inside the open shadow root of <leflux-widget>, with the data-leflux hooks.
// It only renders; the controller decides what to show.

import { type BlockHandlers, choiceButtons, renderBlock } from "./blocks";
import { type Box, dodge, viewportBox } from "./dodge";
import { type Gate, renderGate } from "./gate";
import { fill, type Strings } from "./i18n";
import { renderMarkdown, safeHref } from "./markdown";
import type { WidgetConfig } from "../protocol.gen";
import { buildSkeleton, make, type PanelOptions, type Skeleton } from "./skeleton";

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


const MAX_SUGGESTIONS = 4;
const NARROW = 480; // px: at most this wide, the panel fills the screen (a phone)

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
  private readonly strings: Strings;
  /** The panel's elements (./skeleton). */
  private readonly el: Skeleton;
  private readonly streams = new Map<string, HTMLElement>();
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;
  private gate: Gate | null = null;
  private greeting: string;
  private suggestions: string[] = [];

  constructor(doc: Document, private readonly handlers: PanelHandlers,
    opts: PanelOptions) {
    this.doc = doc;
    this.strings = opts.strings;
    this.greeting = this.strings.greeting;
    const el = (this.el = buildSkeleton(doc, opts));
    this.host = el.host;
    this.root = el.root;
    el.newConversation.addEventListener("click", () => {
      this.toggleMenu(false);
      this.handlers.onNewConversation?.();
    });
    el.stop.addEventListener("click", () => this.handlers.onStop?.());
    el.takeOver.addEventListener("click", () => this.handlers.onTakeOver?.());
    el.launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open()));
    el.close.addEventListener("click", () => this.close());
    el.menuBtn.addEventListener("click", () => this.toggleMenu());
    el.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    el.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    el.panel.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      if (!el.menu.hidden) this.toggleMenu(false);
      else if (this.gate && !this.gate.answered) this.gate.answer(false);
      else this.close();
    });
  }

  get isOpen(): boolean {
    return !this.el.panel.hidden;
  }

  open(): void {
    if (this.isOpen) return;
    this.el.panel.hidden = false;
    this.host.setAttribute("data-open", "");
    this.el.launcher.setAttribute("aria-expanded", "true");
    this.el.launcher.setAttribute("aria-label", this.strings.closeLabel);
    this.scrollDown();
    this.el.input.focus({ preventScroll: true });
    this.handlers.onOpenChange(true);
  }

  close(): void {
    if (!this.isOpen) return;
    this.toggleMenu(false);
    this.el.panel.hidden = true;
    this.host.removeAttribute("data-open");
    this.el.launcher.setAttribute("aria-expanded", "false");
    this.el.launcher.setAttribute("aria-label", this.strings.openLabel);
    this.el.launcher.focus({ preventScroll: true });
    this.handlers.onOpenChange(false);
  }

  private toggleMenu(show = this.el.menu.hidden): void {
    this.el.menu.hidden = !show;
    this.el.menuBtn.setAttribute("aria-expanded", String(show));
    if (show) (this.el.menu.querySelector("button") as HTMLElement | null)?.focus();
  }

  setTheme(theme: "light" | "dark"): void {
    this.host.setAttribute("data-theme", theme);
  }

  /** The site's look from /api/widget-config: unset parts keep the widget's own. */
  configure(cfg: WidgetConfig): void {
    const max = cfg.limits?.maxMessageChars;
    if (typeof max === "number" && max > 0) this.el.input.maxLength = max;
    const text = (v: unknown): string => (typeof v === "string" ? v.trim() : "");
    this.el.title.textContent = text(cfg.title) || this.strings.title;
    const avatar = avatarSrc(text(cfg.avatarUrl));
    if (avatar) {
      this.el.avatar.src = avatar;
      this.el.avatar.hidden = false;
    }
    this.greeting = text(cfg.greeting) || this.strings.greeting;
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
    for (const old of Array.from(this.el.messages.querySelectorAll(".lf-welcome"))) old.remove();
    if (this.el.messages.querySelector('[data-leflux="message"], .lf-gate')) return;
    this.addNote(this.greeting).classList.add("lf-welcome");
    if (!this.suggestions.length) return;
    const chips = choiceButtons(this.doc, this.suggestions.map((x) => ({ label: x, value: x })),
      this.handlers, "suggestion");
    chips.classList.add("lf-welcome", "lf-suggestions");
    chips.setAttribute("aria-label", this.strings.suggestions);
    this.el.messages.appendChild(chips);
  }

  private submit(): void {
    const text = this.el.input.value.trim();
    if (!text) return;
    this.el.input.value = "";
    this.handlers.onSend(text);
  }

  restoreInput(text: string): void {
    if (!this.el.input.value) this.el.input.value = text;
  }

  setStatus(status: Status): void {
    const s = this.strings;
    const words: Record<Status, string> = {
      connecting: s.connecting, connected: "", reconnecting: s.reconnecting,
      offline: s.offline, replaced: s.replaced,
    };
    this.el.status.textContent = words[status];
    this.host.setAttribute("data-status", status);
    // Only one tab acts for a session: a replaced tab takes no messages until taken back.
    const replaced = status === "replaced";
    this.el.input.disabled = replaced;
    this.el.send.disabled = replaced;
    this.el.takeOver.hidden = !replaced;
    this.el.panel.setAttribute("aria-busy", String(status === "connecting"));
  }

  clearMessages(): void {
    this.el.messages.textContent = "";
    this.streams.clear();
    this.gate = null;
  }

  private scrollDown(): void {
    this.el.messages.scrollTop = this.el.messages.scrollHeight;
  }

  private append(el: HTMLElement): HTMLElement {
    for (const old of Array.from(this.el.messages.querySelectorAll("div.lf-welcome"))) old.remove();
    this.el.messages.appendChild(el);
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
    m.appendChild(renderBlock(this.doc, type, data, message, this.handlers, this.strings.showMe));
    return this.append(m);
  }

  addChoices(message: string, options: Array<{ label: string; value: string }>): void {
    const m = this.addMessage("agent", message);
    m.appendChild(choiceButtons(this.doc, options, this.handlers));
    this.scrollDown();
  }

  /** Choices and chips still offered become inert: the visitor has moved on. Marks the
   * one whose value the visitor's words were, if any. */
  settleChoices(answer?: string): void {
    for (const b of Array.from(this.el.messages.querySelectorAll<HTMLButtonElement>(".lf-choice"))) {
      if (b.disabled) continue;
      b.disabled = true;
      if (answer !== undefined && b.getAttribute("data-value") === answer) b.classList.add("lf-chosen");
    }
  }

  addNote(text: string, error = false): HTMLElement {
    const n = make(this.doc, "div", "lf-note" + (error ? " lf-error" : ""), {
      "data-leflux": "note", dir: "auto" }, text);
    this.el.messages.appendChild(n);
    this.scrollDown();
    return n;
  }

  /** The gate, in the transcript; its focused default is the safe answer (Cancel). */
  showConfirm(message: string, confirmLabel: string, cancelLabel: string): void {
    this.hideConfirm();
    const s = this.strings;
    this.gate = renderGate(this.doc, { message, confirmLabel: confirmLabel || s.confirm,
      cancelLabel: cancelLabel || s.cancel, answered: (label) => fill(s.answered, label) },
    (ok) => this.handlers.onConfirm(ok));
    this.append(this.gate.el);
    this.open();
    this.gate.cancel.focus({ preventScroll: true });
  }

  /** A gate answered earlier (from the history): its question and answer, inert. */
  addAnsweredGate(message: string, data: Record<string, unknown>): void {
    const s = this.strings;
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
    this.el.working.hidden = !running;
    this.el.workingText.textContent = description ? fill(this.strings.workingOn, description)
      : running ? this.strings.working : "";
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
    const parts = (): Box[] => [this.el.launcher, ...(this.isOpen ? [this.el.panel] : [])]
      .map(viewportBox);
    dodge(this.host, parts, viewportBox(target), narrow);
  }

  /** Outline an element of the page (in a same-origin frame too) for a moment. */
  highlight(target: Element | null, ms = 1600): void {
    clearTimeout(this.highlightTimer);
    if (!target) {
      this.el.highlightBox.hidden = true;
      return;
    }
    const b = viewportBox(target);
    Object.assign(this.el.highlightBox.style, { left: `${b.left - 4}px`, top: `${b.top - 4}px`,
      width: `${b.right - b.left + 8}px`, height: `${b.bottom - b.top + 8}px` });
    this.el.highlightBox.hidden = false;
    this.highlightTimer = setTimeout(() => (this.el.highlightBox.hidden = true), ms);
  }
}

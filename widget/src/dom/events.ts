// Input the way a person makes it, so that frameworks see it: pointer and mouse events in
// browser order around a real click(), and values set through the native setter (React
// tracks the instance's value property; the prototype's setter bypasses that tracker).

function viewOf(el: Element): Window {
  return (el.ownerDocument.defaultView || window) as Window & typeof globalThis;
}

function centre(el: Element): { clientX: number; clientY: number } {
  const r = el.getBoundingClientRect();
  return { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
}

function mouseInit(el: Element, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { bubbles: true, cancelable: true, composed: true, view: viewOf(el), ...centre(el),
    ...extra };
}

function pointerCtor(win: Window & typeof globalThis): new (type: string, init: Record<string, unknown>) => Event {
  return win.PointerEvent || win.MouseEvent;
}

const POINTER = { pointerId: 1, pointerType: "mouse", isPrimary: true };
let hovered: Element | null = null;

/** The element and a few ancestors: the boxes the pointer is inside of. */
function chain(el: Element): Element[] {
  const out: Element[] = [];
  for (let e: Element | null = el; e && out.length < 5; e = e.parentElement) out.push(e);
  return out;
}

function moveEvents(el: Element, over: boolean, targets: Element[]): void {
  const win = viewOf(el) as Window & typeof globalThis;
  const base = mouseInit(el);
  const Pointer = pointerCtor(win);
  const [p, m, pe, me] = over
    ? ["pointerover", "mouseover", "pointerenter", "mouseenter"]
    : ["pointerout", "mouseout", "pointerleave", "mouseleave"];
  el.dispatchEvent(new Pointer(p!, { ...base, ...POINTER }));
  el.dispatchEvent(new win.MouseEvent(m!, base));
  for (const t of targets) {
    t.dispatchEvent(new Pointer(pe!, { ...base, ...POINTER, bubbles: false }));
    t.dispatchEvent(new win.MouseEvent(me!, { ...base, bubbles: false }));
  }
}

/** The pointer moves onto `el` and stays there (what it leaves gets out/leave events;
 * the boxes it enters get over/enter, as a real pointer gives them). */
export function hover(el: Element): void {
  const prev = hovered && hovered.isConnected ? hovered : null;
  if (prev === el) return;
  if (prev) moveEvents(prev, false, chain(prev).filter((a) => !a.contains(el)));
  moveEvents(el, true, chain(el).filter((a) => !prev || !a.contains(prev)).reverse());
  const win = viewOf(el) as Window & typeof globalThis;
  el.dispatchEvent(new (pointerCtor(win))("pointermove", { ...mouseInit(el), ...POINTER }));
  el.dispatchEvent(new win.MouseEvent("mousemove", mouseInit(el)));
  hovered = el;
}

/** The pointer leaves what it last hovered. */
export function unhover(): void {
  const prev = hovered;
  hovered = null;
  if (prev && prev.isConnected) moveEvents(prev, false, chain(prev));
}

function pressAndRelease(el: Element, detail: number): void {
  const win = viewOf(el) as Window & typeof globalThis;
  const base = mouseInit(el, { detail });
  const Pointer = pointerCtor(win);
  const pointer = { ...base, ...POINTER };
  const down = el.dispatchEvent(new Pointer("pointerdown", { ...pointer, buttons: 1 }));
  const mouseDown = down && el.dispatchEvent(new win.MouseEvent("mousedown", { ...base, buttons: 1 }));
  if (mouseDown && typeof (el as HTMLElement).focus === "function") {
    (el as HTMLElement).focus({ preventScroll: true });
  }
  el.dispatchEvent(new Pointer("pointerup", pointer));
  el.dispatchEvent(new win.MouseEvent("mouseup", base));
}

export function realClick(el: Element): void {
  hover(el);
  pressAndRelease(el, 1);
  if (typeof (el as HTMLElement).click === "function") {
    (el as HTMLElement).click(); // default actions: follow links, submit forms, toggle
  } else {
    el.dispatchEvent(new (viewOf(el) as Window & typeof globalThis).MouseEvent("click",
      mouseInit(el, { detail: 1 })));
  }
}

/** Two clicks then `dblclick`, as a mouse makes them (detail 1, 2, 2). */
export function realDoubleClick(el: Element): void {
  const win = viewOf(el) as Window & typeof globalThis;
  hover(el);
  pressAndRelease(el, 1);
  el.dispatchEvent(new win.MouseEvent("click", mouseInit(el, { detail: 1 })));
  pressAndRelease(el, 2);
  el.dispatchEvent(new win.MouseEvent("click", mouseInit(el, { detail: 2 })));
  el.dispatchEvent(new win.MouseEvent("dblclick", mouseInit(el, { detail: 2 })));
}

function nativeSetter(el: Element, prop: "value" | "checked"): ((v: unknown) => void) | null {
  const win = viewOf(el) as Window & typeof globalThis;
  const protos = [win.HTMLInputElement, win.HTMLTextAreaElement, win.HTMLSelectElement];
  for (const ctor of protos) {
    if (ctor && el instanceof ctor) {
      const desc = Object.getOwnPropertyDescriptor(ctor.prototype, prop);
      if (desc?.set) return (v: unknown) => desc.set!.call(el, v);
    }
  }
  return null;
}

function fire(el: Element, type: string, init: Record<string, unknown> = {}): boolean {
  const win = viewOf(el) as Window & typeof globalThis;
  const Ctor = type === "input" || type === "beforeinput"
    ? (win.InputEvent || win.Event) : win.Event;
  return el.dispatchEvent(new Ctor(type, { bubbles: true, cancelable: type !== "input",
    composed: true, ...init }));
}

export function setValue(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  value: string): void {
  const set = nativeSetter(el, "value");
  if (set) set(value);
  else el.value = value;
  fire(el, "input", { inputType: "insertText", data: value });
  fire(el, "change");
}

export function setChecked(el: HTMLInputElement, checked: boolean): void {
  const set = nativeSetter(el, "checked");
  if (set) set(checked);
  else el.checked = checked;
  fire(el, "input");
  fire(el, "change");
}

const blankless = (s: string): string => s.replace(/\s+/g, "");

/** Type into a contenteditable host: selection + insertText keeps editors' models in sync. */
export function typeIntoEditable(el: HTMLElement, text: string): void {
  el.focus();
  const doc = el.ownerDocument;
  const sel = doc.getSelection();
  if (sel) {
    const range = doc.createRange();
    range.selectNodeContents(el);
    sel.removeAllRanges();
    sel.addRange(range);
  }
  let done = false;
  try {
    done = typeof doc.execCommand === "function" && doc.execCommand("insertText", false, text);
  } catch {
    done = false;
  }
  // (lines typed become the editor's own blocks: its text has no line breaks to compare)
  if (!done || blankless(el.textContent ?? "") !== blankless(text)) {
    el.textContent = text;
    fire(el, "input", { inputType: "insertText", data: text });
  }
}

const KEY_CODES: Record<string, number> = {
  Enter: 13, Tab: 9, Escape: 27, Backspace: 8, Delete: 46, ArrowUp: 38, ArrowDown: 40,
  ArrowLeft: 37, ArrowRight: 39, Space: 32, " ": 32, Home: 36, End: 35, PageUp: 33,
  PageDown: 34,
};

export function normaliseKey(key: string): string {
  const k = key.trim();
  const lower = k.toLowerCase();
  const names: Record<string, string> = {
    enter: "Enter", return: "Enter", tab: "Tab", escape: "Escape", esc: "Escape",
    backspace: "Backspace", delete: "Delete", up: "ArrowUp", down: "ArrowDown",
    left: "ArrowLeft", right: "ArrowRight", arrowup: "ArrowUp", arrowdown: "ArrowDown",
    arrowleft: "ArrowLeft", arrowright: "ArrowRight", space: " ", home: "Home", end: "End",
    pageup: "PageUp", pagedown: "PageDown",
  };
  return names[lower] ?? k;
}

/** keydown / keypress / keyup; returns false when the page cancelled the keydown. */
export function pressKey(el: Element, key: string): boolean {
  const win = viewOf(el) as Window & typeof globalThis;
  const code = key === " " ? "Space" : key.length === 1 ? `Key${key.toUpperCase()}` : key;
  const keyCode = KEY_CODES[key] ?? (key.length === 1 ? key.toUpperCase().charCodeAt(0) : 0);
  const init = { key, code, bubbles: true, cancelable: true, composed: true, view: win };
  // KeyboardEvent's constructor ignores keyCode/which: older handlers (`keyCode === 13`)
  // read them, so they are set on each event.
  const make = (type: string, codeValue: number): KeyboardEvent => {
    const ev = new win.KeyboardEvent(type, init);
    for (const prop of ["keyCode", "which"]) {
      Object.defineProperty(ev, prop, { get: () => codeValue });
    }
    if (type === "keypress") Object.defineProperty(ev, "charCode", { get: () => codeValue });
    return ev;
  };
  const ok = el.dispatchEvent(make("keydown", keyCode));
  if (ok && (key === "Enter" || key.length === 1)) {
    el.dispatchEvent(make("keypress", key.length === 1 ? key.charCodeAt(0) : keyCode));
  }
  el.dispatchEvent(make("keyup", keyCode));
  return ok;
}

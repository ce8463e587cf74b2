// Session id (localStorage), executed action ids and the loop counter (sessionStorage).
// Storage may be missing or throw (sandboxed frames, private modes): fall back to memory.

import type { ActionResult, SequenceResult } from "./protocol.gen";

const memory = new Map<string, string>();

function store(kind: "localStorage" | "sessionStorage"): Pick<Storage, "getItem" | "setItem"> {
  try {
    const s = window[kind];
    const probe = "leflux:probe";
    s.setItem(probe, "1");
    s.removeItem(probe);
    return s;
  } catch {
    return {
      getItem: (k: string) => memory.get(`${kind}:${k}`) ?? null,
      setItem: (k: string, v: string) => void memory.set(`${kind}:${k}`, v),
    };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newUuid(): string {
  const c = globalThis.crypto;
  // randomUUID exists only in secure contexts; http:// sites get the same from random bytes.
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const SESSION_KEY = "leflux:sessionId";

export function loadSessionId(): string {
  const existing = store("localStorage").getItem(SESSION_KEY);
  return existing && UUID.test(existing) ? existing : newSessionId();
}

/** A fresh session id, kept for the site's next pages (a new conversation). */
export function newSessionId(): string {
  const id = newUuid();
  store("localStorage").setItem(SESSION_KEY, id);
  return id;
}

export type StoredResult =
  | { kind: "action"; result: ActionResult }
  | { kind: "sequence"; result: SequenceResult };

const MAX_REMEMBERED = 300;

function readJson<T>(s: Pick<Storage, "getItem">, key: string, fallback: T): T {
  try {
    const raw = s.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

/** Action ids already executed in this tab, with their results, so that a plan re-sent
 * after a reconnect or a navigation is answered again but never executed twice. */
export class ActionLedger {
  private readonly key: string;
  private readonly storage = store("sessionStorage");

  constructor(sessionId: string) {
    this.key = `leflux:actions:${sessionId}`;
  }

  private load(): Record<string, StoredResult | null> {
    return readJson(this.storage, this.key, {});
  }

  private save(all: Record<string, StoredResult | null>): void {
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED))) delete all[k];
    try {
      this.storage.setItem(this.key, JSON.stringify(all));
    } catch {
      /* storage full: the id still lives in this page's copy */
    }
  }

  has(actionId: string): boolean {
    return actionId in this.load();
  }

  /** The stored result; null when the action started but the page left before it ended. */
  result(actionId: string): StoredResult | null | undefined {
    return this.load()[actionId];
  }

  /** Mark before executing: a click that navigates kills the page mid-action. */
  start(actionId: string): void {
    const all = this.load();
    all[actionId] = null;
    this.save(all);
  }

  finish(actionId: string, stored: StoredResult): void {
    const all = this.load();
    all[actionId] = stored;
    this.save(all);
  }
}

/** Round-trips (continue_task) since the visitor's last message, across page loads. */
export class LoopCounter {
  private readonly key: string;
  private readonly storage = store("sessionStorage");

  constructor(sessionId: string) {
    this.key = `leflux:loop:${sessionId}`;
  }

  get count(): number {
    return readJson<{ n: number }>(this.storage, this.key, { n: 0 }).n || 0;
  }

  set count(n: number) {
    try {
      this.storage.setItem(this.key, JSON.stringify({ n }));
    } catch {
      /* ignore */
    }
  }
}

/** A yes/no kept for this tab across the site's pages (sessionStorage). */
export class TabFlag {
  private readonly storage = store("sessionStorage");

  constructor(private readonly key: string) {}

  get on(): boolean {
    return this.storage.getItem(this.key) === "1";
  }

  set on(value: boolean) {
    try {
      this.storage.setItem(this.key, value ? "1" : "0");
    } catch {
      /* ignore */
    }
  }
}

/** Whether the visitor left the panel open, so the next page of the site shows it too. */
export const panelMemory = new TabFlag("leflux:open");

/** The visitor pressed Stop in this tab and has not spoken since: kept across the site's
 * pages, so a Stop pressed as a click navigated still holds on the next page. */
export const stopMemory = (sessionId: string): TabFlag => new TabFlag(`leflux:stopped:${sessionId}`);

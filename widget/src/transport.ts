// The wire: one Socket.IO connection per session (events) and REST for the
// visitor's own words.

import { io, type Socket } from "socket.io-client";
import type { ErrorBody, LeFluxProtocol, WidgetConfig } from "./protocol.gen";

/** What the embed emits, by event name (the session id is added here). */
export type ClientEvents = LeFluxProtocol["clientEvents"];
export type ClientEvent = Exclude<keyof ClientEvents, "join_session">;
export type ClientPayload<E extends ClientEvent> = Omit<ClientEvents[E], "sessionId">;

/** The server said no, with a reason for the visitor (`{"error": {code, message}}`). */
export class ServerRefusal extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/** Refusals that are nobody's fault: shown as a plain sentence, the input kept. */
export const CALM_CODES = new Set(["rate_limited", "budget_exhausted"]);

export const SERVER_EVENTS = [
  "session_joined", "message_chunk", "message_done", "message", "action_plan", "ui_block",
  "confirmation_required", "task_complete", "error",
] as const;

export type ServerEvent = (typeof SERVER_EVENTS)[number];

export interface TransportHandlers {
  onEvent(event: ServerEvent, payload: Record<string, unknown>): void;
  onStatus(status: "connecting" | "connected" | "reconnecting" | "offline" | "replaced"): void;
}

export interface ServerBase {
  origin: string;
  /** Path prefix the server lives under ("/" normally). */
  prefix: string;
}

export function serverBase(scriptSrc: string): ServerBase {
  const url = new URL(scriptSrc, location.href);
  // ".../embed.js" -> ".../"; the loader's ".../embed/<hash>.js" -> ".../" too.
  const prefix = url.pathname.replace(/(embed\/[0-9a-f]+\.js|[^/]*)$/, "");
  return { origin: url.origin, prefix };
}

/** The server at a base URL given to start() ("https://agent.example.com", or with a
 * path prefix the server is mounted under). */
export function serverAt(server: string): ServerBase {
  const url = new URL(server, location.href);
  return { origin: url.origin, prefix: url.pathname.replace(/\/*$/, "/") };
}

export class Transport {
  private socket: Socket | null = null;
  private replaced = false;
  private everConnected = false;
  private failures = 0;

  constructor(
    private readonly base: ServerBase,
    readonly sessionId: string,
    private readonly handlers: TransportHandlers,
  ) {}

  url(path: string): string {
    return this.base.origin + this.base.prefix + path.replace(/^\//, "");
  }

  connect(): void {
    if (this.socket) return;
    const socket = io(this.base.origin, {
      path: this.base.prefix + "socket.io/",
      transports: ["websocket"],
      query: { sessionId: this.sessionId },
      // Never a cached manager: it would keep the query (the session id) it was made with.
      forceNew: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 4000,
      timeout: 8000,
    });
    this.socket = socket;
    for (const name of SERVER_EVENTS) {
      socket.on(name, (payload: unknown) => {
        const p = payload && typeof payload === "object" ? payload as Record<string, unknown> : {};
        if (name === "error" && p.code === "replaced") this.replaced = true;
        this.handlers.onEvent(name, p);
      });
    }
    socket.on("connect", () => {
      this.everConnected = true;
      this.failures = 0;
      this.handlers.onStatus("connected");
    });
    socket.on("disconnect", (reason) => {
      // "io server disconnect": the server let us go on purpose (replaced, forbidden);
      // socket.io does not reconnect then, and neither do we.
      if (this.replaced) this.handlers.onStatus("replaced");
      else if (reason === "io server disconnect" || reason === "io client disconnect") {
        this.handlers.onStatus("offline");
      } else this.handlers.onStatus("reconnecting");
    });
    socket.on("connect_error", () => {
      if (this.replaced) return;
      // After a drop, a few quick retries are "reconnecting"; then say we are offline.
      this.failures++;
      this.handlers.onStatus(this.everConnected && this.failures < 3 ? "reconnecting" : "offline");
    });
  }

  get connected(): boolean {
    return !!this.socket?.connected;
  }

  emit<E extends ClientEvent>(event: E, payload: ClientPayload<E>): boolean {
    if (!this.socket?.connected) return false;
    const sent: ClientEvents[E] = { sessionId: this.sessionId, ...payload } as ClientEvents[E];
    this.socket.emit(event, sent);
    return true;
  }

  /** Sends when connected, else once the (re)connection is up. */
  emitSoon<E extends ClientEvent>(event: E, payload: ClientPayload<E>): void {
    if (this.emit(event, payload)) return;
    this.socket?.once("connect", () => this.emit(event, payload));
  }

  async postMessage(body: LeFluxProtocol["rest"]["postMessage"]): Promise<void> {
    const res = await fetch(this.url(`api/sessions/${this.sessionId}/messages`), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      mode: "cors",
      credentials: "omit",
    });
    if (!res.ok) {
      let message = `the server answered ${res.status}`;
      let code = "";
      try {
        const refusal = (await res.json()) as Partial<ErrorBody> | null;
        if (refusal?.error?.message) message = String(refusal.error.message);
        if (refusal?.error?.code) code = String(refusal.error.code);
      } catch {
        /* not JSON */
      }
      throw new ServerRefusal(message, code);
    }
  }

  /** The site's look and the limits to keep to (null: the server did not answer). */
  async widgetConfig(): Promise<WidgetConfig | null> {
    try {
      const res = await fetch(this.url("api/widget-config"), { mode: "cors", credentials: "omit" });
      return res.ok ? await res.json() : null;
    } catch {
      return null;
    }
  }

  close(): void {
    this.socket?.close();
    this.socket = null;
  }

  /** "Continue here": join again, which hands the session back to this tab (the server
   * tells the other tab it was replaced). */
  takeOver(): void {
    this.close();
    this.replaced = false;
    this.failures = 0;
    this.handlers.onStatus("connecting");
    this.connect();
  }
}

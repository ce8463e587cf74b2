// The public surface of the embed: `window.LeFlux`, the options of `start()`, and the
// events `LeFlux.on()` reports. Types only; the npm package's .d.ts files come from here.

import type { PageContext } from "./dom/types";
import type { ActionResult, LeFluxProtocol, SequenceResult } from "./protocol.gen";

export type { PageContext } from "./dom/types";
export type { HistoryMessage } from "./protocol.gen";

type ServerEvents = LeFluxProtocol["serverEvents"];

/** One step of a sequence (`action`: click, type, select, check, press, call_tool, …). */
export interface Step {
  action: string;
  elementId?: number | null;
  inputData?: string | null;
  description?: string;
  /** `call_tool`: the owner's tool to run and its arguments. */
  toolName?: string;
  args?: Record<string, unknown>;
}

/** One action of an `action_plan`: a single action (`type`) or a sequence of steps. */
export interface PlanAction {
  id?: string;
  type?: string;
  isSequence?: boolean;
  elementId?: number | null;
  inputData?: string | null;
  description?: string;
  actions?: Step[];
  /** `call_tool`: the owner's tool to run and its arguments. */
  toolName?: string;
  args?: Record<string, unknown>;
}

/** One of the site's own actions the agent may call (`LeFlux.registerTool`). */
export interface ToolDefinition {
  /** A letter, then up to 47 letters, digits, `_` or `-`; not a built-in action's name. */
  name: string;
  /** What it does, for the agent to know when to call it. */
  description?: string;
  /** A JSON Schema of `"type": "object"` for its arguments. */
  parameters?: Record<string, unknown>;
  /** Always ask the visitor before it runs. */
  highStakes?: boolean;
  /** How long the handler may take, 100 to 60,000 ms (default: the server's, 10,000 unless
   * it says else). */
  timeoutMs?: number;
  /** Runs the tool; returns JSON (or a promise of it), or throws. */
  handler: (args: Record<string, unknown>) => unknown;
}

/** What `action_executed` reports after the embed ran (or replayed) an action. */
export interface ActionExecuted {
  actionId: string | undefined;
  kind: "action" | "sequence";
  /** The id had run before in this tab: its stored result was sent again. */
  replayed: boolean;
  result: ActionResult | SequenceResult;
}

/** The widget's own words an owner may override (`strings`, `data-strings`). */
export type StringKey =
  | "title" | "openLabel" | "closeLabel" | "menu" | "newConversation" | "placeholder"
  | "inputLabel" | "send" | "stop" | "stopped" | "working" | "workingOn" | "connecting"
  | "reconnecting" | "offline" | "replaced" | "continueHere" | "continuingHere" | "otherTab"
  | "unreachable" | "sendFailed" | "waitRetry" | "failed" | "confirm" | "cancel" | "answered"
  | "greeting" | "suggestions" | "showMe" | "keepGoingAsk" | "keepGoing" | "keepGoingAskOne";

/** Options of `start()`; the script tag reads the same from its `data-*` attributes. */
export interface StartOptions {
  /** The LeFlux server, e.g. `"https://agent.example.com"` (a path prefix is kept). */
  server: string;
  /** Open the panel at once (`data-open`). */
  open?: boolean;
  /** Which corner the launcher sits in (`data-position`; default `"bottom-right"`;
   * `"left"` and `"right"` mean the bottom ones). */
  position?: "bottom-right" | "bottom-left" | "left" | "right";
  /** `"light"`, `"dark"`, or `"auto"` (the default: the visitor's `prefers-color-scheme`)
   * (`data-theme`). */
  theme?: "light" | "dark" | "auto";
  /** The widget's language: `en`, `es`, `fr`, `de` or `ar` (`data-lang`; default: the
   * page's `<html lang>`, else the browser's languages, else English). */
  lang?: string;
  /** Your own words for any of the widget's strings, in any language (`data-strings`, as
   * JSON). `{0}` in a string stands for what it names (a step, a count). */
  strings?: Partial<Record<StringKey, string>>;
}

/** The connection as the panel shows it. */
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline" | "replaced";

/** Every event `LeFlux.on(name, callback)` reports, with its payload. The server's events
 * carry what the server sent: their types are generated from the server's models
 * (`protocol.gen.ts`, docs/protocol.md); `status` and `action_executed` are the embed's
 * own. */
export interface LeFluxEvents extends ServerEvents {
  status: { status: ConnectionStatus };
  action_executed: ActionExecuted;
  /** The visitor pressed Stop (or `LeFlux.stop()` was called). */
  task_stopped: { sessionId: string };
  /** A new conversation began (`LeFlux.reset()` or the panel's menu): its session id. */
  reset: { sessionId: string };
}

export type LeFluxEventName = keyof LeFluxEvents;

/** `window.LeFlux`, also what `start()` returns. */
export interface LeFluxApi {
  /** This visitor's session id (kept in `localStorage`; a new one after `reset()`). */
  readonly sessionId: string;
  /** The embed's version. */
  readonly version: string;
  /** Open the chat panel. */
  open(): void;
  /** Close the chat panel. */
  close(): void;
  /** Send a message as the visitor would. */
  send(text: string): void;
  /** Stop the task the agent is running, as the panel's Stop button does. */
  stop(): void;
  /** Start a new conversation: a fresh session id (`sessionId` changes); the old one is
   * never sent again. */
  reset(): void;
  /** Call `callback` on each `event`; returns a function that stops it. */
  on<E extends LeFluxEventName>(event: E, callback: (payload: LeFluxEvents[E]) => void): () => void;
  /** The page context the embed would send now (for integrators and benchmarks). */
  getContext(): PageContext;
  /** Offer the agent one of the site's own actions (replaces one of the same name).
   * False, with a console warning, when the definition is refused. */
  registerTool(definition: ToolDefinition): boolean;
  /** Withdraw a tool; false when there was none of that name. */
  unregisterTool(name: string): boolean;
}

declare global {
  interface Window {
    LeFlux?: LeFluxApi;
  }
}

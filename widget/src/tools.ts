// The owner's tools: window.LeFlux.registerTool({name, description, parameters,
// highStakes, timeoutMs, handler}). The page context carries what the server may know of
// them ({name, description, parameters, highStakes}); a `call_tool` action runs one here:
// its arguments checked against its JSON Schema (./schema: a subset; the server checks the
// full schema before it sends a call), the handler raced against a timeout, the result made
// JSON and cut to a size. Nothing here throws: every call gives
// {success, description, result? | error}.
//
// How many tools, how large and deep a schema, the default timeout and the result's size
// are the server's limits (/api/widget-config). A tool registered before they arrive is
// checked when they do.

import type { ToolDefinition } from "./api";
import type { PageContext } from "./dom/types";
import type { ToolInfo as WireToolInfo, WidgetLimits } from "./protocol.gen";
import { schemaErrors } from "./schema";

export const NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,47}$/;
export type ToolLimits = Pick<WidgetLimits, "maxTools" | "maxToolSchemaChars" |
  "maxToolSchemaDepth" | "toolTimeoutMs" | "toolResultChars">;
// The range an owner's own timeoutMs is held to.
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 60_000;
const MAX_DESCRIPTION = 1000;
// Names of the built-in actions, steps and LLM tools: the server refuses them too.
const BUILTIN = new Set(["click", "type", "select", "check", "uncheck", "clear", "press",
  "scroll", "navigate", "highlight", "wait", "dblclick", "hover", "click_element", "type_text",
  "select_option", "check_element", "uncheck_element", "clear_element", "press_key",
  "highlight_element", "double_click_element", "hover_element", "select_text",
  "execute_generic_sequence", "call_tool", "run_sequence", "show_ui_block", "ask_confirmation", "finish_task"]);

export type JsonSchema = Record<string, unknown>;

/** What the page context says of a tool (the handler stays in the page): the wire type,
 * every key filled in. */
export type ToolInfo = Required<WireToolInfo>;

export interface ToolOutcome {
  success: boolean;
  description: string;
  result?: unknown;
  truncated?: boolean;
  error?: string;
}

interface Registered extends ToolInfo {
  /** The owner's own timeout (null: the server's default). */
  timeoutMs: number | null;
  handler: ToolDefinition["handler"];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Why a definition cannot be registered, or null (`limits` null: not known yet, the
 * checks that need them wait). */
export function definitionProblem(def: unknown, count: number, exists: boolean,
  limits: ToolLimits | null = null): string | null {
  if (!isObject(def)) return "registerTool takes an object {name, description, parameters, handler}";
  const name = def.name;
  if (typeof name !== "string" || !NAME_RE.test(name)) {
    return "a tool name is a letter then up to 47 letters, digits, _ or -";
  }
  if (BUILTIN.has(name.toLowerCase())) return `"${name}" is the name of a built-in action`;
  if (typeof def.handler !== "function") return `tool "${name}" needs a handler function`;
  if (def.description !== undefined && typeof def.description !== "string") {
    return `tool "${name}": description must be a string`;
  }
  const params = def.parameters;
  if (params !== undefined && (!isObject(params) || (params.type ?? "object") !== "object")) {
    return `tool "${name}": parameters must be a JSON Schema of "type": "object"`;
  }
  if (!limits) return null;
  if (!exists && count >= limits.maxTools) return `at most ${limits.maxTools} tools per page`;
  return params === undefined ? null : schemaProblem(name, params, limits);
}

/** Why a tool's parameters schema is over the server's limits, or null. */
function schemaProblem(name: string, schema: unknown, limits: ToolLimits): string | null {
  let bytes: number;
  try {
    bytes = new TextEncoder().encode(JSON.stringify(schema)).length;
  } catch {
    return null; // not JSON: register() says so
  }
  if (bytes > limits.maxToolSchemaChars) {
    return `tool "${name}": parameters is larger than ${limits.maxToolSchemaChars} characters`;
  }
  if (depthOf(schema) > limits.maxToolSchemaDepth) {
    return `tool "${name}": parameters nests more than ${limits.maxToolSchemaDepth} levels deep`;
  }
  return null;
}

/** How deep objects and arrays nest (the schema itself is level 1), as the server counts. */
function depthOf(node: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[node, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    const children = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
    for (const c of children) {
      if (typeof c === "object" && c !== null) stack.push([c, depth + 1]);
    }
  }
  return deepest;
}

export class ToolRegistry {
  private readonly tools = new Map<string, Registered>();
  private readonly listeners = new Set<() => void>();
  private limits: ToolLimits | null = null;

  /** The server's limits arrived: tools registered before that which break them go (in
   * registration order, the first `maxTools` that fit stay), each with a warning. */
  setLimits(limits: ToolLimits): void {
    this.limits = limits;
    let kept = 0;
    let dropped = false;
    for (const [name, tool] of [...this.tools]) {
      const problem = kept >= limits.maxTools ? `at most ${limits.maxTools} tools per page`
        : schemaProblem(name, tool.parameters, limits);
      if (problem) {
        console.warn(`[LeFlux] registerTool: ${problem}; "${name}" is not offered`);
        this.tools.delete(name);
        dropped = true;
      } else {
        kept++;
      }
    }
    if (dropped) this.changed();
  }

  /** Registers (or replaces) a tool; false, with a console warning, when it can't. */
  register(def: unknown): boolean {
    const exists = isObject(def) && typeof def.name === "string" &&
      [...this.tools.keys()].some((k) => k.toLowerCase() === String(def.name).toLowerCase());
    const problem = definitionProblem(def, this.tools.size, exists, this.limits);
    if (problem) {
      console.warn(`[LeFlux] registerTool: ${problem}`);
      return false;
    }
    const d = def as unknown as ToolDefinition;
    let parameters: JsonSchema;
    try {
      parameters = JSON.parse(JSON.stringify(d.parameters ?? { type: "object" }));
    } catch {
      console.warn(`[LeFlux] registerTool: tool "${d.name}": parameters must be JSON`);
      return false;
    }
    const timeout = d.timeoutMs === undefined ? null : Number(d.timeoutMs);
    for (const k of [...this.tools.keys()]) {
      if (k.toLowerCase() === d.name.toLowerCase()) this.tools.delete(k);
    }
    this.tools.set(d.name, {
      name: d.name,
      description: (d.description ?? "").slice(0, MAX_DESCRIPTION),
      parameters,
      highStakes: d.highStakes === true,
      timeoutMs: timeout !== null && Number.isFinite(timeout)
        ? Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TIMEOUT_MS, timeout)) : null,
      handler: d.handler,
    });
    this.changed();
    return true;
  }

  unregister(name: unknown): boolean {
    const gone = this.tools.delete(String(name));
    if (gone) this.changed();
    return gone;
  }

  list(): ToolInfo[] {
    return [...this.tools.values()].map(({ name, description, parameters, highStakes }) =>
      ({ name, description, parameters, highStakes }));
  }

  get size(): number {
    return this.tools.size;
  }

  onChange(cb: () => void): void {
    this.listeners.add(cb);
  }

  /** Runs one `call_tool`. `confirmed`: the visitor approved this plan at the gate (a
   * high-stakes tool runs only then, whatever the plan says). */
  async call(name: unknown, args: unknown, description: string,
    confirmed: boolean): Promise<ToolOutcome> {
    const tool = this.tools.get(String(name ?? ""));
    const out: ToolOutcome = { success: false, description };
    if (!tool) {
      out.error = `no tool named "${String(name ?? "")}" is registered on this page`;
      return out;
    }
    if (tool.highStakes && !confirmed) {
      out.error = "not run: this tool needs the visitor's confirmation first";
      return out;
    }
    const limits = this.limits;
    if (!limits) {
      out.error = "not run: the assistant's settings have not loaded yet";
      return out;
    }
    const input = args ?? {};
    const problems = schemaErrors(tool.parameters, input);
    if (problems.length) {
      out.error = `invalid arguments: ${problems.join("; ")}`.slice(0, 500);
      return out;
    }
    const timeoutMs = tool.timeoutMs ?? limits.toolTimeoutMs;
    try {
      const value = await withTimeout(Promise.resolve().then(() =>
        tool.handler(structuredCopy(input) as Record<string, unknown>)), timeoutMs);
      const shaped = shapeResult(value, limits.toolResultChars);
      if ("error" in shaped) {
        out.error = shaped.error;
        return out;
      }
      out.success = true;
      out.result = shaped.result;
      if (shaped.truncated) out.truncated = true;
    } catch (err) {
      out.error = err instanceof ToolTimeout
        ? `the tool did not answer within ${formatSeconds(timeoutMs)}`
        : `the tool failed: ${errorText(err)}`;
    }
    return out;
  }

  private changed(): void {
    for (const cb of this.listeners) {
      try {
        cb();
      } catch (e) {
        console.warn("[LeFlux]", e);
      }
    }
  }
}

class ToolTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ToolTimeout()), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function structuredCopy(value: unknown): unknown {
  // The handler gets its own copy: what it does to it is not what the server sent.
  return JSON.parse(JSON.stringify(value));
}

/** A handler's return value as JSON, cut to `limit` characters (then a string). */
export function shapeResult(value: unknown, limit: number):
  { result: unknown; truncated: boolean } | { error: string } {
  let text: string | undefined;
  try {
    text = JSON.stringify(value === undefined ? null : value);
  } catch {
    return { error: "the tool's result is not JSON" };
  }
  if (text === undefined) return { result: null, truncated: false }; // a function, a symbol
  if (text.length <= limit) return { result: JSON.parse(text), truncated: false };
  const cut = typeof value === "string" ? value.slice(0, limit) : text.slice(0, limit);
  return { result: `${cut}…`, truncated: true };
}

function errorText(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === "string" ? err : "an error";
  return raw.replace(/\s+/g, " ").trim().slice(0, 200) || "an error";
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The context with the page's registered tools (none: no `tools` key). */
export function withTools(context: PageContext, tools: ToolRegistry): PageContext {
  if (tools.size) context.tools = tools.list();
  return context;
}

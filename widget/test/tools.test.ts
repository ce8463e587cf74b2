import { beforeEach, describe, expect, test, vi } from "vitest";
import { buildContext } from "../src/dom/context";
import { runPlan } from "../src/executor";
import { schemaErrors } from "../src/schema";
import { ActionLedger } from "../src/storage";
import { shapeResult, type ToolLimits, ToolRegistry, withTools } from "../src/tools";

beforeEach(() => {
  document.body.innerHTML = "";
  sessionStorage.clear();
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

// The server's limits as /api/widget-config gives them (small, to show they are the ones
// kept to).
const LIMITS: ToolLimits = { maxTools: 4, maxToolSchemaChars: 600, maxToolSchemaDepth: 4,
  toolTimeoutMs: 100, toolResultChars: 50 };

function registry(limits: ToolLimits | null = LIMITS): ToolRegistry {
  const r = new ToolRegistry();
  if (limits) r.setLimits(limits);
  return r;
}

const ORDER = {
  type: "object",
  properties: {
    orderNumber: { type: "string", pattern: "^[A-Z]\\d{4}$" },
    qty: { type: "integer", minimum: 1, maximum: 9 },
    speed: { enum: ["standard", "express"] },
    tags: { type: "array", items: { type: "string", maxLength: 3 }, maxItems: 2 },
  },
  required: ["orderNumber"],
  additionalProperties: false,
};

describe("the schema subset", () => {
  test("accepts what the schema allows", () => {
    expect(schemaErrors(ORDER, { orderNumber: "A1001" })).toEqual([]);
    expect(schemaErrors(ORDER, { orderNumber: "A1001", qty: 3, speed: "express",
      tags: ["ab", "cd"] })).toEqual([]);
    expect(schemaErrors({ type: ["string", "null"] }, null)).toEqual([]);
    expect(schemaErrors({ type: "number", exclusiveMinimum: 0 }, 0.5)).toEqual([]);
  });

  test("says what is wrong, where", () => {
    expect(schemaErrors(ORDER, {})).toEqual(["orderNumber is required"]);
    expect(schemaErrors(ORDER, { orderNumber: 1001 })).toEqual(["orderNumber: must be string, not integer"]);
    expect(schemaErrors(ORDER, { orderNumber: "1001" })).toEqual(["orderNumber: must match ^[A-Z]\\d{4}$"]);
    expect(schemaErrors(ORDER, { orderNumber: "A1001", qty: 0 })).toEqual(["qty: must be at least 1"]);
    expect(schemaErrors(ORDER, { orderNumber: "A1001", qty: 2.5 })).toEqual(["qty: must be integer, not number"]);
    expect(schemaErrors(ORDER, { orderNumber: "A1001", speed: "slow" }))
      .toEqual(['speed: must be one of "standard", "express"']);
    expect(schemaErrors(ORDER, { orderNumber: "A1001", tags: ["abcd", "a", "b"] }))
      .toEqual(["tags: must have at most 2 items", "tags[0]: must be at most 3 characters"]);
    expect(schemaErrors(ORDER, { orderNumber: "A1001", extra: 1 }))
      .toEqual(["extra: is not an expected argument"]);
    expect(schemaErrors({ type: "object" }, [])).toEqual(["must be object, not array"]);
    expect(schemaErrors({ anyOf: [{ type: "string" }, { type: "integer" }] }, true))
      .toEqual(["matches none of the allowed forms"]);
  });
});

describe("results", () => {
  test("JSON kept as it is under the limit", () => {
    expect(shapeResult({ status: "shipped", eta: null }, 50)).toEqual(
      { result: { status: "shipped", eta: null }, truncated: false });
    expect(shapeResult(undefined, 50)).toEqual({ result: null, truncated: false });
  });

  test("cut to the limit, as a string", () => {
    const big = shapeResult({ rows: "x".repeat(100) }, 50);
    expect(big).toMatchObject({ truncated: true });
    expect(((big as { result: string }).result).length).toBe(51);
    const text = shapeResult("y".repeat(60), 50) as { result: string };
    expect(text.result).toBe(`${"y".repeat(50)}…`);
  });

  test("not JSON: an error", () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(shapeResult(loop, 50)).toEqual({ error: "the tool's result is not JSON" });
  });
});

describe("the registry", () => {
  const handler = (): unknown => "ok";

  test("refuses bad definitions without throwing", () => {
    const r = registry();
    expect(r.register(null)).toBe(false);
    expect(r.register({ name: "1st", handler })).toBe(false);
    expect(r.register({ name: "click", handler })).toBe(false);
    expect(r.register({ name: "lookup" })).toBe(false);
    expect(r.register({ name: "lookup", handler, parameters: { type: "string" } })).toBe(false);
    expect(r.size).toBe(0);
  });

  test("keeps to the server's limits: how many tools, how large and deep a schema", () => {
    const r = registry();
    for (let i = 0; i < 4; i++) expect(r.register({ name: `t${i}`, handler })).toBe(true);
    expect(r.register({ name: "t4", handler })).toBe(false);
    expect(r.register({ name: "T2", handler, description: "replaces t2" })).toBe(true);
    expect(r.size).toBe(4);
    const wide = { type: "object", properties: Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`field${i}`, { type: "string" }])) };
    const deep = { type: "object", properties: { a: { type: "object", properties: {
      b: { type: "object" } } } } };
    const s = registry();
    expect(s.register({ name: "wide", handler, parameters: wide })).toBe(false);
    expect(s.register({ name: "deep", handler, parameters: deep })).toBe(false);
    expect(s.register({ name: "fine", handler, parameters: ORDER })).toBe(true);
    expect(console.warn).toHaveBeenCalledWith(
      expect.stringContaining('"wide": parameters is larger than 600 characters'));
    expect(console.warn).toHaveBeenCalledWith(
      expect.stringContaining('"deep": parameters nests more than 4 levels deep'));
  });

  test("tools registered before the limits arrive are checked when they do", () => {
    const r = registry(null);
    let changes = 0;
    r.onChange(() => changes++);
    for (let i = 0; i < 6; i++) expect(r.register({ name: `t${i}`, handler })).toBe(true);
    expect(r.size).toBe(6);
    r.setLimits({ ...LIMITS, maxTools: 2 });
    expect(r.list().map((t) => t.name)).toEqual(["t0", "t1"]);
    expect(changes).toBe(7);
    expect(r.register({ name: "t9", handler })).toBe(false);
  });

  test("a call before the limits arrive is not run", async () => {
    const r = registry(null);
    r.register({ name: "lookup", handler });
    expect(await r.call("lookup", {}, "look up", false)).toEqual({ success: false,
      description: "look up", error: "not run: the assistant's settings have not loaded yet" });
  });

  test("the context carries the tools without handlers, and changes are announced", () => {
    const r = registry();
    let changes = 0;
    r.onChange(() => changes++);
    expect(withTools(buildContext(document), r).tools).toBeUndefined();
    r.register({ name: "lookupOrder", description: "Order status", parameters: ORDER, handler,
      highStakes: true });
    expect(withTools(buildContext(document), r).tools).toEqual([{ name: "lookupOrder",
      description: "Order status", parameters: ORDER, highStakes: true }]);
    expect(r.unregister("lookupOrder")).toBe(true);
    expect(r.unregister("lookupOrder")).toBe(false);
    expect(changes).toBe(2);
  });

  test("a call checks its arguments, then runs the handler once with a copy", async () => {
    const r = registry();
    const seen: unknown[] = [];
    r.register({ name: "lookupOrder", parameters: ORDER, handler: async (args: unknown) => {
      seen.push(args);
      return { status: "shipped" };
    } });
    const bad = await r.call("lookupOrder", { orderNumber: "nope" }, "look up", false);
    expect(bad).toEqual({ success: false, description: "look up",
      error: "invalid arguments: orderNumber: must match ^[A-Z]\\d{4}$" });
    expect(seen).toEqual([]);
    const ok = await r.call("lookupOrder", { orderNumber: "A1001" }, "look up", false);
    expect(ok).toEqual({ success: true, description: "look up", result: { status: "shipped" } });
    expect(seen).toEqual([{ orderNumber: "A1001" }]);
    expect(await r.call("nope", {}, "x", false)).toMatchObject({ success: false,
      error: 'no tool named "nope" is registered on this page' });
  });

  test("a throw and a timeout are errors, not exceptions", async () => {
    const r = registry();
    r.register({ name: "boom", handler: () => { throw new Error("Order\n  not found"); } });
    r.register({ name: "slow", handler: () => new Promise(() => undefined) });
    r.register({ name: "slower", timeoutMs: 250, handler: () => new Promise(() => undefined) });
    expect(await r.call("boom", {}, "boom", false)).toEqual({ success: false,
      description: "boom", error: "the tool failed: Order not found" });
    const t0 = Date.now();
    // The server's default timeout, unless the tool names its own.
    expect(await r.call("slow", {}, "slow", false)).toEqual({ success: false,
      description: "slow", error: "the tool did not answer within 0.1 s" });
    expect(await r.call("slower", {}, "slower", false)).toMatchObject({
      error: "the tool did not answer within 0.3 s" });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  test("a result is cut to the server's limit", async () => {
    const r = registry();
    r.register({ name: "rows", handler: () => ({ rows: "x".repeat(200) }) });
    const out = await r.call("rows", {}, "rows", false);
    expect(out).toMatchObject({ success: true, truncated: true });
    expect((out.result as string).length).toBe(51);
  });

  test("a high-stakes tool runs only in a plan the visitor confirmed", async () => {
    const r = registry();
    let runs = 0;
    r.register({ name: "applyCoupon", highStakes: true, handler: () => ++runs });
    expect(await r.call("applyCoupon", {}, "apply", false)).toMatchObject({ success: false,
      error: "not run: this tool needs the visitor's confirmation first" });
    expect(runs).toBe(0);
    expect(await r.call("applyCoupon", {}, "apply", true)).toMatchObject({ success: true, result: 1 });
  });
});

describe("call_tool in a plan", () => {
  test("a single call reports its result in action_complete, once", async () => {
    const tools = registry();
    let runs = 0;
    tools.register({ name: "lookupOrder", parameters: ORDER,
      handler: ({ orderNumber }: Record<string, unknown>) => ({ order: orderNumber, status: "shipped", n: ++runs }) });
    const sent: Array<[string, Record<string, unknown>]> = [];
    const deps = { ledger: new ActionLedger("s"), tools, hooks: {}, stepGapMs: 0,
      send: (e: "action_complete" | "sequence_complete", p: Record<string, unknown>) => sent.push([e, p]),
      onExecuted: () => undefined };
    const plan = [{ id: "action-9", type: "call_tool", toolName: "lookupOrder",
      args: { orderNumber: "A1001" }, description: "look up order A1001" }];
    await runPlan(plan, deps);
    await runPlan(plan, deps);
    expect(runs).toBe(1);
    expect(sent).toEqual([
      ["action_complete", { actionId: "action-9", result: { success: true,
        description: "look up order A1001", result: { order: "A1001", status: "shipped", n: 1 } } }],
      ["action_complete", { actionId: "action-9", result: { success: true,
        description: "look up order A1001", result: { order: "A1001", status: "shipped", n: 1 } } }],
    ]);
  });

  test("a step of a sequence reports its result and stops the sequence when it fails", async () => {
    const tools = registry();
    tools.register({ name: "lookupOrder", parameters: ORDER,
      handler: ({ orderNumber }: Record<string, unknown>) => ({ order: orderNumber }) });
    const sent: Array<[string, Record<string, unknown>]> = [];
    const deps = { ledger: new ActionLedger("s2"), tools, hooks: {}, stepGapMs: 0,
      send: (e: "action_complete" | "sequence_complete", p: Record<string, unknown>) => sent.push([e, p]),
      onExecuted: () => undefined };
    await runPlan([{ id: "seq-9", type: "execute_generic_sequence", isSequence: true, actions: [
      { action: "call_tool", toolName: "lookupOrder", args: { orderNumber: "A1001" }, description: "look up" },
      { action: "call_tool", toolName: "lookupOrder", args: {}, description: "again" },
      { action: "call_tool", toolName: "lookupOrder", args: { orderNumber: "B2002" }, description: "never" },
    ] }], deps);
    expect(sent).toEqual([["sequence_complete", { result: { success: false, results: [
      { index: 0, action: "call_tool", success: true, description: "look up", result: { order: "A1001" } },
      { index: 1, action: "call_tool", success: false, description: "again",
        error: "invalid arguments: orderNumber is required" },
    ] } }]]);
  });
});

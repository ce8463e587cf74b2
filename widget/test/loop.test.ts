import { beforeEach, describe, expect, test } from "vitest";
import { idOf } from "../src/dom/ids";
import { runPlan } from "../src/executor";
import { ActionLedger, LoopCounter, loadSessionId, newUuid } from "../src/storage";
import { StreamAssembler } from "../src/stream";
import { renderMarkdown } from "../src/ui/markdown";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeEach(() => {
  document.body.innerHTML = "";
  sessionStorage.clear();
  localStorage.clear();
});

describe("session", () => {
  test("one canonical UUID kept in localStorage", () => {
    const id = loadSessionId();
    expect(id).toMatch(UUID);
    expect(loadSessionId()).toBe(id);
    expect(localStorage.getItem("leflux:sessionId")).toBe(id);
    localStorage.setItem("leflux:sessionId", "not-a-uuid");
    expect(loadSessionId()).toMatch(UUID);
    expect(newUuid()).not.toBe(newUuid());
  });

  test("loop counter survives in sessionStorage", () => {
    const a = new LoopCounter("s1");
    a.count = 3;
    expect(new LoopCounter("s1").count).toBe(3);
    expect(new LoopCounter("s2").count).toBe(0);
  });
});

describe("plans run once", () => {
  function setup() {
    document.body.innerHTML = `<input aria-label="Name"><button aria-label="Save">Save</button>`;
    const input = document.querySelector("input")!;
    const button = document.querySelector("button")!;
    let clicks = 0;
    button.addEventListener("click", () => clicks++);
    const sent: Array<[string, Record<string, unknown>]> = [];
    const deps = {
      ledger: new ActionLedger("sess"),
      send: (e: "action_complete" | "sequence_complete", p: Record<string, unknown>) => sent.push([e, p]),
      hooks: {},
      onExecuted: () => undefined,
      stepGapMs: 0,
    };
    return { input, button, clicks: () => clicks, sent, deps, ids: [idOf(input), idOf(button)] };
  }

  test("a sequence reports every step and a re-sent plan is answered, not re-run", async () => {
    const { input, sent, deps, clicks, ids } = setup();
    const plan = [{ id: "seq-1", type: "execute_generic_sequence", isSequence: true, actions: [
      { action: "type", elementId: ids[0], inputData: "Ahmed", description: "name" },
      { action: "click", elementId: ids[1], description: "save" },
    ] }];
    await runPlan(plan, deps);
    expect(input.value).toBe("Ahmed");
    expect(clicks()).toBe(1);
    expect(sent).toEqual([["sequence_complete", { result: { success: true, results: [
      { index: 0, action: "type", elementId: ids[0], success: true, description: "name" },
      { index: 1, action: "click", elementId: ids[1], success: true,
        description: "save (the page did not change)" },
    ] } }]]);
    input.value = "changed by the visitor";
    // A fresh ledger object reads the same sessionStorage, as after a reload.
    await runPlan(plan, { ...deps, ledger: new ActionLedger("sess") });
    expect(clicks()).toBe(1);
    expect(input.value).toBe("changed by the visitor");
    expect(sent[1]).toEqual(sent[0]);
  });

  test("a sequence stops at the first failure", async () => {
    const { sent, deps, clicks, ids } = setup();
    await runPlan([{ id: "seq-2", isSequence: true, type: "execute_generic_sequence", actions: [
      { action: "type", elementId: 424242, inputData: "x", description: "ghost" },
      { action: "click", elementId: ids[1], description: "save" },
    ] }], deps);
    const result = sent[0][1].result as { success: boolean; results: unknown[] };
    expect(result.success).toBe(false);
    expect(result.results).toHaveLength(1);
    expect(clicks()).toBe(0);
  });

  test("single actions report action_complete with their id", async () => {
    const { sent, deps, clicks, ids } = setup();
    await runPlan([{ id: "action-1", type: "click_element", elementId: ids[1], description: "save" }], deps);
    await runPlan([{ id: "action-1", type: "click_element", elementId: ids[1], description: "save" }], deps);
    expect(clicks()).toBe(1);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual(["action_complete", { actionId: "action-1",
      result: { success: true, elementId: ids[1], description: "save (the page did not change)" } }]);
    expect(sent[1]).toEqual(sent[0]);
  });
});

describe("streams", () => {
  test("assembled by chunkIndex, duplicates ignored, locked by done", () => {
    const s = new StreamAssembler();
    expect(s.chunk("a", 0, "Hel")).toBe("Hel");
    expect(s.chunk("a", 2, "ld")).toBeNull(); // gap: wait for chunk 1
    expect(s.chunk("a", 1, "lo wor")).toBe("Hello world");
    expect(s.chunk("a", 1, "lo wor")).toBeNull();
    expect(s.open()).toEqual([["a", "Hello world"]]);
    s.done("a", "Hello world!");
    expect(s.chunk("a", 3, "???")).toBeNull();
    expect(s.isDone("a")).toBe(true);
    expect(s.open()).toEqual([]);
  });
});

describe("markdown", () => {
  test("bold, lists and safe links only", () => {
    const div = document.createElement("div");
    div.appendChild(renderMarkdown(document,
      "Done **now**:\n- one\n- two [docs](https://example.com/d)\n\n1. first\n[x](javascript:alert(1)) <b>raw</b>"));
    expect(div.querySelector("strong")?.textContent).toBe("now");
    expect(div.querySelectorAll("ul li")).toHaveLength(2);
    expect(div.querySelectorAll("ol li")).toHaveLength(1);
    expect(div.querySelector("a")?.getAttribute("href")).toBe("https://example.com/d");
    expect(div.querySelectorAll("a")).toHaveLength(1);
    expect(div.querySelector("b")).toBeNull();
    expect(div.textContent).toContain("<b>raw</b>");
  });
});

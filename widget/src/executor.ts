// Runs one action_plan: single actions and sequences, each action id at most once per tab
// (a re-sent plan is answered from the ledger), a sequence stopping at the first failure
// or when the page changes. Results go back as action_complete / sequence_complete.

import type { ActionExecuted, PlanAction } from "./api";
import { runStep, type ActionHooks, type Step, type StepOutcome, TYPE_TO_STEP } from "./dom/actions";
import { isLeaving } from "./dom/settle";
import type { ActionResult, SequenceResult, StepResult } from "./protocol.gen";
import type { ActionLedger } from "./storage";
import type { ToolRegistry } from "./tools";
import type { ClientPayload } from "./transport";

export type { PlanAction } from "./api";

export interface ExecutorDeps {
  ledger: ActionLedger;
  send<E extends "action_complete" | "sequence_complete">(event: E, payload: ClientPayload<E>): void;
  hooks: ActionHooks;
  /** The owner's tools (`call_tool`). */
  tools?: ToolRegistry;
  onExecuted(info: ActionExecuted): void;
  /** The visitor pressed Stop: no further action or step starts. */
  stopped?(): boolean;
  /** Pause between steps so frameworks re-render and navigations start. */
  stepGapMs?: number;
}

export interface PlanOutcome {
  ranAny: boolean;
  pageChanged: boolean;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const isSequence = (a: PlanAction): boolean =>
  a.isSequence === true || a.type === "execute_generic_sequence" || Array.isArray(a.actions);

function pageChanged(startUrl: string): boolean {
  return isLeaving() || location.href !== startUrl;
}

export async function runPlan(actions: PlanAction[], deps: ExecutorDeps): Promise<PlanOutcome> {
  const startUrl = location.href;
  const outcome: PlanOutcome = { ranAny: false, pageChanged: false };
  for (const action of actions) {
    if (!action || typeof action !== "object") continue;
    if (outcome.pageChanged || deps.stopped?.()) {
      // The rest belongs to a page that is gone (say so rather than act on the new one),
      // or the visitor stopped the task.
      report(action, deps, { success: false, description: action.description ?? "",
        error: outcome.pageChanged ? "not run: the page changed" : STOPPED }, true);
      continue;
    }
    if (action.id && deps.ledger.has(action.id)) {
      replay(action, deps);
    } else if (isSequence(action)) {
      await runSequence(action, deps);
      outcome.ranAny = true;
    } else {
      await runSingle(action, deps);
      outcome.ranAny = true;
    }
    outcome.pageChanged = pageChanged(startUrl);
  }
  return outcome;
}

export const OTHER_PAGE = "this plan was made for another page";
export const STOPPED = "not run: the visitor stopped the task";
// A sequence cut short by a navigation did what it could (the rest belongs to a gone
// page); one the visitor stopped did not do what was asked.
const PAGE_CHANGED = "the page changed";

/** Answers every action of a plan this page must not run (made on another tab's or an
 * earlier page's context: its element ids are not ours) with a failed result. */
export function refusePlan(actions: PlanAction[], deps: ExecutorDeps): void {
  for (const action of actions) {
    if (!action || typeof action !== "object") continue;
    if (action.id && deps.ledger.has(action.id)) {
      // This tab already ran it on the page before this one (a submit that navigated
      // before its result went out): report what it did, never "it did not run".
      replay(action, deps);
      continue;
    }
    if (isSequence(action)) {
      const first = (Array.isArray(action.actions) ? action.actions[0] : undefined) ??
        { action: "sequence" };
      const result: SequenceResult = { success: false, error: OTHER_PAGE, results: [{ index: 0,
        action: String(first.action), success: false, description: first.description ?? "",
        error: OTHER_PAGE }] };
      deps.send("sequence_complete", { result });
      deps.onExecuted({ actionId: action.id, kind: "sequence", replayed: false, result });
    } else {
      const result: ActionResult = { success: false, description: action.description ?? "",
        error: OTHER_PAGE };
      deps.send("action_complete", { actionId: action.id ?? "", result });
      deps.onExecuted({ actionId: action.id, kind: "action", replayed: false, result });
    }
  }
}

function replay(action: PlanAction, deps: ExecutorDeps): void {
  const stored = deps.ledger.result(action.id!);
  if (isSequence(action)) {
    const result: SequenceResult = stored?.kind === "sequence" ? stored.result
      : { success: true, results: [], interrupted: true };
    deps.send("sequence_complete", { result });
    deps.onExecuted({ actionId: action.id, kind: "sequence", replayed: true, result });
  } else {
    const result: ActionResult = stored?.kind === "action" ? stored.result
      : { success: true, description: `${action.description ?? "action"} (done before the page changed)` };
    deps.send("action_complete", { actionId: action.id ?? "", result });
    deps.onExecuted({ actionId: action.id, kind: "action", replayed: true, result });
  }
}

function report(action: PlanAction, deps: ExecutorDeps, out: StepOutcome, skipped: boolean): void {
  if (isSequence(action)) {
    const result: SequenceResult = { success: false, results: [], error: out.error };
    deps.send("sequence_complete", { result });
    if (!skipped) deps.onExecuted({ actionId: action.id, kind: "sequence", replayed: false, result });
  } else {
    const result: ActionResult = { ...out,
      ...(action.elementId != null ? { elementId: action.elementId } : {}) };
    deps.send("action_complete", { actionId: action.id ?? "", result });
  }
}

/** One step: an owner's tool, or an action on the page. */
async function runAny(step: Step, deps: ExecutorDeps): Promise<StepOutcome> {
  if (step.action !== "call_tool") return runStep(step, deps.hooks);
  const description = step.description || `run ${String(step.toolName ?? "a tool")}`;
  if (!deps.tools) return { success: false, description, error: "this page has no tools" };
  deps.hooks.onTarget?.(null, description);
  return deps.tools.call(step.toolName, step.args, description, deps.hooks.confirmed === true);
}

async function runSingle(action: PlanAction, deps: ExecutorDeps): Promise<void> {
  const step = action.type === "call_tool" ? "call_tool" : TYPE_TO_STEP[action.type ?? ""];
  if (action.id) deps.ledger.start(action.id);
  const out: StepOutcome = step
    ? await runAny({ action: step, elementId: action.elementId, inputData: action.inputData,
      description: action.description, toolName: action.toolName, args: action.args }, deps)
    : { success: false, description: action.description ?? "", error: `unknown action type "${action.type}"` };
  if (action.id) deps.ledger.finish(action.id, { kind: "action", result: out });
  deps.send("action_complete", { actionId: action.id ?? "", result: out });
  deps.onExecuted({ actionId: action.id, kind: "action", replayed: false, result: out });
}

async function runSequence(action: PlanAction, deps: ExecutorDeps): Promise<void> {
  const steps = Array.isArray(action.actions) ? action.actions : [];
  const startUrl = location.href;
  const results: StepResult[] = [];
  const gap = deps.stepGapMs ?? 60;
  if (action.id) deps.ledger.start(action.id);
  let stopped: string | undefined;
  for (let i = 0; i < steps.length; i++) {
    if (pageChanged(startUrl)) {
      stopped = PAGE_CHANGED;
      break;
    }
    if (deps.stopped?.()) {
      stopped = "the visitor stopped the task";
      break;
    }
    const step = steps[i] ?? { action: "" };
    const out = await runAny(step, deps);
    const r: StepResult = { index: i, action: String(step.action), success: out.success,
      description: out.description };
    if (out.elementId !== undefined) r.elementId = out.elementId;
    if (out.error) r.error = out.error;
    if (out.result !== undefined) r.result = out.result;
    results.push(r);
    // Saved after every step: a step that navigates ends this page right after it.
    const partial = { success: results.every((x) => x.success), results };
    if (action.id) deps.ledger.finish(action.id, { kind: "sequence", result: partial });
    if (!out.success) break;
    if (i < steps.length - 1) await pause(gap);
  }
  const result: SequenceResult = { success: results.every((x) => x.success) &&
    (results.length === steps.length || stopped === PAGE_CHANGED), results };
  if (stopped) result.stoppedBecause = stopped;
  if (action.id) deps.ledger.finish(action.id, { kind: "sequence", result });
  deps.send("sequence_complete", { result });
  deps.onExecuted({ actionId: action.id, kind: "sequence", replayed: false, result });
}

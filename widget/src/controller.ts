// The embed's brain: server events -> UI, plans -> executor, and the iterative loop
// (settle, re-index, continue_task; at most the site's `limits.roundTrips` round trips
// per visitor message, from /api/widget-config).

import { buildContext, isOwnContext, signature } from "./dom/context";
import type { PageContext } from "./dom/types";
import { elementById } from "./dom/ids";
import { isLeaving, leftOrStayed, waitForSettle, watchNavigation, watchNetwork } from "./dom/settle";
import type { Emitter } from "./emitter";
import { guard, whenIdle } from "./guard";
import { showHistory, isShownBlock } from "./history";
import { watchPageChanges } from "./changes";
import { type PlanAction, refusePlan, runPlan } from "./executor";
import { watchTheme, type WidgetOptions } from "./options";
import type { WidgetLimits } from "./protocol.gen";
import { ActionLedger, LoopCounter, newSessionId, panelMemory, stopMemory, type TabFlag } from "./storage";
import { StreamAssembler } from "./stream";
import { CALM_CODES, type ServerBase, type ServerEvent, ServerRefusal, Transport } from "./transport";
import { type ToolRegistry, withTools } from "./tools";
import { fill, type Strings } from "./ui/i18n";
import { Panel, type Status } from "./ui/panel";

export const KEEP_GOING = "Keep going";
type Payload = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : "");

export class Controller {
  readonly panel: Panel;
  private readonly strings: Strings;
  private transport: Transport;
  private ledger: ActionLedger;
  private loop: LoopCounter;
  private stopMemory: TabFlag;
  private streams = new StreamAssembler();
  private queue: Promise<void> = Promise.resolve();
  private taskOpen = false;
  private running = false;
  private joinedOnce = false;
  private replaced = false;
  private offlineNoted = false;
  private lastSignature = "";
  /** The server's limits (null until /api/widget-config answered). */
  private limits: WidgetLimits | null = null;
  private configLoad: Promise<void> | null = null;
  // The visitor pressed Stop: no step or plan runs until they speak again.
  private stopped = false;
  // Bumped by reset(): a plan of the previous conversation stops at its next step.
  private generation = 0;

  constructor(
    private readonly base: ServerBase,
    private id: string,
    private readonly events: Emitter,
    options: WidgetOptions,
    private readonly tools: ToolRegistry,
  ) {
    this.strings = options.strings;
    this.ledger = new ActionLedger(id);
    this.loop = new LoopCounter(id);
    this.stopMemory = stopMemory(id);
    this.stopped = this.stopMemory.on;
    this.panel = new Panel(document, {
      onSend: guard((text: string) => this.send(text)),
      onConfirm: guard((ok: boolean) => this.confirm(ok)),
      onOpenChange: guard((open: boolean) => {
        panelMemory.on = open;
        if (open) this.pushContext(true);
      }),
      onChoice: guard((value: string) => this.send(value)),
      onShowElement: guard((id: number) => this.panel.highlight(elementById(id), 2500)),
      onTakeOver: guard(() => this.takeOver()),
      onStop: guard(() => this.stop()),
      onNewConversation: guard(() => this.reset()),
    }, options);
    watchTheme(options.theme, (theme) => this.panel.setTheme(theme));
    (document.body ?? document.documentElement).appendChild(this.panel.host);
    this.panel.setStatus("connecting");
    this.panel.welcome();
    this.transport = this.makeTransport(id);
    watchNavigation();
    watchNetwork(window, base.origin + base.prefix);
    watchPageChanges(this.panel.host, guard(() => {
      if (this.panel.isOpen || this.taskOpen) this.pushContext(false);
    }));
    // The server plans with the tools the page has now.
    tools.onChange(guard(() => this.pushContext(true)));
    if (options.open || panelMemory.on) this.panel.open();
    void this.loadConfig();
    this.transport.connect();
  }

  /** The site's look and limits, fetched once (again after a failed try). */
  private loadConfig(): Promise<void> {
    this.configLoad ??= this.transport.widgetConfig().then((cfg) => {
      if (!cfg) {
        this.configLoad = null;
        return;
      }
      this.limits = cfg.limits;
      this.tools.setLimits(cfg.limits);
      guard(() => this.panel.configure(cfg))();
    });
    return this.configLoad;
  }

  get sessionId(): string {
    return this.id;
  }

  private makeTransport(id: string): Transport {
    const t: Transport = new Transport(this.base, id, {
      // A closed conversation's transport may still report: only the current one counts.
      onEvent: guard((name: ServerEvent, p: Payload) => t === this.transport && this.onEvent(name, p)),
      onStatus: guard((s: Status) => t === this.transport && this.onStatus(s)),
    });
    return t;
  }

  /** Stop: nothing more runs (the step under way finishes), and the server ends the task. */
  stop(): void {
    if (this.stopped || (!this.taskOpen && !this.running)) return;
    this.stopped = this.stopMemory.on = true;
    this.taskOpen = false;
    this.transport.emitSoon("cancel_task", {});
    this.panel.hideConfirm();
    this.panel.setWorking(null, false);
    this.panel.addNote(this.strings.stopped).setAttribute("data-stopped", "");
    this.events.emit("task_stopped", { sessionId: this.id });
  }

  /** "New conversation" / LeFlux.reset(): a fresh session id; the old one is never sent
   * again (a task still open there is stopped first). */
  reset(): string {
    if (this.taskOpen || this.running) this.transport.emit("cancel_task", {});
    this.transport.close();
    this.generation++;
    this.id = newSessionId();
    this.ledger = new ActionLedger(this.id);
    this.loop = new LoopCounter(this.id);
    this.stopMemory = stopMemory(this.id);
    this.streams = new StreamAssembler();
    this.taskOpen = false;
    this.stopped = false;
    this.replaced = false;
    this.joinedOnce = false;
    this.lastSignature = "";
    this.panel.clearMessages();
    this.panel.setWorking(null, false);
    this.panel.welcome();
    this.panel.setStatus("connecting");
    this.transport = this.makeTransport(this.id);
    this.transport.connect();
    this.events.emit("reset", { sessionId: this.id });
    return this.id;
  }

  context(): PageContext {
    return withTools(buildContext(document, this.panel.host, this.limits), this.tools);
  }

  // ------------------------------------------------------------------ visitor side

  async send(raw: string): Promise<void> {
    let text = String(raw ?? "").trim();
    if (!text || this.replaced) return; // another tab holds the session
    this.stopped = this.stopMemory.on = false;
    await this.loadConfig();
    const max = this.limits?.maxMessageChars;
    if (max) text = text.slice(0, max);
    this.panel.open();
    this.panel.settleChoices(text);
    this.panel.addMessage("visitor", text);
    this.loop.count = 0; // a new visitor message gets its own round trips
    try {
      await this.transport.postMessage({ text, context: this.context() });
    } catch (err) {
      if (err instanceof ServerRefusal && CALM_CODES.has(err.code)) {
        this.panel.addNote(err.message); // a limit: the server's own sentence, calmly
        this.panel.restoreInput(text);
        return;
      }
      const why = err instanceof Error && !/fetch|network/i.test(err.message) ? ` (${err.message})` : "";
      this.panel.addNote(fill(this.strings.sendFailed, why), true);
      this.panel.restoreInput(text);
    }
  }

  private confirm(confirmed: boolean): void {
    this.transport.emitSoon("confirmation_response", { confirmed });
  }

  // ------------------------------------------------------------------ server side

  private onStatus(status: Status): void {
    if (status !== "connecting") this.replaced = status === "replaced";
    this.panel.setStatus(status);
    if (status === "connected") {
      this.offlineNoted = false;
    } else if (status === "offline" && !this.offlineNoted) {
      this.offlineNoted = true;
      this.panel.addNote(this.strings.unreachable, true);
    }
    this.events.emit("status", { status });
  }

  private onEvent(name: ServerEvent, p: Payload): void {
    this.events.emit(name, p);
    switch (name) {
      case "session_joined":
        return this.onJoined(p);
      case "message_chunk": {
        const id = str(p.streamId);
        const text = this.streams.chunk(id, Number(p.chunkIndex), str(p.delta));
        if (text !== null) this.panel.stream(id, text, false);
        return;
      }
      case "message_done": {
        const id = str(p.streamId);
        this.streams.done(id, str(p.text));
        this.panel.stream(id, str(p.text), true);
        return;
      }
      case "message":
        if (str(p.text)) this.panel.addMessage("agent", str(p.text), { error: p.isError === true });
        return;
      case "action_plan":
        if (this.stopped) return; // stopped: the server ends this task
        return this.onPlan(p);
      case "ui_block":
        if (isShownBlock(str(p.block_type))) {
          this.panel.addBlock(str(p.block_type), (p.data as Payload) ?? {}, str(p.message) || undefined);
        }
        return;
      case "confirmation_required":
        if (this.stopped) return;
        this.panel.dodge(null); // the visitor must see the question
        this.panel.showConfirm(str(p.message), str(p.confirm_label), str(p.cancel_label));
        return;
      case "task_complete":
        this.taskOpen = false;
        this.panel.setWorking(null, this.running);
        if (this.stopped) return; // the end of the stopped task: its note is shown
        if (str(p.message)) this.panel.addMessage("agent", str(p.message));
        else if (str(p.summary)) this.panel.addMessage("agent", str(p.summary));
        return;
      case "error":
        if (p.code === "replaced") {
          this.replaced = true;
          this.panel.addNote(this.strings.otherTab);
          this.panel.setStatus("replaced");
        } else if (CALM_CODES.has(str(p.code))) {
          this.panel.setWorking(null, this.running);
          this.panel.addNote(str(p.message) || this.strings.waitRetry);
        } else {
          this.panel.addMessage("agent", str(p.message) || this.strings.failed, { error: true });
        }
        return;
    }
  }

  private onJoined(p: Payload): void {
    this.panel.clearMessages();
    this.panel.hideConfirm(); // re-sent by the server if still pending
    const history = Array.isArray(p.history) ? p.history as Payload[] : [];
    showHistory(this.panel, history);
    for (const [id, text] of this.streams.open()) this.panel.stream(id, text, false);
    if (!history.length) this.panel.welcome();
    const task = p.activeTask as Payload | undefined;
    const open = !!task && typeof task === "object";
    // Stopped on an earlier page (the click that navigated ran as Stop was pressed): the
    // server may not have heard it, so say it again rather than go on.
    if (open && this.stopped) this.transport.emitSoon("cancel_task", {});
    this.taskOpen = open && !this.stopped;
    this.panel.setWorking(null, this.taskOpen || this.running);
    if (this.taskOpen) this.panel.open(); // a task goes on across pages: show it
    const firstJoin = !this.joinedOnce;
    this.joinedOnce = true;
    if (this.taskOpen && task!.state === "awaiting_context") {
      // The page changed mid-task (a click navigated): go on from here.
      this.enqueue(async () => {
        await waitForSettle({ ignore: this.panel.host, quietMs: 200, timeoutMs: 2000 });
        if (this.taskOpen) this.continueTask();
      });
    } else if (firstJoin) {
      whenIdle(() => this.pushContext(true));
    }
  }

  private onPlan(p: Payload): void {
    this.taskOpen = true;
    const actions = Array.isArray(p.actions) ? p.actions as PlanAction[] : [];
    const made = str(p.contextId);
    if (made && !isOwnContext(made)) {
      // Made on another tab's page (or an earlier load of this one): its element ids name
      // other elements. Refuse it, and give the server this page to plan on instead.
      this.enqueue(async () => {
        refusePlan(actions, this.executorDeps(false));
        if (this.taskOpen) this.continueTask();
      });
      return;
    }
    if (str(p.message)) this.panel.addMessage("agent", str(p.message));
    const confirmed = p.confirmed === true; // approved by the visitor at the gate
    this.enqueue(() => this.execute(actions, confirmed));
  }

  /** "Continue here" in a tab that another tab replaced. */
  private takeOver(): void {
    this.replaced = false;
    this.panel.addNote(this.strings.continuingHere);
    this.transport.takeOver();
  }

  private executorDeps(confirmed: boolean): Parameters<typeof runPlan>[1] {
    const host = this.panel.host;
    const generation = this.generation;
    const transport = this.transport;
    return {
      ledger: this.ledger,
      send: (event, payload) => transport.emitSoon(event, payload),
      tools: this.tools,
      stopped: () => this.stopped || generation !== this.generation,
      hooks: {
        onTarget: (el, description) => {
          this.panel.setWorking(description, true);
          this.panel.highlight(el);
          this.panel.dodge(el);
        },
        settle: () => waitForSettle({ ignore: host }),
        afterStep: () => waitForSettle({ ignore: host, quietMs: 120, timeoutMs: 2500 }),
        widgetHost: host,
        confirmed,
      },
      onExecuted: (info) => this.events.emit("action_executed", info),
    };
  }

  private enqueue(job: () => Promise<void>): void {
    this.queue = this.queue.then(job).catch((e) => console.warn("[LeFlux]", e));
  }

  private async execute(actions: PlanAction[], confirmed: boolean): Promise<void> {
    if (this.stopped) return;
    const generation = this.generation;
    this.running = true;
    this.panel.setWorking(null, true);
    try {
      // A tool call runs under the server's limits (its timeout, its result's size).
      if (this.tools.size) await this.loadConfig();
      await runPlan(actions, this.executorDeps(confirmed));
    } finally {
      this.running = false;
      this.panel.setWorking(null, this.taskOpen && !this.stopped);
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      if (isLeaving() && (await leftOrStayed()) === "gone") return; // the next page goes on
      const settled = await waitForSettle({ ignore: this.panel.host });
      if (!this.taskOpen || this.stopped || generation !== this.generation) return;
      if (settled !== "navigating") {
        this.continueTask();
        return;
      }
    }
  }

  private continueTask(): void {
    // Limits unknown (the config did not load): ask after every step.
    const cap = this.limits?.roundTrips ?? 1;
    if (this.loop.count >= cap) {
      this.panel.setWorking(null, false);
      this.panel.addChoices(cap === 1 ? this.strings.keepGoingAskOne : fill(this.strings.keepGoingAsk, cap),
        [{ label: this.strings.keepGoing, value: KEEP_GOING }]);
      return;
    }
    this.loop.count = this.loop.count + 1;
    const context = this.context();
    this.lastSignature = signature(context);
    this.transport.emitSoon("continue_task", { context });
  }

  // ------------------------------------------------------------------ update_context

  private pushContext(force: boolean): void {
    if (!this.transport.connected || this.running) return;
    const context = this.context();
    const sig = signature(context);
    if (!force && sig === this.lastSignature) return;
    this.lastSignature = sig;
    this.transport.emit("update_context", { context });
  }
}

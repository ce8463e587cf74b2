// LeFlux load generator: socket.io-client v4 from one core (it costs far less per event
// than python-socketio's AsyncClient, so the server, not the generator, is measured).
// Every loop is bounded in count and time. Prints progress lines on stderr and one JSON
// result object as the last line on stdout.
//
//   node loadgen.mjs idle   --url U --origin O --n 1000 --rate 500 [--hold 600]
//   node loadgen.mjs join   --url U --origin O --rate 100 --seconds 10
//   node loadgen.mjs rtt    --url U --origin O --sessions 100 --size 2048 --n 2000
//   node loadgen.mjs action --url U --origin O --sessions 100 --n 1000
//   node loadgen.mjs stream --url U --origin O --sessions 1000 --text "..." [--seconds 60]

import { randomUUID } from "node:crypto";
import { io } from "socket.io-client";

const args = parseArgs(process.argv.slice(2));
const scenario = args._[0];
// --url may list several servers (comma-separated): session i connects to the i-th one
// (round-robin) and its visitor's words are posted to the same server.
const URLS = String(args.url).split(",");
const URL_ = URLS[0];
const ORIGIN = args.origin;
const DEADLINE = Date.now() + 1000 * Number(args.timeout ?? 900);

function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) out[argv[i].slice(2)] = argv[i + 1], i++;
    else out._.push(argv[i]);
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
// The clock token stamps are written on by the other processes (bench/paced_openai.mjs,
// bench/paced.py): ms on the machine's monotonic clock (CLOCK_MONOTONIC), shared by every
// process here and finer than Date.now()'s whole ms.
const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
const log = (...a) => process.stderr.write(a.join(" ") + "\n");

function stats(samples) {
  if (!samples.length) return { n: 0 };
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const round = (x) => Math.round(x * 1000) / 1000;
  return {
    n: s.length, p50: round(q(0.5)), p90: round(q(0.9)), p99: round(q(0.99)),
    max: round(s[s.length - 1]), mean: round(s.reduce((a, b) => a + b, 0) / s.length),
  };
}

function connect(sessionId, { viaQuery = true, url = URL_ } = {}) {
  return io(url, {
    transports: ["websocket"],
    query: viaQuery ? { sessionId } : {},
    extraHeaders: { Origin: ORIGIN },
    reconnection: false,
    forceNew: true,
    timeout: 20000,
  });
}

// Connect one session and resolve with {socket, joinMs} on session_joined.
function openSession({ viaQuery = true, url = URL_ } = {}) {
  const sessionId = randomUUID();
  const socket = connect(sessionId, { viaQuery, url });
  const t0 = now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ socket, sessionId, error: "timeout" }), 20000);
    let tJoin = t0;
    socket.on("connect", () => {
      if (!viaQuery) {
        tJoin = now();
        socket.emit("join_session", { sessionId });
      }
    });
    socket.on("session_joined", () => {
      clearTimeout(timer);
      resolve({ socket, sessionId, url, joinMs: now() - tJoin, connectJoinMs: now() - t0 });
    });
    socket.on("connect_error", (e) => {
      clearTimeout(timer);
      resolve({ socket, sessionId, error: String(e.message || e) });
    });
    socket.on("error", (e) => {
      if (e && e.code === "rate_limited") log("rate_limited", JSON.stringify(e));
    });
  });
}

async function openMany(n, rate, viaQuery = true) {
  const sessions = [];
  const joinMs = [];
  let errors = 0;
  const pending = [];
  const interval = 1000 / rate;
  const start = now();
  for (let i = 0; i < n && Date.now() < DEADLINE; i++) {
    const due = start + i * interval;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    pending.push(
      openSession({ viaQuery, url: URLS[i % URLS.length] }).then((r) => {
        if (r.error) errors++, r.socket.close();
        else sessions.push(r), joinMs.push(viaQuery ? r.connectJoinMs : r.joinMs);
      }),
    );
    if (i % 1000 === 999) log(`opened ${i + 1}/${n}`);
  }
  await Promise.all(pending);
  return { sessions, joinMs, errors, seconds: (now() - start) / 1000 };
}

function post(sessionId, text, context, url = URL_) {
  return fetch(`${url}/api/sessions/${sessionId}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify(context ? { text, context } : { text }),
  });
}

function makeContext(bytes) {
  const elements = [];
  let size = 200;
  for (let id = 1; size < bytes; id++) {
    const el = { id, tag: "button", role: "button", text: `Button number ${id} of the page` };
    elements.push(el);
    size += JSON.stringify(el).length + 1;
  }
  return {
    url: "http://bench.test/page", title: "Bench page",
    indexedElements: elements, visibleText: "A page for the benchmark.",
  };
}

async function main() {
  if (scenario === "idle") {
    const n = Number(args.n ?? 1000);
    const r = await openMany(n, Number(args.rate ?? 500));
    log(`READY ${r.sessions.length}`);
    process.stdout.write(JSON.stringify({ ready: true, connected: r.sessions.length }) + "\n");
    // Hold until the orchestrator closes our stdin (it measures the server meanwhile).
    const holdUntil = Date.now() + 1000 * Number(args.hold ?? 600);
    await new Promise((resolve) => {
      process.stdin.on("end", resolve).on("close", resolve).resume();
      setTimeout(resolve, holdUntil - Date.now());
    });
    const alive = r.sessions.filter((s) => s.socket.connected).length;
    for (const s of r.sessions) s.socket.close();
    return { scenario, n, connected: r.sessions.length, alive, errors: r.errors,
             open_seconds: r.seconds, join_ms: stats(r.joinMs) };
  }

  if (scenario === "join") {
    const rate = Number(args.rate ?? 100);
    const n = Math.round(rate * Number(args.seconds ?? 10));
    const r = await openMany(n, rate, false);
    for (const s of r.sessions) s.socket.close();
    return { scenario, rate, n, joined: r.sessions.length, errors: r.errors,
             achieved_rate: r.sessions.length / r.seconds, join_ms: stats(r.joinMs) };
  }

  if (scenario === "rtt") {
    // 100 active sessions; `--concurrency` requests in flight at once, spread over them
    // round-robin. concurrency 1 measures the server's round trip; 100 its throughput.
    const sessionsN = Number(args.sessions ?? 100);
    const total = Number(args.n ?? 2000);
    const size = Number(args.size ?? 2048);
    const concurrency = Number(args.concurrency ?? 1);
    const { sessions } = await openMany(sessionsN, 500);
    const context = makeContext(size);
    const payloadBytes = JSON.stringify(context).length;
    const samples = [];
    let errors = 0, next = 0;
    const t0 = now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < total && Date.now() < DEADLINE) {
        const { socket, sessionId } = sessions[next++ % sessions.length];
        const t = now();
        const ack = await socket.timeout(30000).emitWithAck("update_context", { sessionId, context })
          .catch((e) => ({ error: String(e) }));
        if (ack && ack.error) errors++;
        else samples.push(now() - t);
      }
    }));
    const seconds = (now() - t0) / 1000;
    for (const s of sessions) s.socket.close();
    return { scenario, sessions: sessions.length, concurrency, payload_bytes: payloadBytes,
             errors, per_s: samples.length / seconds, rtt_ms: stats(samples) };
  }

  if (scenario === "action") {
    // A real turn per sample: the visitor asks, the rules planner sends a plan, the
    // embed reports the result; we time action_complete -> server acknowledged.
    const sessionsN = Number(args.sessions ?? 100);
    const total = Number(args.n ?? 1000);
    const { sessions } = await openMany(sessionsN, 500);
    const context = {
      url: "http://bench.test/form", title: "Form",
      indexedElements: [
        { id: 1, tag: "input", type: "text", label: "Coupon code", name: "coupon" },
        { id: 2, tag: "button", type: "submit", text: "Apply coupon" },
      ],
      visibleText: "Enter your coupon code.",
    };
    const samples = [];
    const planMs = [];  // the visitor's words posted -> their first action_plan
    let errors = 0, plans = 0;
    const perSession = Math.ceil(total / sessions.length);
    await Promise.all(sessions.map(async ({ socket, sessionId }) => {
      for (let i = 0; i < perSession && Date.now() < DEADLINE; i++) {
        const plan = new Promise((resolve) => {
          const t = setTimeout(() => resolve(null), 15000);
          socket.once("action_plan", (p) => { clearTimeout(t); resolve(p); });
        });
        const tPost = now();
        const res = await post(sessionId, "click the apply coupon button", context);
        if (res.status !== 202) { errors++; await sleep(100); continue; }
        const p = await plan;
        if (!p) { errors++; continue; }
        planMs.push(now() - tPost);
        plans++;
        const a = p.actions[0];
        const t0 = now();
        const ack = await socket.timeout(30000).emitWithAck("action_complete", {
          sessionId, actionId: a.id,
          result: { success: true, elementId: a.elementId, description: "clicked" },
        }).catch((e) => ({ error: String(e) }));
        if (ack && ack.error) errors++;
        else samples.push(now() - t0);
      }
    }));
    for (const s of sessions) s.socket.close();
    return { scenario, sessions: sessions.length, plans, errors, ack_ms: stats(samples),
             plan_ms: stats(planMs) };
  }

  if (scenario === "stream") {
    // Each session asks once; the planner behind the server streams tokens that carry
    // their send time ("<t:monotonic_ms>"); we measure token -> client delay.
    const sessionsN = Number(args.sessions ?? 1000);
    const { sessions } = await openMany(sessionsN, Number(args.rate ?? 500));
    const delays = [];
    const bySecond = new Map();  // second of the token's stamp (from the first) -> delays
    let firstStamp = null;
    let chunks = 0, tokens = 0, done = 0, errors = 0;
    const t0 = now();
    await Promise.all(sessions.map(({ socket, sessionId, url }) => new Promise((resolve) => {
      const timer = setTimeout(resolve, 1000 * Number(args.seconds ?? 60));
      socket.on("message_chunk", (c) => {
        chunks++;
        const wall = monotonicMs();
        for (const m of c.delta.matchAll(/<t:(\d+(?:\.\d+)?)>/g)) {
          tokens++;
          const stamp = Number(m[1]);
          delays.push(wall - stamp);
          if (firstStamp === null) firstStamp = stamp;
          const sec = Math.max(0, Math.floor((stamp - firstStamp) / 1000));
          if (!bySecond.has(sec)) bySecond.set(sec, []);
          bySecond.get(sec).push(wall - stamp);
        }
      });
      socket.on("message_done", () => { done++; clearTimeout(timer); resolve(); });
      socket.on("error", () => { errors++; });
      post(sessionId, args.text ?? "tell me a story", null, url).then((r) => {
        if (r.status !== 202) errors++, clearTimeout(timer), resolve();
      });
    })));
    const seconds = (now() - t0) / 1000;
    for (const s of sessions) s.socket.close();
    return { scenario, sessions: sessions.length, done, errors, chunks, tokens, seconds,
             chunks_per_s: chunks / seconds, tokens_per_s: tokens / seconds,
             token_delay_ms: stats(delays),
             // Where the slow tokens are: the burst of turns starting, or steady streaming.
             token_delay_by_second: [...bySecond.keys()].sort((a, b) => a - b).map(
               (sec) => ({ second: sec, ...stats(bySecond.get(sec)) })) };
  }

  throw new Error(`unknown scenario ${scenario}`);
}

main().then(
  (result) => { process.stdout.write(JSON.stringify(result) + "\n"); process.exit(0); },
  (err) => { log(String(err && err.stack || err)); process.exit(1); },
);

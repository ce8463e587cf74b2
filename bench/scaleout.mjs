// Scale-out load for `python -m bench --only scaleout`: sessions spread over several
// server processes (round-robin, as a load balancer without sticky sessions would),
// then probes of what crosses processes. Bounded in count and time; progress on
// stderr, one JSON result as the last line on stdout.
//
//   node scaleout.mjs --urls http://A,http://B --origin O --n 2000 --rate 1000
//                     [--probes 4] [--samples 600]
//
// join:   connect+join per session (sessions/s achieved, latency p50/p99)
// rtt:    update_context with an ack, 1 KB context (a turn: Redis lock + store write)
// relay:  POST a visitor message to urls[0] | urls[last] while the socket is on
//         urls[last]; time until its action_plan arrives (cross-process vs local)

import { randomUUID } from "node:crypto";
import { io } from "socket.io-client";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].slice(2)] = process.argv[i + 1];
const URLS = args.urls.split(",");
const ORIGIN = args.origin;
const DEADLINE = Date.now() + 1000 * Number(args.timeout ?? 600);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const log = (...a) => process.stderr.write(a.join(" ") + "\n");

function stats(samples) {
  if (!samples.length) return { n: 0 };
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const r = (x) => Math.round(x * 1000) / 1000;
  return { n: s.length, p50: r(q(0.5)), p90: r(q(0.9)), p99: r(q(0.99)), max: r(s[s.length - 1]) };
}

function open(url) {
  const sessionId = randomUUID();
  const socket = io(url, {
    transports: ["websocket"], query: { sessionId }, extraHeaders: { Origin: ORIGIN },
    reconnection: false, forceNew: true, timeout: 20000,
  });
  const t0 = now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ socket, error: "timeout" }), 20000);
    socket.on("session_joined", () => {
      clearTimeout(timer);
      resolve({ socket, sessionId, url, ms: now() - t0 });
    });
    socket.on("connect_error", (e) => {
      clearTimeout(timer);
      resolve({ socket, error: String(e.message || e) });
    });
  });
}

const CONTEXT = {
  url: "http://bench.test/form", title: "Form",
  indexedElements: [
    { id: 1, tag: "input", type: "text", label: "Coupon code", name: "coupon" },
    { id: 2, tag: "button", type: "submit", text: "Apply coupon" },
  ],
  visibleText: "Enter your coupon code. " + "x".repeat(700),
};

async function main() {
  const n = Number(args.n ?? 2000);
  const rate = Number(args.rate ?? 1000);
  const sessions = [];
  const joinMs = [];
  let errors = 0;
  const pending = [];
  const t0 = now();
  for (let i = 0; i < n && Date.now() < DEADLINE; i++) {
    const wait = t0 + (i * 1000) / rate - now();
    if (wait > 1) await sleep(wait);
    pending.push(open(URLS[i % URLS.length]).then((r) => {
      if (r.error) { errors++; r.socket.close(); } else { sessions.push(r); joinMs.push(r.ms); }
    }));
    if (i % 500 === 499) log(`opened ${i + 1}/${n}`);
  }
  await Promise.all(pending);
  const joinSeconds = (now() - t0) / 1000;
  log(`joined ${sessions.length}/${n} in ${joinSeconds.toFixed(1)} s`);

  // Probes run while every session stays connected, a few at a time: they measure
  // latency, not throughput (100 at once would measure queueing).
  const last = URLS[URLS.length - 1];
  const probes = sessions.filter((s) => s.url === last).slice(0, Number(args.probes ?? 4));
  const samples = Number(args.samples ?? 600);
  const perProbe = Math.max(1, Math.ceil(samples / probes.length));

  const rtt = [];
  let rttErrors = 0;
  await Promise.all(probes.map(async ({ socket, sessionId }) => {
    for (let i = 0; i < perProbe && Date.now() < DEADLINE; i++) {
      const t = now();
      const ack = await socket.timeout(30000).emitWithAck("update_context", { sessionId, context: CONTEXT })
        .catch((e) => ({ error: String(e) }));
      if (ack && ack.error) rttErrors++; else rtt.push(now() - t);
    }
  }));

  const relay = { local: [], cross: [] };
  let relayErrors = 0;
  await Promise.all(probes.map(async ({ socket, sessionId }, k) => {
    for (let i = 0; i < perProbe && Date.now() < DEADLINE; i++) {
      // Alternate which process gets the words, so both kinds see the same load.
      const kind = (i + k) % 2 === 0 || URLS.length === 1 ? "local" : "cross";
      const target = kind === "local" ? last : URLS[0];
      const plan = new Promise((resolve) => {
        const tm = setTimeout(() => resolve(null), 15000);
        socket.once("action_plan", (p) => { clearTimeout(tm); resolve(p); });
      });
      const t = now();
      const res = await fetch(`${target}/api/sessions/${sessionId}/messages`, {
        method: "POST", headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ text: "click the apply coupon button", context: CONTEXT }),
      }).catch(() => null);
      if (!res || res.status !== 202) { relayErrors++; await sleep(50); continue; }
      const p = await plan;
      if (!p) { relayErrors++; continue; }
      relay[kind].push(now() - t);
    }
  }));

  const alive = sessions.filter((s) => s.socket.connected).length;
  for (const s of sessions) s.socket.close();
  return {
    processes: URLS.length, n, joined: sessions.length, errors, alive,
    join_seconds: joinSeconds, joined_per_s: sessions.length / joinSeconds,
    join_ms: stats(joinMs), rtt_ms: stats(rtt), rtt_errors: rttErrors,
    relay_local_ms: stats(relay.local), relay_cross_ms: stats(relay.cross),
    relay_errors: relayErrors,
  };
}

main().then(
  (r) => { process.stdout.write(JSON.stringify(r) + "\n"); process.exit(0); },
  (e) => { log(String((e && e.stack) || e)); process.exit(1); },
);

// A lean OpenAI-compatible chat-completions server for the streaming benches: every
// request gets a streamed text reply of N tokens at R tokens/s, each token stamped with
// the time it is written ("<t:monotonic_ms> "), in the real SSE wire format the openai SDK
// parses (HTTP/1.1, chunked, `data: {...}\n\n` events, `data: [DONE]`).
//
// Node, one timer for all replies: at 1,000 replies x 50 tokens/s the fake itself writes
// 50,000 events a second, and must not be what the bench measures (an aiohttp fake with a
// sleep per token took most of a core there). Runs in its own process, pinned apart from
// the server under test.
//
//   node paced_openai.mjs --port 0 --tokens 500 --rate 50 [--seconds 1200]
//   (prints "READY <port>" on stdout once listening; exits when stdin closes)

import http from "node:http";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].slice(2)] = process.argv[i + 1];
const TOKENS = Number(args.tokens ?? 500);
const RATE = Number(args.rate ?? 50);
const TICK_MS = 1;  // the pacing timer's period; each token's stamp is taken as it is written
// Stamps are ms on the machine's monotonic clock (CLOCK_MONOTONIC, one clock for every
// process here; Node's Date.now() read 0.7-1 ms behind Python's time.time() when measured).
// The load generator reads arrival times on the same clock.
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

let served = 0;
const live = new Set();  // replies still writing: {res, cid, start, sent}

function event(cid, delta, finish = null) {
  const body = { id: cid, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000),
                 model: "bench", choices: [{ index: 0, delta, finish_reason: finish }] };
  return `data: ${JSON.stringify(body)}\n\n`;
}

// event(cid, {content: text}) as head + text + TAIL (the token texts need no escaping).
const tokenHead = (cid) => event(cid, { content: "\u0000" }).split('"\\u0000"')[0] + '"';
const TAIL = '"' + event("x", { content: "\u0000" }).split('"\\u0000"')[1];

let timer = null;
function tick() {
  const t = nowMs();
  for (const r of live) {
    // Every token due by now (a late tick writes the ones it owes in one go).
    const due = RATE > 0 ? Math.min(TOKENS, Math.floor((t - r.start) * RATE / 1000) + 1) : TOKENS;
    if (due > r.sent) {
      let out = "";
      // The event's JSON around the token text is the same for every token of a reply.
      for (; r.sent < due; r.sent++) out += r.head + `<t:${nowMs().toFixed(3)}> ` + TAIL;
      if (r.sent >= TOKENS) {
        out += event(r.cid, {}, "stop") + "data: [DONE]\n\n";
        live.delete(r);
        r.res.end(out);
      } else {
        r.res.write(out);
      }
    }
  }
  if (live.size === 0) { clearInterval(timer); timer = null; }
}

const server = http.createServer({ noDelay: true, keepAliveTimeout: 65_000 }, (req, res) => {
  if (req.method !== "POST" || !req.url.endsWith("/chat/completions")) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
    return;
  }
  req.resume();
  req.on("end", () => {
    served++;
    const cid = `chatcmpl-bench-${served}`;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write(event(cid, { role: "assistant", content: "" }));
    const r = { res, cid, start: nowMs(), sent: 0, head: tokenHead(cid) };
    res.on("close", () => live.delete(r));
    live.add(r);
    if (timer === null) timer = setInterval(tick, TICK_MS);
  });
});
server.maxRequestsPerSocket = 0;
server.listen(Number(args.port ?? 0), "127.0.0.1", 4096, () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});

// Bounded: ends when the bench closes stdin, or after --seconds.
const stop = () => { server.closeAllConnections?.(); server.close(); process.exit(0); };
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
setTimeout(stop, 1000 * Number(args.seconds ?? 900)).unref();

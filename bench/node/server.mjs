// The protocol subset LeFlux's side-by-side bench measures, built the way a Node
// developer would build it: socket.io 4, better-sqlite3, fetch for the model's stream.
//
//   node server.mjs --port 8100 --db /tmp/x.db --origins http://bench.test \
//                   --llm-base http://127.0.0.1:9000/v1 --model bench
//
// What it does (the same wire shapes as LeFlux, docs/protocol.md):
// * Socket.IO at /socket.io/, WebSocket only, Origin checked at the handshake.
// * Join by `sessionId` query or `join_session {sessionId}`: the session row is created
//   or read, the socket becomes its holder (an older socket gets `error {code:
//   "replaced"}` and is dropped), `session_joined {sessionId, restored, history}`, then a
//   reply still streaming is replayed (same streamId, same chunkIndex values).
// * `update_context {sessionId, context}`: checked, stored on the session, acked.
// * `POST /api/sessions/:id/messages {text, context?}` -> 202 {messageId}; the words are
//   stored first, then one turn per session at a time asks the model (OpenAI
//   chat-completions, `stream: true`, read with fetch) and relays its text as
//   `message_chunk`s (one per network read), stores the reply's progress every 200 ms
//   (all live replies in one transaction) and the whole reply before `message_done`.
// * GET /healthz.
import http from "node:http";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { Server } from "socket.io";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].slice(2)] = process.argv[i + 1];
const PORT = Number(args.port ?? 8100);
const ORIGINS = new Set((args.origins ?? "").split(",").filter(Boolean));
const LLM_BASE = (args["llm-base"] ?? "").replace(/\/$/, "");
const MODEL = args.model ?? "bench";
const API_KEY = process.env.OPENAI_API_KEY ?? "";
const MAX_PAYLOAD = 1_048_576;
const MAX_TEXT = 4_000;
const MAX_ELEMENTS = 5_000;
const HISTORY_TURNS = 20;
const FLUSH_MS = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------- store

const db = new Database(args.db ?? ":memory:");
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec(`
  CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, site TEXT NOT NULL, holder TEXT, context TEXT,
    created_at REAL NOT NULL);
  CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id), role TEXT NOT NULL,
    text TEXT NOT NULL, created_at REAL NOT NULL, stream_id TEXT, done INTEGER NOT NULL DEFAULT 1);
  CREATE INDEX IF NOT EXISTS messages_session ON messages(session_id, created_at);
`);
const q = {
  session: db.prepare("SELECT site, holder, context FROM sessions WHERE id = ?"),
  addSession: db.prepare("INSERT INTO sessions (id, site, created_at) VALUES (?, ?, ?)"),
  setHolder: db.prepare("UPDATE sessions SET holder = ? WHERE id = ?"),
  setContext: db.prepare("UPDATE sessions SET context = ? WHERE id = ?"),
  history: db.prepare(
    "SELECT id, role, text, created_at FROM messages WHERE session_id = ? ORDER BY created_at, rowid"),
  recent: db.prepare(
    `SELECT role, text FROM (SELECT role, text, created_at, rowid r FROM messages
     WHERE session_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?) ORDER BY created_at, r`),
  addMessage: db.prepare(
    "INSERT INTO messages (id, session_id, role, text, created_at, stream_id, done) VALUES (?, ?, ?, ?, ?, ?, ?)"),
  saveStream: db.prepare("UPDATE messages SET text = ?, done = ? WHERE id = ?"),
};

// Create the session if new; make `sid` its holder. Returns {restored, prevHolder, history}.
const joinTx = db.transaction((sessionId, site, sid) => {
  const row = q.session.get(sessionId);
  if (row && row.site !== site) return { forbidden: true };
  if (!row) q.addSession.run(sessionId, site, Date.now() / 1000);
  if (!row || row.holder !== sid) q.setHolder.run(sid, sessionId);
  const history = row ? q.history.all(sessionId) : [];
  return { restored: !!row, prevHolder: row?.holder ?? null, history };
});

const ensureSession = db.transaction((sessionId, site) => {
  const row = q.session.get(sessionId);
  if (row) return row.site === site;
  q.addSession.run(sessionId, site, Date.now() / 1000);
  return true;
});

const toHistory = (m) => ({ id: m.id, role: m.role, text: m.text, createdAt: m.created_at });

// ---------------------------------------------------------------- live replies

const live = new Map(); // sessionId -> {streamId, chunks, done}
const dirty = new Set();
const saveMany = db.transaction((streams) => {
  for (const s of streams) q.saveStream.run(s.chunks.join(""), 0, s.streamId);
});
setInterval(() => {
  if (!dirty.size) return;
  const batch = [...dirty].filter((s) => !s.done);
  dirty.clear();
  if (batch.length) saveMany(batch);
}, FLUSH_MS).unref();

// ---------------------------------------------------------------- HTTP

const allowed = (origin) => !!origin && ORIGINS.has(origin);

function send(res, status, body, origin) {
  const headers = { "content-type": "application/json" };
  if (allowed(origin)) headers["access-control-allow-origin"] = origin, headers.vary = "Origin";
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}
const fail = (res, status, code, message, origin) => send(res, status, { error: { code, message } }, origin);

const httpServer = http.createServer((req, res) => {
  const origin = req.headers.origin;
  if (req.url === "/healthz") return send(res, 200, { status: "ok" });
  const m = /^\/api\/sessions\/([^/]+)\/messages$/.exec(req.url);
  if (!m) return fail(res, 404, "invalid_session", "There is nothing here.", origin);
  if (req.method === "OPTIONS" && allowed(origin)) {
    res.writeHead(204, { "access-control-allow-origin": origin, "access-control-allow-methods": "POST",
      "access-control-allow-headers": "content-type", vary: "Origin" });
    return res.end();
  }
  if (req.method !== "POST") return fail(res, 405, "invalid_payload", "That method is not allowed here.", origin);
  if (!allowed(origin)) return fail(res, 403, "forbidden", "This website is not allowed here.", origin);
  const sessionId = m[1];
  if (!UUID.test(sessionId)) return fail(res, 400, "invalid_session", "That is not a session id.", origin);
  const parts = [];
  let size = 0;
  req.on("data", (c) => {
    size += c.length;
    if (size > MAX_PAYLOAD) fail(res, 413, "payload_too_large", "That message is too large.", origin), req.destroy();
    else parts.push(c);
  });
  req.on("end", () => {
    if (res.headersSent) return;
    let body;
    try { body = JSON.parse(Buffer.concat(parts).toString()); } catch {
      return fail(res, 400, "invalid_payload", "That message could not be read (invalid JSON).", origin);
    }
    const text = body?.text;
    if (typeof text !== "string" || !text.trim()) return fail(res, 400, "invalid_payload", "The message is empty.", origin);
    if (text.length > MAX_TEXT) return fail(res, 413, "payload_too_large", "That message is too long.", origin);
    if (body.context !== undefined && checkContext(body.context)) {
      return fail(res, 400, "invalid_payload", checkContext(body.context), origin);
    }
    const site = origin;
    if (!ensureSession(sessionId, site)) return fail(res, 403, "forbidden", "This session belongs to another site.", origin);
    const messageId = randomUUID();
    const ctx = body.context === undefined ? null : JSON.stringify(body.context);
    db.transaction(() => {
      q.addMessage.run(messageId, sessionId, "visitor", text, Date.now() / 1000, null, 1);
      if (ctx !== null) q.setContext.run(ctx, sessionId);
    })();
    send(res, 202, { messageId }, origin);
    enqueueTurn(sessionId);
  });
});

// ---------------------------------------------------------------- turns

const turns = new Map(); // sessionId -> promise of the turn in progress
function enqueueTurn(sessionId) {
  const prev = turns.get(sessionId) ?? Promise.resolve();
  const next = prev.then(() => answer(sessionId)).catch((e) => {
    console.error("turn failed:", String(e?.cause ?? e));
    io.to(sessionId).emit("error", { message: "The assistant could not answer.", code: "planner_error" });
  });
  turns.set(sessionId, next);
  next.finally(() => { if (turns.get(sessionId) === next) turns.delete(sessionId); });
}

function prompt(sessionId) {
  const row = q.session.get(sessionId);
  const messages = [{ role: "system", content: "You are an assistant embedded in a website. Help the visitor." }];
  if (row?.context) {
    const c = JSON.parse(row.context);
    const lines = (c.indexedElements ?? []).slice(0, 500).map((e) =>
      `[${e.id}] ${e.tag}${e.role ? ` role=${e.role}` : ""} ${e.text ?? e.label ?? e.placeholder ?? ""}`);
    messages.push({ role: "system", content: `Page: ${c.title} ${c.url}\n${lines.join("\n")}\n${c.visibleText ?? ""}` });
  }
  for (const m of q.recent.all(sessionId, HISTORY_TURNS)) {
    messages.push({ role: m.role === "visitor" ? "user" : "assistant", content: m.text });
  }
  return messages;
}

async function answer(sessionId) {
  const streamId = `stream-${randomUUID()}`;
  const stream = { streamId, chunks: [], done: false };
  q.addMessage.run(streamId, sessionId, "agent", "", Date.now() / 1000, streamId, 0);
  live.set(sessionId, stream);
  try {
    const res = await fetch(`${LLM_BASE}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ model: MODEL, messages: prompt(sessionId), stream: true }),
    });
    if (!res.ok) throw new Error(`model answered ${res.status}`);
    const decoder = new TextDecoder();
    let buf = "";
    for await (const bytes of res.body) {
      buf += decoder.decode(bytes, { stream: true });
      let delta = "";
      let end;
      while ((end = buf.indexOf("\n\n")) >= 0) {
        const event = buf.slice(0, end);
        buf = buf.slice(end + 2);
        for (const line of event.split("\n")) {
          if (!line.startsWith("data:")) continue;
          const data = line.slice(line[5] === " " ? 6 : 5);
          if (data === "[DONE]") continue;
          const content = JSON.parse(data).choices?.[0]?.delta?.content;
          if (content) delta += content;
        }
      }
      if (delta) {
        io.to(sessionId).emit("message_chunk", { delta, streamId, chunkIndex: stream.chunks.length });
        stream.chunks.push(delta);
        dirty.add(stream);
      }
    }
  } finally {
    stream.done = true;
    dirty.delete(stream);
    live.delete(sessionId);
    const text = stream.chunks.join("");
    q.saveStream.run(text, 1, streamId);
    io.to(sessionId).emit("message_done", { text, streamId });
  }
}

// ---------------------------------------------------------------- socket

function checkContext(c) {
  if (c === null || typeof c !== "object" || Array.isArray(c)) return "context must be an object.";
  if (typeof c.url !== "string" || typeof c.title !== "string") return "context needs url and title.";
  if (!Array.isArray(c.indexedElements)) return "context.indexedElements must be a list.";
  for (const e of c.indexedElements) {
    if (e === null || typeof e !== "object" || !Number.isInteger(e.id) || typeof e.tag !== "string") {
      return "each indexed element needs an integer id and a tag.";
    }
  }
  if (c.visibleText !== undefined && typeof c.visibleText !== "string") return "context.visibleText must be text.";
  return null;
}

const io = new Server(httpServer, {
  transports: ["websocket"],
  pingInterval: 25000,
  pingTimeout: 20000,
  maxHttpBufferSize: MAX_PAYLOAD,
  perMessageDeflate: false,
  cors: { origin: [...ORIGINS] },
  allowRequest: (req, cb) => cb(null, allowed(req.headers.origin)),
});

const holders = new Map(); // sessionId -> socket

function join(socket, sessionId) {
  const err = (message, code) => socket.emit("error", { message, code });
  if (typeof sessionId !== "string" || !UUID.test(sessionId)) return err("That is not a session id.", "invalid_session");
  const site = socket.handshake.headers.origin;
  const r = joinTx(sessionId, site, socket.id);
  if (r.forbidden) {
    err("This session belongs to another site.", "forbidden");
    return socket.disconnect(true);
  }
  const prev = holders.get(sessionId);
  if (prev && prev !== socket) {
    prev.emit("error", { message: "This chat was opened in another tab or window.", code: "replaced" });
    prev.disconnect(true);
  }
  if (socket.data.sessionId && socket.data.sessionId !== sessionId) socket.leave(socket.data.sessionId);
  holders.set(sessionId, socket);
  socket.data.sessionId = sessionId;
  socket.join(sessionId);
  socket.emit("session_joined", {
    sessionId, restored: r.restored,
    history: r.history.filter((m) => !live.has(sessionId) || m.id !== live.get(sessionId).streamId).map(toHistory),
  });
  const s = live.get(sessionId);
  if (s) s.chunks.forEach((delta, chunkIndex) => socket.emit("message_chunk", { delta, streamId: s.streamId, chunkIndex }));
}

io.on("connection", (socket) => {
  const fromQuery = socket.handshake.query.sessionId;
  if (fromQuery !== undefined) join(socket, fromQuery);
  socket.on("join_session", (p) => join(socket, p?.sessionId));
  socket.on("update_context", (p, ack) => {
    const reply = typeof ack === "function" ? ack : () => {};
    const bad = (message, code) => (socket.emit("error", { message, code }), reply({ error: code }));
    if (p === null || typeof p !== "object") return bad("update_context takes one object.", "invalid_payload");
    if (!socket.data.sessionId || p.sessionId !== socket.data.sessionId) {
      return bad("That is not the session this connection joined.", "invalid_session");
    }
    const problem = checkContext(p.context);
    if (problem) return bad(problem, "invalid_payload");
    const c = p.context.indexedElements.length > MAX_ELEMENTS
      ? { ...p.context, indexedElements: p.context.indexedElements.slice(0, MAX_ELEMENTS) } : p.context;
    q.setContext.run(JSON.stringify(c), socket.data.sessionId);
    reply();
  });
  socket.on("disconnect", () => {
    const id = socket.data.sessionId;
    if (id && holders.get(id) === socket) holders.delete(id);
  });
});

httpServer.listen(PORT, "127.0.0.1");
process.on("SIGTERM", () => { io.close(); db.close(); process.exit(0); });

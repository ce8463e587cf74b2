"""The soak's visitor: a python-socketio client acting as the embed (``bench/soak.py``).

It posts a visitor message, executes every action plan at most once (ids remembered, as
the embed's sessionStorage does), reports results, sends ``continue_task`` with the next
page, answers confirmations, reconnects when the server dies and rejoins; and counts what
went wrong (:class:`Tally`).
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import socketio
from tests.unit.rules.pages import FAQ, SIGNUP

from bench.common import ORIGIN

WELCOME = {"url": "http://bench.test/welcome", "title": "Welcome", "visibleText":
           "Thank you for signing up! Your account is ready.",
           "indexedElements": [{"id": 1, "tag": "a", "text": "Home", "href": "/"}]}
SIGNUP_CTX = SIGNUP.model_dump(mode="json", exclude_none=True) | {
    "url": "http://bench.test/signup"}
FAQ_CTX = FAQ.model_dump(mode="json", exclude_none=True) | {"url": "http://bench.test/faq"}
TURN_TIMEOUT = 30.0


@dataclass
class Tally:
    turns: int = 0
    turns_done: int = 0
    turn_timeouts: int = 0
    timeout_starts: list[float] = field(default_factory=list)
    timeout_states: Counter[str] = field(default_factory=Counter)
    timeout_traces: list[str] = field(default_factory=list)
    post_failures: int = 0
    reconnects: int = 0
    plans: int = 0
    plans_resent_unacked: int = 0  # legit: the server never confirmed the result
    executed_twice: int = 0
    errors: Counter[str] = field(default_factory=Counter)


class Visitor:
    """One embed: a session, its socket, what it has been told and what it did."""

    def __init__(self, url: str, http: httpx.AsyncClient, tally: Tally) -> None:
        self.url = url
        self.http = http
        self.tally = tally
        self.sid = str(uuid.uuid4())
        self.sio = socketio.AsyncClient(reconnection=False)
        self.accepted: list[str] = []  # visitor texts answered 202
        self.streams: dict[str, str] = {}  # streamId -> final text received
        self.said: list[str] = []  # `message` texts received
        self.summaries: list[str] = []  # task_complete messages received
        self.executed: set[str] = set()
        self.acked: dict[str, int] = {}  # action id -> event count when acknowledged
        self.seen = 0  # server events received so far (orders receipt against acks)
        self.connected_once = False
        self.page = SIGNUP_CTX
        self.turn_over = asyncio.Event()
        self.reply_seen = asyncio.Event()
        self.kick = asyncio.Event()  # something to do: a plan, a confirmation
        self.pending: list[tuple[str, Any, int]] = []
        self.joined = asyncio.Event()
        self.trace: list[str] = []  # event names of the current turn (for the report)
        for name in ("session_joined", "message_done", "message", "action_plan",
                     "confirmation_required", "task_complete", "error", "disconnect"):
            self.sio.on(name, self._handler(name))

    def _handler(self, name: str) -> Any:
        async def on(data: Any = None) -> None:
            if name == "session_joined":
                self.joined.set()
                task = data.get("activeTask") or {}
                history = data.get("history") or []
                if not task and history and history[-1]["role"] == "agent":
                    # Restored: nothing is open and the agent spoke last, so the turn
                    # ended while we were away (its task_complete is in the history).
                    self.turn_over.set()
                if task.get("state") == "awaiting_context":
                    # The embed owes a continue_task (its last one may have been lost
                    # with the server): it sends one with the page it is on.
                    self.pending.append(("continue", None, self.seen))
                    self.kick.set()
            elif name == "disconnect":
                self.joined.clear()
            elif name == "message_done":
                self.streams[data["streamId"]] = data["text"]
                self.reply_seen.set()
            elif name == "message":
                self.said.append(data["text"])
                self.turn_over.set()
            elif name == "task_complete":
                self.summaries.append(data["message"])  # the history keeps the message
                self.turn_over.set()
            elif name == "error":
                self.tally.errors[str(data.get("code"))] += 1
                if data.get("code") in ("planner_error", "internal", "limit_reached"):
                    self.turn_over.set()
            else:
                self.pending.append((name, data, self.seen))
                self.kick.set()
            self.seen += 1
            self.trace.append(name)
        return on

    async def connect(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            try:
                if not self.sio.connected:
                    self.joined.clear()
                    await self.sio.connect(f"{self.url}?sessionId={self.sid}",
                                           transports=["websocket"],
                                           headers={"Origin": ORIGIN}, wait_timeout=10)
                await asyncio.wait_for(self.joined.wait(), 10)
                self.connected_once = True
                return True
            except (socketio.exceptions.ConnectionError, TimeoutError, OSError):
                try:
                    await self.sio.disconnect()
                except Exception:
                    pass
                await asyncio.sleep(0.5 + random.random() * 1.5)
        return False

    async def post(self, text: str, context: dict[str, Any]) -> bool:
        try:
            r = await self.http.post(f"/api/sessions/{self.sid}/messages",
                                     json={"text": text, "context": context})
        except httpx.HTTPError:
            self.tally.post_failures += 1  # unknown whether stored: not counted either way
            return False
        if r.status_code == 202:
            self.accepted.append(text)
            return True
        self.tally.post_failures += 1
        return False

    async def handle_pending(self) -> None:
        """Execute what the server asked for, like the embed does."""
        while self.pending:
            name, data, seq = self.pending.pop(0)
            if name == "continue":
                await self.emit("continue_task", {"sessionId": self.sid, "context": self.page})
                continue
            if name == "confirmation_required":
                await self.emit("confirmation_response", {"sessionId": self.sid,
                                                          "confirmed": True})
                continue
            self.tally.plans += 1
            action = data["actions"][0]
            aid = action["id"]
            if aid in self.executed:
                if aid in self.acked and seq >= self.acked[aid]:
                    self.tally.executed_twice += 1
                else:
                    self.tally.plans_resent_unacked += 1
                # The embed never runs an id twice, but reports it so the task goes on.
            self.executed.add(aid)
            if action["type"] == "execute_generic_sequence":
                results = [{"index": i, "action": s["action"], "elementId": s.get("elementId"),
                            "success": True} for i, s in enumerate(action["actions"])]
                ok = await self.emit("sequence_complete", {"sessionId": self.sid, "result": {
                    "success": True, "results": results}})
            else:
                ok = await self.emit("action_complete", {
                    "sessionId": self.sid, "actionId": aid,
                    "result": {"success": True, "elementId": action.get("elementId"),
                               "description": "done"}})
            if ok:
                self.acked.setdefault(aid, self.seen)
                self.page = WELCOME if self.page is SIGNUP_CTX else self.page
                await self.emit("continue_task", {"sessionId": self.sid, "context": self.page})

    async def emit(self, event: str, data: dict[str, Any]) -> bool:
        """Send and wait for the server's acknowledgement (the handler has run)."""
        try:
            await self.sio.call(event, data, timeout=15)
            return True
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                socketio.exceptions.DisconnectedError):
            return False

    async def turn(self, k: int, deadline: float) -> None:
        if not self.sio.connected or not self.joined.is_set():
            self.tally.reconnects += self.connected_once
            if not await self.connect(deadline):
                return
        self.turn_over.clear()
        self.reply_seen.clear()
        self.trace = []
        question = k % 3 == 2
        if question:
            self.page = FAQ_CTX
            text = f"do you ship internationally? (question {k})"
        else:
            self.page = SIGNUP_CTX
            text = f"sign me up as Ahmed, ahmed+{k}@example.com"
        self.tally.turns += 1
        if not await self.post(text, self.page):
            return
        begun = time.monotonic()
        end = begun + TURN_TIMEOUT
        while time.monotonic() < end:
            # A question is answered by one streamed reply and opens no task.
            if self.turn_over.is_set() or (question and self.reply_seen.is_set()):
                self.tally.turns_done += 1
                return
            if self.pending:
                await self.handle_pending()
            if not self.sio.connected:  # the server died under us: rejoin, go on
                self.tally.reconnects += 1
                if not await self.connect(min(deadline + 30, time.monotonic() + 30)):
                    return
                await self.handle_pending()
            self.kick.clear()
            try:
                await asyncio.wait_for(self._any_news(), 1.0)
            except TimeoutError:
                pass
        self.tally.turn_timeouts += 1
        self.tally.timeout_starts.append(begun)
        self.tally.timeout_states[await self.state_now(question)] += 1
        if len(self.tally.timeout_traces) < 10:
            self.tally.timeout_traces.append(" ".join(self.trace))

    async def state_now(self, question: bool) -> str:
        """Why a turn is still open, for the report: the task state the store holds."""
        try:
            body = (await self.http.get(f"/api/sessions/{self.sid}")).json()
        except (httpx.HTTPError, ValueError):
            return "unreadable"
        task = body.get("activeTask")
        last = body.get("history", [{}])[-1].get("role", "none")
        kind = "question" if question else "sign-up"
        return f"{kind}: task {task['state'] if task else 'none'}, last message {last}"

    async def _any_news(self) -> None:
        waits = [asyncio.ensure_future(e.wait())
                 for e in (self.turn_over, self.kick, self.reply_seen)]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waits:
                w.cancel()

    async def run(self, deadline: float) -> None:
        await asyncio.sleep(random.random() * 5)  # spread the start
        k = 0
        while time.monotonic() < deadline:
            await self.turn(k, deadline)
            k += 1
            # A visitor reads the reply before writing again. (With 1-4 s, 1,000 Python
            # Socket.IO clients in this one process saturated its core once the server
            # answered faster: its loop fell >5 s behind, the clients missed the
            # server's pings and dropped, and the soak measured its own collapse.)
            await asyncio.sleep(3 + random.random() * 6)

    async def active_task(self) -> dict[str, Any] | str | None:
        try:
            body = (await self.http.get(f"/api/sessions/{self.sid}")).json()
        except (httpx.HTTPError, ValueError):
            return "unreadable"
        task: dict[str, Any] | None = body.get("activeTask")
        return task

    async def settle(self) -> str | None:
        """After the load, close whatever is open the embed's way (answer what is owed).
        None if nothing is left open; "stalled: <state>" if only a new visitor message
        (which supersedes any task) closed it; "stuck: <state>" if not even that did."""
        if not await self.connect(time.monotonic() + 30):
            return "stuck: cannot rejoin"
        task: dict[str, Any] | str | None = None
        for _ in range(6):
            await asyncio.sleep(0.5)
            await self.handle_pending()
            task = await self.active_task()
            if task is None:
                return None
            if isinstance(task, dict) and task["state"] == "awaiting_context":
                await self.emit("continue_task", {"sessionId": self.sid, "context": WELCOME})
        state = task["state"] if isinstance(task, dict) else str(task)
        await self.post("never mind, thanks", WELCOME)
        for _ in range(10):
            await asyncio.sleep(0.5)
            await self.handle_pending()
            if await self.active_task() is None:
                return f"stalled: {state}"
        return f"stuck: {state}"

    async def lost(self) -> tuple[int, int]:
        """(visitor messages lost, agent messages lost) against the stored history."""
        body = (await self.http.get(f"/api/sessions/{self.sid}")).json()
        history = body.get("history", [])
        visitor = Counter(m["text"] for m in history if m["role"] == "visitor")
        agent = Counter(m["text"] for m in history if m["role"] == "agent")
        lost_v = sum(1 for t in self.accepted if visitor[t] == 0)
        received = Counter([*self.streams.values(), *self.said, *self.summaries])
        lost_a = sum(max(0, n - agent[t]) for t, n in received.items())
        return lost_v, lost_a

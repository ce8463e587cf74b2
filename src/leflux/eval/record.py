"""What happened during one task, as the eval saw it: the transcript, the action timeline,
the form submissions, and whether the agent is done with the current turn.

Pure bookkeeping (no browser): the runner feeds it what the page reports, with times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Seconds without any event after the agent's last word, with no task open, before the
# turn counts as finished; half that after a task_complete (the embed had already waited
# for the page to settle before the server could end the task).
SETTLE_S = 0.6
# A task left open with nothing happening this long is stuck (e.g. the agent navigated to
# a page without the embed); the turn ends there rather than at the per-turn timeout.
# Long enough for an LLM planner's slowest step.
STALL_S = 15.0
# A server slow to answer (a loaded machine) is as slow between its words and the plan that
# follows them: the quiet a turn needs grows to this many times the wait for the agent's
# first event after the visitor's words, up to SETTLE_MAX_S.
LATENCY_FACTOR = 3.0
SETTLE_MAX_S = 5.0

# Events that carry the agent's words, and where the words are.
_SPOKEN = {"message_done": ("text",), "message": ("text",),
           "task_complete": ("message", "summary"), "confirmation_required": ("message",),
           "ui_block": ("message",), "error": ("message",)}
# Noisy or bulky events kept out of the timeline.
_QUIET = {"message_chunk", "status"}


@dataclass
class Line:
    """One line of the transcript."""

    role: str  # "visitor" | "agent"
    text: str
    t: float
    error: bool = False
    choice: bool = False  # a choice the visitor pressed, not words they typed

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "text": self.text, "t": round(self.t, 3),
                **({"error": True} if self.error else {}),
                **({"choice": True} if self.choice else {})}


@dataclass
class TaskRecord:
    t0: float
    transcript: list[Line] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    submits: list[dict[str, Any]] = field(default_factory=list)
    actions: int = 0
    failed_actions: int = 0
    task_open: bool = False
    spoke: bool = False  # the agent said something since the visitor's last turn
    pending_confirmation: bool = False
    last_activity: float = 0.0
    ended: bool = False  # the last server event was task_complete
    keep_going: int = 0  # times the visitor pressed the embed's "Keep going" at its cap
    asked_at: float | None = None  # when the visitor last spoke, until the agent's first event
    reply_latency: float = 0.0  # how long the agent took to answer the visitor's last words
    _plan_ids: set[str] = field(default_factory=set)

    # ------------------------------------------------------------ input

    def note(self, now: float, kind: str, **data: Any) -> None:
        self.timeline.append({"t": round(now - self.t0, 3), "kind": kind, **data})

    def visitor(self, now: float, text: str) -> None:
        self.transcript.append(Line("visitor", text, now - self.t0))
        self.note(now, "visitor", text=text)
        self._asked(now)

    def _asked(self, now: float) -> None:
        self.spoke = False
        self.last_activity = self.asked_at = now
        self.reply_latency = 0.0

    def kept_going(self, now: float, label: str) -> None:
        """The visitor pressed the embed's "Keep going" choice (at its round-trip cap)."""
        self.transcript.append(Line("visitor", label, now - self.t0, choice=True))
        self.note(now, "keep_going", text=label)
        self.keep_going += 1
        self._asked(now)

    def page_report(self, now: float, kind: str, data: dict[str, Any]) -> None:
        """One call of the page's binding: ``event``, ``submit`` or ``ready``."""
        self.last_activity = now
        if kind == "event":
            self._event(now, str(data.get("name")), data.get("payload") or {})
        elif kind == "submit":
            self.note(now, "submit", **data)
            if any(line.role == "visitor" for line in self.transcript):
                # Only what happened after the visitor spoke; setup steps are the eval's.
                self.submits.append({"t": round(now - self.t0, 3), **data})
        elif kind == "ready":
            self.note(now, "embed_ready", url=data.get("url"))

    def _event(self, now: float, name: str, payload: dict[str, Any]) -> None:
        if name in _QUIET:
            return
        if self.asked_at is not None and name != "session_joined":
            self.reply_latency, self.asked_at = now - self.asked_at, None
        self.ended = name == "task_complete"
        if name == "session_joined":
            self.task_open = bool(payload.get("activeTask"))
        elif name == "action_plan":
            self.task_open = True
            self._plan(now, payload)
            return
        elif name == "task_complete":
            self.task_open = False
            self.pending_confirmation = False
            self.spoke = True  # the task's end is the agent's last word, even a silent one
        elif name == "confirmation_required":
            self.pending_confirmation = True
        elif name == "action_executed":
            self._executed(now, payload)
            return
        words = next((str(payload[k]) for k in _SPOKEN.get(name, ()) if payload.get(k)), "")
        if words:
            self.spoke = True
            self.transcript.append(Line("agent", words, now - self.t0,
                                        error=name == "error" or payload.get("isError") is True))
        self.note(now, name, **_brief(name, payload))

    def _plan(self, now: float, payload: dict[str, Any]) -> None:
        ids = [str(a.get("id")) for a in payload.get("actions") or [] if isinstance(a, dict)]
        if ids and all(i in self._plan_ids for i in ids):
            return  # re-sent after a reconnect: the same plan
        self._plan_ids.update(ids)
        steps = []
        for a in payload.get("actions") or []:
            if not isinstance(a, dict):
                continue
            inner = a.get("actions") if a.get("isSequence") else [a]
            for s in inner or []:
                steps.append({k: s.get(k) for k in ("type", "action", "elementId", "inputData",
                                                    "description") if s.get(k) is not None})
        self.note(now, "action_plan", steps=steps)
        if payload.get("message"):
            self.transcript.append(Line("agent", str(payload["message"]), now - self.t0))

    def _executed(self, now: float, payload: dict[str, Any]) -> None:
        self.actions += 1
        ok = payload.get("success") is not False
        if not ok:
            self.failed_actions += 1
        self.note(now, "action_executed", success=ok,
                  **{k: payload[k] for k in ("type", "action", "elementId", "description", "error")
                     if payload.get(k) is not None})

    def confirmation_answered(self, now: float, approved: bool) -> None:
        self.pending_confirmation = False
        self.last_activity = now
        self.note(now, "confirmation", answer="approve" if approved else "decline")

    # ------------------------------------------------------------ output

    def finished(self, now: float, settle: float = SETTLE_S) -> str | None:
        """Why the current turn is over, or None while the agent may still act."""
        quiet = now - self.last_activity
        if self.pending_confirmation:
            return None
        if not self.task_open and self.spoke and quiet >= self.settle_time(settle):
            return "settled"
        if self.task_open and quiet >= STALL_S:
            return "stalled"
        return None

    def settle_time(self, settle: float = SETTLE_S) -> float:
        base = min(SETTLE_MAX_S, max(settle, LATENCY_FACTOR * self.reply_latency))
        return base / 2 if self.ended else base

    def agent_lines(self) -> list[Line]:
        return [line for line in self.transcript if line.role == "agent"]

    def replies(self) -> str:
        return "\n".join(line.text for line in self.agent_lines())

    def last_agent_line(self) -> Line | None:
        lines = self.agent_lines()
        return lines[-1] if lines else None


def _brief(name: str, payload: dict[str, Any]) -> dict[str, Any]:
    keep = {"message_done": ("text",), "message": ("text", "isQuestion", "isError"),
            "task_complete": ("summary", "message"), "error": ("message", "code"),
            "confirmation_required": ("message", "confirm_label", "cancel_label"),
            "ui_block": ("block_type", "message", "data"), "session_joined": ("restored",
                                                                              "activeTask")}
    return {k: payload.get(k) for k in keep.get(name, ()) if payload.get(k) is not None}

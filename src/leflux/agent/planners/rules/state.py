"""The rules planner's memory across one task's iterations, typed and versioned.

The engine keeps it as the JSON dict ``PlanRequest.planner_state``; it is converted at the
boundary only. A state written by another version (an older server) is not guessed at:
:func:`load` says so and the planner starts the task over from the page as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from leflux.agent.planners.rules.model import Request
from leflux.agent.planners.rules.verify import Before

STATE_VERSION = 3  # 3: the older intent handlers' "chain" memory gone


class StateVersionError(ValueError):
    """The stored state is not one this planner wrote."""


@dataclass
class Pending:
    """The plan sent for one clause, waiting for the page it leads to."""

    clause: int                     # index in ``request.clauses``
    before: Before                  # the page then, and what the plan meant to do
    did: str                        # what it did, in words, for the report
    phase: str = "acted"            # acted | edit (double-clicked, type next) | answer
    tries: int = 0
    text: str = ""                  # the value to type in an edit phase / question to answer

    def to_json(self) -> dict[str, Any]:
        return {"clause": self.clause, "before": self.before.to_json(), "did": self.did,
                "phase": self.phase, "tries": self.tries, "text": self.text}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Pending:
        return cls(int(d["clause"]), Before.from_json(d["before"]), str(d.get("did", "")),
                   str(d.get("phase", "acted")), int(d.get("tries", 0)), str(d.get("text", "")))


@dataclass
class PlannerState:
    # "pipeline" (understand -> ground -> plan -> verify -> report), "dismiss" (a pop-up
    # closed before the request starts) or "tool" (one of the site owner's tools,
    # :mod:`owner_tools`).
    engine: str = "pipeline"
    request: Request | None = None
    next_clause: int = 0
    pending: Pending | None = None
    said: list[str] = field(default_factory=list)     # reports of clauses done so far
    # How sure the planner is of what it said/did last (0..1); --planner hybrid reads it.
    confidence: float = 0.0
    # engine "tool": the owner's tool called for this request ({"tool", "title"}).
    tool: dict[str, Any] = field(default_factory=dict)
    # A question's search for its answer: pages / entries opened so far (questions.Trail).
    hops: int = 0
    seen: list[str] = field(default_factory=list)
    fallback: str = ""
    led: bool = False
    # Formatting asked of text typed into an editor ("in bold"; :mod:`textformats`).
    formats: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"version": STATE_VERSION, "engine": self.engine,
                "request": self.request.to_json() if self.request else None,
                "next_clause": self.next_clause,
                "pending": self.pending.to_json() if self.pending else None,
                "said": self.said, "confidence": self.confidence,
                "tool": self.tool,
                "hops": self.hops, "seen": self.seen, "fallback": self.fallback,
                "led": self.led, "formats": self.formats}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PlannerState:
        if not d:
            return cls()
        if d.get("version") != STATE_VERSION:
            raise StateVersionError(
                f"planner state version {d.get('version')!r} is not {STATE_VERSION}")
        req = d.get("request")
        pend = d.get("pending")
        return cls(str(d.get("engine", "pipeline")), Request.from_json(req) if req else None,
                   int(d.get("next_clause", 0)), Pending.from_json(pend) if pend else None,
                   list(d.get("said", [])),
                   float(d.get("confidence", 0.0)), dict(d.get("tool") or {}),
                   hops=int(d.get("hops", 0)), seen=[str(x) for x in d.get("seen", [])],
                   fallback=str(d.get("fallback", "")), led=bool(d.get("led", False)),
                   formats=[str(x) for x in d.get("formats", [])])


def load(raw: dict[str, Any]) -> tuple[PlannerState, bool]:
    """(state, reset): ``reset`` is True when the stored state was unreadable and dropped."""
    try:
        return PlannerState.from_json(raw), False
    except (StateVersionError, KeyError, TypeError, ValueError):
        return PlannerState(), True


def save(state: PlannerState, raw: dict[str, Any]) -> None:
    """Write ``state`` into the engine's dict in place (the engine persists that dict)."""
    raw.clear()
    raw.update(state.to_json())

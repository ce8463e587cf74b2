"""What an intent handler sees (Ctx) and what it decides (D)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from leflux.agent.planner import ShowBlock
from leflux.agent.planners.rules.elements import El, Page
from leflux.agent.planners.rules.extract import Facts
from leflux.protocol import Step


@dataclass
class Ctx:
    page: Page
    facts: Facts
    # Results of the plan this intent sent last (None on a fresh turn / fresh intent).
    results: list[dict[str, Any]] | None
    steps: list[dict[str, Any]] | None

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.results or [] if not r.get("success")]

    def failed_ids(self) -> set[int]:
        ids: set[int] = set()
        for r in self.failed:
            eid = r.get("elementId")
            if eid is None and self.steps:
                i = r.get("index", 0)
                if isinstance(i, int) and 0 <= i < len(self.steps):
                    eid = self.steps[i].get("elementId")
            if isinstance(eid, int):
                ids.add(eid)
        return ids

    def failure_text(self) -> str:
        for r in self.failed:
            if r.get("error"):
                return str(r["error"])
        return "the page did not accept it"


@dataclass
class D:
    status: Literal["act", "done", "fail"]
    text: str = ""
    steps: list[Step] = field(default_factory=list)
    blocks: list[ShowBlock] = field(default_factory=list)


def act(text: str, *steps: Step, blocks: list[ShowBlock] | None = None) -> D:
    return D("act", text, list(steps), blocks or [])


def done(text: str, blocks: list[ShowBlock] | None = None) -> D:
    return D("done", text, [], blocks or [])


def fail(text: str, blocks: list[ShowBlock] | None = None) -> D:
    return D("fail", text, [], blocks or [])


def q(text: str) -> str:
    """Quote a label for the visitor."""
    return f"\u201c{text}\u201d"


def click(el: El, what: str | None = None) -> Step:
    return Step(action="click", elementId=el.id, description=what or el.display)


def choices(prompt: str, verb: str, cands: list[El]) -> ShowBlock:
    opts, seen = [], set()
    for el in cands:
        if el.display in seen:
            continue
        seen.add(el.display)
        opts.append({"label": el.display, "value": f"{verb} {el.display}"})
    return ShowBlock("choices", {"options": opts}, prompt)

"""What the plan step decides for one clause: steps to send, a question, an answer, or
"not mine" (:data:`SKIP`), each with its confidence and what to check after it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import wraps
from typing import get_args

from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.ground import Grounding
from leflux.agent.planners.rules.model import Clause
from leflux.agent.planners.rules.verify import Before
from leflux.protocol import Step, StepAction

ClausePlanner = Callable[[Clause, Page, str], "Decision"]


class Kind(StrEnum):
    ACT = "act"        # steps to send
    ASK = "ask"        # a question with choices (nothing done)
    SAY = "say"        # an answer / a statement, nothing to do on the page
    FAIL = "fail"      # cannot be done here, and why
    SKIP = "skip"      # not covered by this planner


@dataclass
class Decision:
    kind: Kind
    say: str = ""
    steps: list[Step] = field(default_factory=list)
    confidence: float = 0.0
    before: Before | None = None
    did: str = ""                                       # for the report after
    choices: list[tuple[str, str]] = field(default_factory=list)  # (label, reply value)
    phase: str = "acted"
    text: str = ""
    consumed: int = 0      # following clauses this decision did too (one form, one plan)
    # What a plan that sends a form puts in it, for the visitor to see (secrets masked).
    summary: list[dict[str, str]] = field(default_factory=list)


SKIP = Decision(Kind.SKIP)


def once_per_page(plan: ClausePlanner) -> ClausePlanner:
    """``plan(clause, page, lang)`` made once per page (one decision) for a clause said the
    same way, where several planners ask for it; each caller gets its own copy."""

    @wraps(plan)
    def planned(c: Clause, page: Page, lang: str) -> Decision:
        d = page.once((plan, repr(c), lang), lambda: plan(c, page, lang))
        return replace(d, steps=list(d.steps), choices=list(d.choices),
                       summary=list(d.summary))

    return planned


def quoted(text: str) -> str:
    """A label of the page as the visitor is told it: in curly quotes."""
    return f"\u201c{text}\u201d"


def can(action: str) -> bool:
    return action in get_args(StepAction)


def step(action: str, el: PageElement | None, data: str | None = None, what: str = "") -> Step:
    return Step(action=action, elementId=el.id if el else None,  # type: ignore[arg-type]
                inputData=data, description=what or (el.display if el else action))


def ask(g: Grounding, verb: str, noun: str) -> Decision:
    """One short question with the close candidates as choices."""
    labels: list[tuple[str, str]] = []
    for c in g.close():
        label = c.el.display if not c.el.group else f"{c.el.display} ({c.el.group[:60]})"
        if label not in (lb for lb, _ in labels):
            labels.append((label, f"{verb} {label}"))
    return Decision(Kind.ASK, f"Which {noun} do you mean?", choices=labels,
                    confidence=g.best.score if g.best else 0.0)


def name(el: PageElement) -> str:
    """How to call an element to the visitor: a control in a row by its row."""
    return el.group[:80] if el.group and (el.is_toggle or el.hover_only) else el.display


def rows_count(page: Page) -> int:
    return len({el.group for el in page.els if el.group})


# ------------------------------------------------------------------ acts

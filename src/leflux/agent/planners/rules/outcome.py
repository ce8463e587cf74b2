"""Did the last submit work? The form handlers' bridge to :mod:`verify` and :mod:`report`."""

from __future__ import annotations

from typing import Any

from leflux.agent.planners.rules.decision import D, done, fail
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.report import report as say
from leflux.agent.planners.rules.verify import Before, Expect, Outcome, Verdict, snapshot, verify


def before_lines(page: Page) -> dict[str, Any]:
    """The page before a submit, as kept in the intent (``intent["before"]``)."""
    return snapshot(page, Expect.SUBMIT).to_json()


def read(page: Page, intent: dict[str, Any]) -> Verdict:
    raw = intent.get("before")
    before = Before.from_json(raw) if isinstance(raw, dict) else Before(
        Expect.SUBMIT, str(intent.get("url") or ""))
    return verify(page, before, [])


def report(page: Page, intent: dict[str, Any]) -> D:
    """What a submit did, read from the page after it."""
    v = read(page, intent)
    text = say(v, "I submitted the form")
    return fail(text) if v.outcome is Outcome.FAILURE else done(text)

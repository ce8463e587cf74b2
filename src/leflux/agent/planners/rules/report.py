"""Say what happened, exactly as the page showed it.

"Done" only with evidence (a new success message, the page moving on, the values present);
a failure names the field and quotes the page's own error; an unclear outcome says so;
required fields still empty are listed. Only text that :mod:`verify` found new since the
plan is ever quoted.
"""

from __future__ import annotations

from leflux.agent.planners.rules.decide import quoted
from leflux.agent.planners.rules.verify import Outcome, Verdict


def _join(items: list[str]) -> str:
    return ", ".join(items)


def still_needed(v: Verdict) -> str:
    return f" Still needed: {_join(v.missing)}." if v.missing else ""


def report(v: Verdict, did: str) -> str:
    """What to tell the visitor about a plan that did ``did`` ("Filled in Email")."""
    if v.outcome is Outcome.FAILURE:
        if v.field_errors:
            parts = [f"{e.label}: {quoted(e.message)}" if e.message
                     else f"{e.label} is marked invalid." for e in v.field_errors[:3]]
            return (f"The form came back with a problem: {' '.join(parts)}{still_needed(v)} "
                    "Tell me the right value and I'll try again.")
        if v.errors:
            errors = " ".join(quoted(e) for e in v.errors[:3])
            return (f"The form came back with a problem: {errors}{still_needed(v)} "
                    "Tell me the right value and I'll try again.")
        if v.not_set and not v.evidence:
            return f"I couldn't set {_join(v.not_set)}.{still_needed(v)}"
        if v.evidence:
            return f"That didn't work: {v.evidence}.{still_needed(v)}"
        return f"That didn't work: nothing changed on the page.{still_needed(v)}"
    if v.outcome is Outcome.SUCCESS:
        if v.said:
            return f"Done \u2014 the page says: {quoted(v.evidence)}{still_needed(v)}"
        if v.navigated:
            where = f" You're now on {quoted(v.evidence)}." if v.evidence else ""
            return f"{did}.{where}{still_needed(v)}"
        return f"{did}.{still_needed(v)}"
    unclear = " I don't see a confirmation on the page yet."
    if v.not_set:
        unclear = f" {_join(v.not_set)} doesn't show the value yet."
    return f"{did}.{unclear}{still_needed(v)}"

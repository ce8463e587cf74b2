"""What a choice of options costs, found as a person finds it on a page that adds it up:
"how much is a large with extra cheese" sets the options the words name (Large, Extra
mozzarella) and reads the amount that changed ("Total €13.70"). Nothing is sent; only
the form's own options are set, and only when the question names some (one option whose
label states its price is read as it is); the amount said is the page's own, never a sum
of ours."""

from __future__ import annotations

import re

from leflux.agent.planners.rules.answer_kinds import wanted_kinds
from leflux.agent.planners.rules.decide import Decision, Kind, quoted
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.formwork import Work
from leflux.agent.planners.rules.model import Act, Clause
from leflux.agent.planners.rules.options import named_options
from leflux.agent.planners.rules.verify import Expect, snapshot

# How the trail of a question remembers the amounts the page showed before, and the
# options set (Trail.seen holds page URLs and entries too).
AMOUNT_MARK = "amount:"
NAMED_MARK = "options:"
PRICE_CONFIDENCE = 0.8
_MONEY_RE = re.compile(r"[$€£¥]\s?\d|\d\s?[$€£¥]")
_LINE_MAX = 60  # a line this short that holds an amount reads as the amount's own line


def _amount_lines(page: Page) -> list[str]:
    return [line.strip() for line in page.text.splitlines()
            if _MONEY_RE.search(line) and len(line.strip()) <= _LINE_MAX]


def plan_price(question: str, lang: str, page: Page, seen: list[str], phase: str
               ) -> Decision | None:
    """The options the question names set (planned again with ``phase`` on the page as it
    is then, the amounts shown before kept in ``seen``), or the amount that changed; None
    when the question asks no price, names no option, or no amount changed."""
    if "money" not in wanted_kinds(question, lang):
        return None
    before = [s[len(AMOUNT_MARK):] for s in seen if s.startswith(AMOUNT_MARK)]
    work = Work()
    named_options(work, Clause(Act.SELECT, question), page, lang)
    if len(work.steps) == 1 and _MONEY_RE.search(work.steps[0].inputData or work.labels[0]):
        return None  # "how much does express cost": its own label says ("— €6.90")
    if work.steps and not before:
        names = ", ".join(quoted(label) for label in work.labels)
        seen += [AMOUNT_MARK + line for line in _amount_lines(page)] + [NAMED_MARK + names]
        return Decision(Kind.ACT, f"Choosing {names} to see the price.", work.steps,
                        PRICE_CONFIDENCE, snapshot(page, Expect.FILL, checks=work.checks),
                        f"Chose {names}", phase=phase, text=question)
    changed = [line for line in _amount_lines(page) if line not in before]
    if not before or work.steps or not changed:
        return None
    names = next((s[len(NAMED_MARK):] for s in seen if s.startswith(NAMED_MARK)), "")
    return Decision(Kind.SAY, f"With {names} chosen, the page shows {quoted(changed[-1])}. "
                    "Nothing is ordered yet.", confidence=PRICE_CONFIDENCE)

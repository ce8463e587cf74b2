"""Sliders set to the amount the visitor says ("remind me an hour before", "make it
20px"): the slider whose label the words name, or the one whose unit the amount is in;
an amount in hours goes into a slider in minutes as a person converts it."""

from __future__ import annotations

import re

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.match import Matcher, tokens
from leflux.agent.planners.rules.model import Act, Clause, Request
from leflux.agent.planners.rules.verify import Expect, snapshot

NAMED = 0.6
SLIDER_CONFIDENCE = 0.8
MINUTES_PER_HOUR = 60
SLIDER_ACTS = frozenset({Act.UNKNOWN, Act.FILL})
_AMOUNT_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]*)")


def _amount(text: str, lang: str) -> tuple[float, str] | None:
    """The one amount the words say and its unit ("20px" -> 20, "px"; "an hour" -> 1,
    "hours"; "half an hour" -> 0.5, "hours")."""
    low = text.lower()
    found = [(float(m[1].replace(",", ".")), m[2]) for m in _AMOUNT_RE.finditer(low)]
    if len(found) == 1:
        return found[0]
    if found:
        return None
    words = tokens(low)
    for k, w in enumerate(words):
        unit = lex.duration_unit(w, lang)
        if unit is None or k == 0:
            continue
        n = lex.number(words[k - 1], lang)
        if n is not None:
            return float(n), w
        if lex.is_half(words[max(0, k - 3):k], lang):
            return 0.5, w
        if words[k - 1] in lex.articles(lang):
            return 1.0, w
    return None


def _in_unit(n: float, unit: str, el: PageElement, lang: str) -> float:
    """The amount in the slider's own unit (an hour for a slider in minutes: 60)."""
    said = lex.duration_unit(unit, lang)
    label = {lex.duration_unit(w, lang) for w in tokens(el.name_text)} - {None}
    if said == "hours" and label == {"minutes"}:
        return n * MINUTES_PER_HOUR
    if said == "minutes" and label == {"hours"}:
        return n / MINUTES_PER_HOUR
    return n


def _which(c: Clause, unit: str, sliders: list[PageElement], lang: str) -> PageElement | None:
    words = tuple(w for w in tokens(c.text) if not any(ch.isdigit() for ch in w)
                  and w not in lex.stopwords(lang) and w != unit)
    m = Matcher(words, lang)
    scored = sorted(((sum(s >= NAMED for s in m.per_word(tokens(el.name_text))), el)
                     for el in sliders), key=lambda t: -t[0])
    if scored and scored[0][0] and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    by_unit = [el for el in sliders if unit and unit in tokens(el.name_text)]
    return by_unit[0] if len(by_unit) == 1 else None


def plan_slider(c: Clause, req: Request, page: Page) -> Decision | None:
    """Set the slider the clause names to its amount; None when it names none."""
    sliders = [el for el in page.fields if el.is_range and not el.disabled]
    if c.act not in SLIDER_ACTS or not sliders or (amount := _amount(c.text, req.lang)) is None:
        return None
    n, unit = amount
    el = _which(c, unit, sliders, req.lang)
    if el is None:
        return None
    value = _in_unit(n, unit, el, req.lang)
    text = str(int(value)) if value == int(value) else str(value)
    if (el.e.value or "") == text:
        return Decision(Kind.SAY, f"{el.display} is already at {text}.",
                        confidence=SLIDER_CONFIDENCE)
    return Decision(Kind.ACT, f"Setting {el.display} to {text}.",
                    [step("type", el, text, el.display)], SLIDER_CONFIDENCE,
                    snapshot(page, Expect.FILL, values={el.id: text}),
                    f"Set {el.display} to {text}")

"""An answer none of a question's options names, where the question has an "Other" option
("Citizen of a different country", "Other (please specify)"): a person ticks that option,
then types the answer into the box it reveals ("Country name").

Two plans: the option first (:func:`plan_other`; the box is not on the page until it is
ticked), then the clause again with its value labelled as that box (:func:`as_other`).
"""

from __future__ import annotations

from dataclasses import replace

from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.lexicon import LANGS, lexicon
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Act, Clause, Request, ValueKind
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot

OTHER_PHASE = "other"
OTHER_SURE = 0.7
SHORT_ANSWER = 3   # words: the options, and the answer, are names of things, not sentences


def _says_other(label: str, lang: str) -> bool:
    low = fold(label)
    return any(next(lexicon(x).other_option.find_all(low), None) is not None
               for x in dict.fromkeys([lang, "en"]) if x in LANGS)


def _groups(page: Page) -> dict[str, list[PageElement]]:
    """The page's choice groups (boxes and radios of one name, else of one fieldset)."""
    out: dict[str, list[PageElement]] = {}
    for el in page.fields:
        if el.is_toggle and (key := el.e.name or el.group):
            out.setdefault(key, []).append(el)
    return out


def _other_of(page: Page, lang: str) -> PageElement | None:
    """The one "Other" option of the page's one question of short options."""
    found = []
    for opts in _groups(page).values():
        others = [el for el in opts if _says_other(el.display, lang)]
        rest = [el for el in opts if el not in others]
        if len(others) == 1 and rest and all(len(tokens(el.display)) <= SHORT_ANSWER
                                             for el in rest):
            found.append(others[0])
    return found[0] if len(found) == 1 else None


def _answer(c: Clause) -> str | None:
    """The one short answer the clause gives ("I'm Portuguese")."""
    if c.act not in (Act.FILL, Act.UNKNOWN) or len(c.values) != 1:
        return None
    v = c.values[0]
    if v.label or v.kind not in (ValueKind.TEXT, ValueKind.FULL_NAME):
        return None
    text = v.raw or v.text
    return text if 0 < len(tokens(text)) <= SHORT_ANSWER else None


def plan_other(c: Clause, page: Page, lang: str) -> Decision | None:
    """Tick the question's "Other" option for an answer no option names; the clause is
    planned again once the box it reveals is there."""
    answer = _answer(c)
    other = _other_of(page, lang) if answer else None
    if other is None or other.e.checked:
        return None
    return Decision(Kind.ACT, f"Ticking {quoted(other.display)} for {quoted(answer or '')}.",
                    [step("check", other)], OTHER_SURE,
                    snapshot(page, Expect.TOGGLE, checks={other.id: True}),
                    f"Ticked {quoted(other.display)}", phase=OTHER_PHASE, text=answer or "")


def _revealed(page: Page, other: PageElement) -> PageElement | None:
    """The empty box right after the ticked "Other" option (what it revealed)."""
    after = page.els[page.els.index(other) + 1:]
    for el in after:
        if el.is_text_field and not el.has_value:
            return el
        if el.is_clickable or (el.is_toggle and (el.e.name or el.group) != (
                other.e.name or other.group)):
            return None
    return None


def as_other(req: Request, i: int, page: Page) -> Request | None:
    """The request with clause ``i``'s answer labelled as the box the "Other" option
    revealed; None when there is no such box."""
    other = _other_of(page, req.lang)
    box = _revealed(page, other) if other is not None and other.e.checked else None
    c = req.clauses[i]
    if box is None or not c.values:
        return None
    v = replace(c.values[0], kind=ValueKind.TEXT, label=box.e.label or box.display)
    return replace(req, clauses=[*req.clauses[:i], replace(c, values=[v]),
                                 *req.clauses[i + 1:]])

"""Finer choices behind a button: "only allow analytics cookies" on a cookie bar that shows
"Accept all", "Reject all" and "Manage preferences".

The switch the visitor names is not on the page, and no button beside it does only what
they asked ("Accept all" does more). A person presses the button that opens the finer
choices, the one whose every word says so ("Manage preferences", "Cookie settings",
"Customise": the lexicon's ``choice_openers``, and words the request says itself), sets
the switch there and keeps the choice with the dialog's own button. Only when the page
speaks of what the request is about (its words are on the page) and that button is the
only one of its kind.
"""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import SKIP, Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.lexicon import LANGS
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Act, Request
from leflux.agent.planners.rules.opener import OPEN_SURE, said_words
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot

# Clauses about a switch or a box ("only allow analytics", "no marketing cookies").
TOGGLE_ACTS = frozenset({Act.UNKNOWN, Act.CHECK, Act.UNCHECK})


def _opener_words(lang: str) -> frozenset[str]:
    words: set[str] = set()
    for code in dict.fromkeys((lang, "en")):
        words |= lex.lexicon_of(code).choice_openers
    return frozenset(words)


def _openers(page: Page, said: tuple[str, ...], lang: str) -> list[PageElement]:
    """Buttons whose every word opens choices or is said by the request ("Cookie
    settings" for a request about cookies), with at least one opener word."""
    openers = _opener_words(lang)
    stop = frozenset().union(*(lex.stopwords(x) for x in LANGS))
    out = []
    for el in page.clickables:
        if el.disabled or el.is_toggle or el.tag == "a" or el.is_field or \
                el.extra("groupKind") in ("item", "row"):
            continue
        own = [w for w in tokens(fold(el.name_text)) if w not in stop and any(
            ch.isalpha() for ch in w)]
        if own and any(w in openers for w in own) and all(w in openers or w in said
                                                           for w in own):
            out.append(el)
    return out


def plan_choices(req: Request, page: Page) -> Decision:
    """Open the finer choices every clause of the request is about (switches ticked or
    unticked); the first clause is planned again there."""
    lang = req.lang
    if any(c.act not in TOGGLE_ACTS or c.values for c in req.clauses) or any(
            el.is_toggle for el in page.fields):
        return SKIP  # (switches on the page: the request is read against them)
    said = tuple(fold(w) for c in req.clauses for w in said_words(c, lang))
    shown = set(tokens(fold(page.text)))
    if not said or not any(w in shown for w in said):
        return SKIP  # the page says nothing of what the request is about
    found = _openers(page, said, lang)
    if len(found) != 1:
        return SKIP
    el = found[0]
    return Decision(Kind.ACT, f"Opening {quoted(el.display)} first.", [step("click", el)],
                    OPEN_SURE, snapshot(page, Expect.CLICK), "", phase="again")

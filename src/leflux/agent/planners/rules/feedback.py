"""A page's own yes/no question answered by what the visitor says of the page: "tell them
this page was helpful" presses Yes under "Was this page helpful?", "mark this doc page as
not helpful" presses No. Only when every word the visitor used is the question's own, a
word of telling or marking, or the page it is about (lexicon [feedback]); the page must
have one Yes and one No button, so the answer goes where the question is."""

from __future__ import annotations

import re
from functools import cache

from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.lexicon import LANGS, lexicon, stem
from leflux.agent.planners.rules.model import Act, Clause, Request
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.rowvalues import raw_words
from leflux.agent.planners.rules.verify import Expect, snapshot

FEEDBACK_CONFIDENCE = 0.8
# A stem this long that starts another word is that word in another form ("help" of
# "helpful").
STEM_PREFIX_LEN = 4
QUESTION_MAX_CHARS = 80
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")


@cache
def _words(part: str) -> frozenset[str]:
    """The [feedback] words of ``part`` in every language (the page's may not be the
    visitor's)."""
    return frozenset(fold(w) for lg in LANGS for w in raw_words(lg, "feedback").get(part, []))


def _content(text: str, lang: str) -> list[str]:
    skip = lexicon(lang).stopwords | _words("about") | _words("verbs")
    return [w for w in _WORD_RE.findall(fold(text)) if w not in skip]


def _same(a: str, b: str, lang: str) -> bool:
    sa, sb = stem(a, lang), stem(b, lang)
    return sa == sb or (min(len(sa), len(sb)) >= STEM_PREFIX_LEN and (
        sa.startswith(sb) or sb.startswith(sa)))


def _answer_buttons(page: Page) -> tuple[PageElement, PageElement] | None:
    """The page's one Yes button and one No button ("👍 Yes" / "👎 No")."""
    found: dict[str, list[PageElement]] = {"yes": [], "no": []}
    answers: dict[str, list[str]] = {}  # a button's words -> what they answer (pages
    # repeat their buttons: "Add to cart" x 100)
    for el in page.clickables:
        # (radios and boxes answer a form's questions: their own planning does that)
        if el.disabled or not (el.tag == "button" or el.role == "button"):
            continue
        if (keys := answers.get(el.display)) is None:
            said = " ".join(_WORD_RE.findall(fold(el.display)))
            keys = answers[el.display] = [key for key in found if said in _words(key)]
        for key in keys:
            found[key].append(el)
    if len(found["yes"]) != 1 or len(found["no"]) != 1:
        return None
    return found["yes"][0], found["no"][0]


def plan_feedback(c: Clause, request: Request, page: Page) -> Decision | None:
    """Press the page's Yes or No for what the visitor says of it, or None."""
    if c.act is Act.QUESTION:
        return None
    buttons = _answer_buttons(page)
    if buttons is None:
        return None
    lang = request.lang
    negative = any(w in _words("negative") for w in _WORD_RE.findall(fold(c.text)))
    said = [w for w in _content(c.text, lang) if w not in _words("negative")]
    if not said:
        return None
    for line in page.text.splitlines():
        line = " ".join(line.split())
        if not line.endswith("?") or len(line) > QUESTION_MAX_CHARS:
            continue
        asked = _content(line, lang)
        if asked and all(any(_same(w, a, lang) for a in asked) for w in said):
            button = buttons[1] if negative else buttons[0]
            return Decision(Kind.ACT, f"Answering {quoted(line)} with {quoted(button.display)}.",
                            [step("click", button)], FEEDBACK_CONFIDENCE,
                            snapshot(page, Expect.CLICK), f"Pressed {quoted(button.display)}")
    return None

"""A correction of an item's text: "theres a typo in the first one, it should say walk the
dog", "actually make that oat milk" (after "Added “buy milk”").

The words after a correcting phrase ([row_edits] say: "should say", "make that") are the
new text; the item is the one the words before name: by position ("the first one"), by its
own words, or by a pronoun ("that", "it") for the item the assistant's last reply named.
The request becomes one edit of that item. A new text that only changes the item's
qualifier ("oat milk" for "buy milk") keeps the item's other words ("buy oat milk").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.ground import one_row, query_words, rows
from leflux.agent.planners.rules.lexicon import LANGS, lexicon
from leflux.agent.planners.rules.match import tokens, word_sim
from leflux.agent.planners.rules.model import Act, Clause, Reference, Request, Value, ValueKind
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.rowvalues import raw_words
from leflux.protocol import HistoryMessage

_QUOTED_RE = re.compile(r"\u201c([^\u201d]+)\u201d")
_TRIM = " \t.,;:!?\"'\u201c\u201d"


def _says(low: str, lang: str) -> tuple[int, int] | None:
    """Where the correcting phrase is ("should say"), the longest one first."""
    codes = dict.fromkeys((lang if lang in LANGS else "en", "en"))
    phrases = sorted({fold(p) for c in codes for p in raw_words(c, "row_edits").get("say", [])},
                     key=len, reverse=True)
    for p in phrases:
        if (m := re.search(rf"(?:^|\b){re.escape(p)}\b", low)) is not None:
            return m.start(), m.end()
    return None


def _last_named(history: Sequence[HistoryMessage], page: Page, lang: str) -> str | None:
    """The item the assistant's last reply named ("Added “buy milk”.") that is on the page."""
    reply = next((m.text for m in reversed(history) if m.role == "agent"), "")
    for name in _QUOTED_RE.findall(reply):
        if len(rows(page, Reference(words=name), lang)) == 1:
            return name
    return None


def _item(before: str, said: str, history: Sequence[HistoryMessage], page: Page, lang: str
          ) -> Reference | None:
    """The item the words before the correcting phrase name."""
    lx = lexicon(lang if lang in LANGS else "en")
    for w in tokens(before):
        pos = lx.ordinals.get(w)
        if isinstance(pos, int) and pos != 0:
            return Reference(ordinal=pos, kind="item")
    words = " ".join(query_words(before, lang))
    if words and one_row(page, words, lang) is not None:
        return Reference(words=words, kind="item")
    if any(True for _ in lx.pronoun_back.find_all(said)) and not rows(
            page, Reference(words=words), lang):
        last = _last_named(history, page, lang)
        return Reference(words=last, kind="item") if last else None
    return None


def _keep_rest(old: str, new: str, lang: str) -> str:
    """"buy milk" made "oat milk" -> "buy oat milk": the new words end as the old ones do
    but start otherwise (not a retyping of it): the old one's leading verb is kept."""
    o, n = tokens(fold(old)), tokens(fold(new))
    if len(n) < 2 or len(n) > len(o) or o[-1] != n[-1] or word_sim(o[0], n[0], lang) > 0:
        return new
    hit = lexicon(lang if lang in LANGS else "en").acts.match_start(fold(old), 0)
    verb = old[:hit.end].strip() if hit is not None and len(fold(old)) == len(old) else ""
    return f"{verb} {new}" if verb and fold(verb) not in fold(new) else new


def corrected(request: Request, history: Sequence[HistoryMessage], page: Page) -> Request | None:
    """The request as one edit of the item it corrects; None when it corrects nothing."""
    text = request.text
    low = fold(text)
    if len(low) != len(text):
        return None
    at = _says(low, request.lang)
    if at is None:
        return None
    new = text[at[1]:].strip(_TRIM)
    # (the pronoun may be the phrase's own: "make *that* oat milk")
    item = _item(low[:at[0]], low[:at[1]], history, page, request.lang)
    if not new or item is None:
        return None
    if item.words:
        new = _keep_rest(item.words, new, request.lang)
    edit = Clause(Act.EDIT, text, container=item, values=[Value(ValueKind.TEXT, new, new)])
    return Request(text, request.lang, [edit])

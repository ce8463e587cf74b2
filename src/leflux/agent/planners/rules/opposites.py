"""A box whose label says the opposite of what the visitor says of its thing ("it ships
somewhere else though" beside "Ship to the same address"): unticked, as a person would.
The words and their opposites are the lexicons' ``[opposites]``."""

from __future__ import annotations

from functools import lru_cache

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.formwork import Work
from leflux.agent.planners.rules.lexicon import LANGS, lexicon_data
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Clause
from leflux.agent.planners.rules.phrases import PhraseTable, fold


@lru_cache(maxsize=8)
def _opposites(lang: str) -> tuple[tuple[PhraseTable[str], PhraseTable[str]], ...]:
    """(a label's word, the words saying its opposite) of ``lang``."""
    if lang not in LANGS:
        return ()
    table: dict[str, list[str]] = lexicon_data(lang).get("opposites", {})
    return tuple((PhraseTable([(word, word)]), PhraseTable((p, p) for p in said))
                 for word, said in table.items())


def _stems(text: str, lang: str) -> set[str]:
    stop = lex.stopwords(lang) | lex.stopwords("en")
    return {lex.stem(w, lang) for w in tokens(text) if w not in stop and w.isalpha()}


def _says(table: PhraseTable[str], folded: str) -> str | None:
    return next((folded[h.start:h.end] for h in table.find_all(folded)), None)


def contradicted(el: PageElement, said: str, lang: str) -> bool:
    """Does ``said`` say the opposite of a word of the box's label, of a thing the label
    names too ("ships" / "Ship to the same address")?"""
    label, said = fold(el.name_text), fold(said)
    for word_table, contrary in {*_opposites(lang), *_opposites("en")}:
        word = _says(word_table, label)
        other = _says(contrary, said)
        if word is None or other is None or _says(word_table, said) is not None:
            continue
        shared = _stems(label, lang) & _stems(said, lang) - _stems(word, lang) - _stems(
            other, lang)
        if shared:
            return True
    return False


def contrary_boxes(work: Work, c: Clause, page: Page, lang: str) -> bool:
    """Untick the ticked boxes of the form whose label the clause contradicts."""
    if c.negated:
        return False
    took = False
    for el in page.fields:
        on = work.checks.get(el.id, bool(el.e.checked))
        if el.is_toggle and not el.one_of and on and not el.disabled and work.fits(page, el) \
                and contradicted(el, c.text, lang):
            took = work.take(page, el, step("uncheck", el, None, el.display)) or took
    return took

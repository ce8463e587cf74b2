"""How many of a kind a listing holds ("how many history books have you got"), found as a
person finds it: the listing's own filter for that kind set and applied, then the result
count the page shows read out. Only when every word names a filter option (the listing's
noun aside); the count is the page's own, never a guess.
"""

from __future__ import annotations

from dataclasses import replace

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.filters import REFINE_CONFIDENCE, plan_refine
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Act, Clause, Request
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.rowvalues import said


def _kind_words(question: str, lang: str) -> str:
    """The words that name what is counted: no count, question or filler words."""
    low = fold(question)
    for a, b in said("how_many", question, lang):
        low = low[:a] + " " * (b - a) + low[b:]
    words = lex.lexicon_of(lang)
    # (what a result count counts, "products", "items", is the listing's own noun)
    skip = lex.stopwords(lang) | words.question_vocabulary | words.framing | words.result_words
    return " ".join(w for w in tokens(low) if w not in skip)


def plan_count(question: str, req: Request, page: Page, phase: str) -> Decision | None:
    """The filter for what is counted set and applied (planned again with ``phase`` on the
    page it leads to), or the count the filtered page shows; None when the question
    counts nothing the listing filters by."""
    if not said("how_many", question, req.lang):
        return None
    words = _kind_words(question, req.lang)
    if not words:
        return None
    d = plan_refine(Clause(Act.FILTER, words, query=words), req, page)
    if d is None:
        return None
    if d.kind is Kind.ACT:
        return replace(d, phase=phase, text=question)
    # (no result count on the page: the passages say what they can)
    return d if d.confidence >= REFINE_CONFIDENCE else None

"""The links that clearly lead to a question's answer: a link named by the question's topic
("Shipping", "Returns") first, general help links (FAQ, Help) after."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from leflux.agent.planners.rules.answer import expanded_terms, matches_term, terms_of
from leflux.agent.planners.rules.answer_kinds import kind_of_stem, wanted_kinds
from leflux.agent.planners.rules.lexicon import DEFAULT_LANG, LANGS, Lexicon, lexicon
from leflux.agent.planners.rules.phrases import fold

# Link scores: a link named by the question's topic, a general help link.
TOPIC_LINK_MIN = 0.5
# A link this many words long describes its page (a card: title and topics).
DESCRIBED_LINK_WORDS = 4
HELP_LINK_SCORE = 0.4
# The site's name before "Docs" / "Help" ("Cloudnote Docs"): its home, looked in when
# this page has nothing on the question at all.
NAMED_HELP_LINK_SCORE = 0.3
L = TypeVar("L")


def _link_text(link: object) -> str:
    if isinstance(link, str):
        return link
    if isinstance(link, tuple) and link:  # (text, href) or (id, text)
        return next((x for x in link if isinstance(x, str)), "")
    return str(getattr(link, "text", "") or "")


def help_links(question: str, links: Sequence[L], lang: str = DEFAULT_LANG,
               text_of: Callable[[L], str] | None = None) -> list[tuple[L, float]]:
    """Links that clearly lead to the answer, best first: a link named by the question's
    topic ("Shipping" for "how long does delivery take"), then FAQ / Help links.
    ``links``: strings, (text, href) pairs, objects with ``.text``, or anything with
    ``text_of``."""
    name = text_of or _link_text
    lex = lexicon(lang if lang in LANGS else DEFAULT_LANG)
    terms = expanded_terms(question, lang)
    # "how much" asks for a price: a "Pricing" link is about it.
    kinds = wanted_kinds(question, lang)
    out: list[tuple[L, float]] = []
    for link in links:
        text = name(link).strip()
        words = set(terms_of(text, lang))
        if not text or not words:
            continue
        hits = {w: [t for t, alts in terms.items() if matches_term(t, alts, Counter((w,)))]
                for w in words}
        covered = sum(1 for w in words if hits[w] or kind_of_stem(w, lang) in kinds)
        topic = covered / len(words)
        if len(words) >= DESCRIBED_LINK_WORDS and terms:
            # A card's link with its description ("Stores & opening hours: Stockholm,
            # Gothenburg, customer service"): how much of the question it names.
            asked = {t for ts in hits.values() for t in ts}
            topic = max(topic, len(asked) / len(terms))
        general = _general(fold(text), lex)
        score = topic if topic >= TOPIC_LINK_MIN else general
        if score:
            out.append((link, round(score, 3)))
    return sorted(out, key=lambda x: -x[1])


def _general(low: str, lex: Lexicon) -> float:
    """How surely a link leads to the site's help in general ("FAQ", "Help Centre")."""
    if lex.help_links.match_start(low) is not None:
        return HELP_LINK_SCORE
    return NAMED_HELP_LINK_SCORE if lex.help_links.match_end(low) is not None else 0.0

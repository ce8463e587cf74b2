"""The words of passages and questions as the answer planner matches them: the stems of a
text's content words, and how often a question term (itself, a synonym, another form or a
typo of it) occurs among a text's stems."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from leflux.agent.planners.rules.lexicon import DEFAULT_LANG, LANGS, Lexicon, lexicon, stem
from leflux.agent.planners.rules.phrases import fold

# rapidfuzz ratio for a misspelt word to count, and what such a match is worth.
TYPO_MIN_RATIO, TYPO_WEIGHT, SYNONYM_WEIGHT, TYPO_MIN_LEN = 85.0, 0.8, 0.8, 5
# A stem this long that starts another word is that word in another form.
STEM_PREFIX_LEN = 4

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")


def lex_of(lang: str) -> Lexicon:
    return lexicon(lang if lang in LANGS else DEFAULT_LANG)


@lru_cache(maxsize=32768)
def terms(text: str, lang: str) -> tuple[str, ...]:
    """Stems of the content words of ``text`` (stopwords and question words dropped)."""
    lex = lex_of(lang)
    skip = lex.stopwords | lex.question_vocabulary
    return tuple(stem(w, lang) for w in WORD_RE.findall(fold(text)) if w not in skip)


def match(term: str, alts: tuple[str, ...], tf: Counter[str]) -> float:
    if tf.get(term):
        return float(tf[term])
    best = 0.0
    for t, count in tf.items():
        if t in alts:
            best = max(best, count * SYNONYM_WEIGHT)
        elif near(term, t):
            best = max(best, count * TYPO_WEIGHT)
    return best


def near(a: str, b: str) -> bool:
    """Misspelt ("retrun", "shiping") or another form of the same word ("larg" of
    "larger", which the stemmer leaves apart)."""
    if min(len(a), len(b)) >= STEM_PREFIX_LEN and (a.startswith(b) or b.startswith(a)):
        return True
    return len(a) >= TYPO_MIN_LEN and len(b) >= TYPO_MIN_LEN and (
        fuzz.ratio(a, b) >= TYPO_MIN_RATIO or OSA.distance(a, b) <= 1)

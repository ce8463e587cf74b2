"""How well the visitor's words name a text on the page (0..1).

Word against word: equal, same stem (shipping/ships), a synonym from the lexicon
(remove/delete), the same number (two/2), or a typo (rapidfuzz ratio). A phrase scores
by how much of the query the target covers, a little less when the target says much more.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from leflux.agent.planners.rules import lexicon_view as lex

# Word similarities (named so that tests and thresholds read the same numbers).
SAME_STEM = 0.95
SYNONYM = 0.9
PREFIX = 0.8
TYPO_MIN_RATIO = 80.0          # rapidfuzz ratio (0..100) from which two words are a typo pair
TYPO_WEIGHT = 0.9              # a typo counts at most this much
EXTRA_WORD_PENALTY = 0.04      # per target word beyond the query's, capped below
EXTRA_PENALTY_CAP = 0.25

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|[×✕✖✗+−]", re.UNICODE)


@lru_cache(maxsize=16384)
def tokens(text: str) -> tuple[str, ...]:
    """Lowercase words of a text (letters in any script, digits, and the × of close icons)."""
    return tuple(_WORD_RE.findall(text.lower().replace("_", " ").replace("-", " ")))


def worded(text: str) -> tuple[str, ...]:
    """The words of a text without its signs ("Remove adult ticket −": the − is a look)."""
    return tuple(w for w in tokens(text) if any(ch.isalpha() for ch in w))


@lru_cache(maxsize=131072)
def word_sim(a: str, b: str, lang: str = "en") -> float:
    if a == b:
        return 1.0
    na, nb = lex.number(a, lang), lex.number(b, lang)
    if na is not None and nb is not None:
        return 1.0 if na == nb else 0.0
    if a.isdigit() or b.isdigit():
        return 0.0
    if lex.stem(a, lang) == lex.stem(b, lang):
        return SAME_STEM
    if b in lex.synonyms(a, lang) or a in lex.synonyms(b, lang):
        return SYNONYM
    short = min(len(a), len(b))
    if short >= 3 and (a.startswith(b) or b.startswith(a)):
        return PREFIX if abs(len(a) - len(b)) <= 3 else PREFIX - 0.1
    if short < 4 or abs(len(a) - len(b)) > 3:
        return 0.0
    r = fuzz.ratio(a, b)
    return TYPO_WEIGHT * r / 100.0 if r >= TYPO_MIN_RATIO else 0.0


class Matcher:
    """One query against many targets; each distinct target word is compared once."""

    def __init__(self, query: tuple[str, ...], lang: str = "en") -> None:
        self.query = query
        self.lang = lang
        self._memo: dict[str, tuple[float, ...]] = {}
        # Multi-word synonyms ("add to cart" for "buy") count as the word they stand for.
        self._phrases = [(i, tokens(s)) for i, q in enumerate(query)
                         for s in lex.synonyms(q, lang) if " " in s]

    @property
    def phrase_heads(self) -> frozenset[str]:
        """The first words of the multi-word synonyms: a target holding one of them may
        say a phrase even where no word of it is like a query word."""
        return frozenset(phrase[0] for _, phrase in self._phrases if phrase)

    def sims(self, word: str) -> tuple[float, ...]:
        got = self._memo.get(word)
        if got is None:
            got = self._memo[word] = tuple(word_sim(q, word, self.lang) for q in self.query)
        return got

    def touches(self, word: str) -> bool:
        return any(self.sims(word))

    def per_word(self, target: tuple[str, ...]) -> list[float]:
        """For each query word, how well the target says it (0..1)."""
        best = [0.0] * len(self.query)
        for t in target:
            for i, v in enumerate(self.sims(t)):
                if v > best[i]:
                    best[i] = v
        for i, phrase in self._phrases:
            if best[i] < SYNONYM and _contains(target, phrase):
                best[i] = SYNONYM
        return best

    def score(self, target: tuple[str, ...]) -> float:
        q = self.query
        if not q or not target:
            return 0.0
        best = self.per_word(target)
        cover = sum(best) / len(q)
        extra = max(0, len(target) - len(q))
        return cover * (1.0 - min(EXTRA_PENALTY_CAP, EXTRA_WORD_PENALTY * extra))


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(seq[i:i + n] == sub for i in range(len(seq) - n + 1)) if n else False


def phrase_score(query: str, target: str, lang: str = "en") -> float:
    return Matcher(tokens(query), lang).score(tokens(target))


def verbatim(query: str, target: str) -> bool:
    """Quoted text: the target says exactly this (case and spacing aside)."""
    return " ".join(query.lower().split()) == " ".join(target.lower().split())

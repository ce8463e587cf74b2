"""Words and fuzzy similarity, stdlib only (difflib for typos)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

_WORD_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
STOPWORDS = frozenset(
    "a an the to of in on at for by with and or my me i you your our we it its this that is "
    "are be was please can could would will just now then here there some any button link "
    "page field box tab option".split()
)


def norm(text: str | None) -> str:
    return " ".join((text or "").lower().replace("_", " ").replace("-", " ").split())


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD_RE.findall(text.lower().replace("_", " ")))


def content_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in words(text) if w not in STOPWORDS)


_SUFFIXES = ("ing", "ed", "es", "s", "ly")


@lru_cache(maxsize=16384)
def stem(w: str) -> str:
    """A crude English stem: shipping/ships/shipped -> ship. Enough for matching."""
    for suf in _SUFFIXES:
        if len(w) > len(suf) + 2 and w.endswith(suf):
            w = w[: -len(suf)]
            if len(w) > 3 and w[-1] == w[-2]:
                w = w[:-1]
            break
    return w


@lru_cache(maxsize=65536)
def word_sim(a: str, b: str) -> float:
    """1.0 for equal words, high for plural/typo variants, 0 for unrelated ones."""
    if a == b:
        return 1.0
    if stem(a) == stem(b):
        return 0.9
    if len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a)):
        return 0.9 if abs(len(a) - len(b)) <= 3 else 0.7
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 3:
        return 0.0
    r = SequenceMatcher(None, a, b).ratio()
    return r if r >= 0.8 else 0.0


def overlap(query: tuple[str, ...], target: tuple[str, ...]) -> float:
    """How much of ``query`` is in ``target`` (0..1), tolerant to typos and plurals,
    with a small bonus when the target has few extra words (exact labels win)."""
    if not query or not target:
        return 0.0
    total = 0.0
    for q in query:
        best = 0.0
        for t in target:
            s = word_sim(q, t)
            if s > best:
                best = s
                if s == 1.0:
                    break
        total += best
    cover = total / len(query)
    extra = max(0, len(target) - len(query))
    return cover * (1.0 - min(0.25, 0.04 * extra))


def phrase_sim(query: str, target: str) -> float:
    q = content_words(query) or words(query)
    t = words(target)
    return overlap(q, t)


class Matcher:
    """``overlap(query, target)`` for one query against many targets, remembering each
    distinct target word (pages repeat words a lot: "Add to cart" x 100)."""

    def __init__(self, query: tuple[str, ...]) -> None:
        self.query = query
        self.memo: dict[str, tuple[float, ...]] = {}

    def touches(self, word: str) -> bool:
        sims = self.memo.get(word)
        if sims is None:
            sims = self.memo[word] = tuple(word_sim(x, word) for x in self.query)
        return any(sims)

    def score(self, target: tuple[str, ...]) -> float:
        q = self.query
        if not q or not target:
            return 0.0
        best = [0.0] * len(q)
        memo = self.memo
        for t in target:
            sims = memo.get(t)
            if sims is None:
                sims = memo[t] = tuple(word_sim(x, t) for x in q)
            for i, v in enumerate(sims):
                if v > best[i]:
                    best[i] = v
        cover = sum(best) / len(q)
        extra = max(0, len(target) - len(q))
        return cover * (1.0 - min(0.25, 0.04 * extra))

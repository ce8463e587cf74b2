"""Folded text and phrase matching: the words of what the visitor typed, and tables of
phrases matched on them.

Every phrase is folded (lowercase, accents dropped, one char for one char) so matching
works on folded text while spans still point into what the visitor typed. A
:class:`PhraseTable` matches many phrases at once, longest first, on word boundaries;
"*" in a phrase stands for a gap ("take * out").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Generic, TypeVar

# The most words "*" may stand for ("take * out", "melde mich als x mit Passwort y#z an").
MAX_GAP_WORDS = 10

K = TypeVar("K")


def _fold_char(c: str) -> str:
    if c in "’‘`´":
        return "'"
    if c in "“”«»„":
        return '"'
    low = c.lower()
    if len(low) != 1:
        return c
    base = unicodedata.normalize("NFD", low)[0]
    return base if base.isascii() else low


@cache
def _fold_table() -> dict[int, str]:
    # ASCII, Latin-1 and Latin Extended-A cover the four languages; one char for one char.
    chars = [chr(cp) for cp in range(0x41, 0x250)] + list("’‘`´“”«»„")
    return {ord(c): _fold_char(c) for c in chars if _fold_char(c) != c}


def fold(text: str) -> str:
    """Lowercase without accents, same length as ``text`` (spans stay valid)."""
    return text.translate(_fold_table())


# A word: an elided article ("l'", "d'", "qu'") on its own, a run of letters/digits joined
# by - ' . @ + (e-mail, don't, a@b.com), or one sign ($, <, /).
_TOKEN_RE = re.compile(r"(?:qu|[^\W\d_])'(?=\w)|\w+(?:[-'.@+]\w+)*|[^\w\s]")
Token = tuple[str, int, int]


@lru_cache(maxsize=4096)
def tokens(folded: str) -> tuple[Token, ...]:
    """The words of folded text with their spans."""
    return tuple((m[0], m.start(), m.end()) for m in _TOKEN_RE.finditer(folded))


@lru_cache(maxsize=4096)
def token_words(folded: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in tokens(folded))


def phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in tokens(fold(phrase)))


def _start_of(tok: Token) -> int:
    return tok[1]


@dataclass(frozen=True)
class PhraseHit(Generic[K]):
    key: K
    start: int
    end: int
    gap: tuple[int, int] | None = None   # where "*" matched


class PhraseTable(Generic[K]):
    """Phrases -> keys, matched word by word (longest first). The first key given for a
    phrase wins."""

    def __init__(self, entries: Iterable[tuple[str, K]]) -> None:
        self.keys: dict[tuple[str, ...], K] = {}
        self.gaps: list[tuple[tuple[str, ...], tuple[str, ...], K]] = []
        for phrase, key in entries:
            words = phrase.split()
            if "*" in words:
                i = words.index("*")
                self.gaps.append((phrase_key(" ".join(words[:i])),
                                  phrase_key(" ".join(words[i + 1:])), key))
            elif k := phrase_key(phrase):
                self.keys.setdefault(k, key)
        self.longest = max((len(k) for k in self.keys), default=0)
        # phrases by their first word, longest first: most words start none
        self.by_first: dict[str, list[tuple[tuple[str, ...], K]]] = {}
        for k, v in self.keys.items():
            self.by_first.setdefault(k[0], []).append((k, v))
        for cands in self.by_first.values():
            cands.sort(key=lambda kv: -len(kv[0]))

    def __contains__(self, phrase: str) -> bool:
        return phrase_key(phrase) in self.keys

    def get(self, phrase: str) -> K | None:
        return self.keys.get(phrase_key(phrase))

    def _at(self, words: tuple[str, ...], i: int) -> tuple[K, int] | None:
        for phrase, key in self.by_first.get(words[i], ()):
            n = len(phrase)
            if words[i:i + n] == phrase:
                return key, i + n
        return None

    def _gap_at(self, toks: tuple[Token, ...], words: tuple[str, ...], i: int
                ) -> PhraseHit[K] | None:
        best: PhraseHit[K] | None = None
        fixed = 0
        for pre, post, key in self.gaps:
            if words[i:i + len(pre)] != pre:
                continue
            g0 = i + len(pre)
            for j in range(g0 + 1, min(len(words), g0 + MAX_GAP_WORDS + 1)):
                if words[j:j + len(post)] == post:
                    end = toks[j + len(post) - 1][2]
                    # reaching as far, the phrase that says more wins ("melde mich * newsletter
                    # an" over "melde mich * an")
                    if best is None or (end, len(pre) + len(post)) > (best.end, fixed):
                        best = PhraseHit(key, toks[i][1], end, (toks[g0][1], toks[j - 1][2]))
                        fixed = len(pre) + len(post)
                    break
        return best

    def match_start(self, folded: str, pos: int = 0) -> PhraseHit[K] | None:
        """The longest phrase starting at ``pos`` (spaces skipped); a gap phrase wins when
        it reaches further."""
        toks = tokens(folded)
        i = bisect_left(toks, pos, key=_start_of)
        if i >= len(toks) or folded[pos:toks[i][1]].strip():
            return None
        words = token_words(folded)
        best: PhraseHit[K] | None = None
        if hit := self._at(words, i):
            best = PhraseHit(hit[0], toks[i][1], toks[hit[1] - 1][2])
        if self.gaps and (g := self._gap_at(toks, words, i)) and (
                best is None or g.end > best.end):
            best = g
        return best

    def match_end(self, folded: str) -> PhraseHit[K] | None:
        """The longest phrase that closes ``folded``."""
        toks = tokens(folded)
        words = token_words(folded)
        for n in range(min(self.longest, len(toks)), 0, -1):
            key = self.keys.get(words[len(words) - n:])
            if key is not None:
                return PhraseHit(key, toks[len(toks) - n][1], toks[-1][2])
        return None

    def find_all(self, folded: str) -> Iterator[PhraseHit[K]]:
        toks = tokens(folded)
        words = token_words(folded)
        i = 0
        while i < len(toks):
            if hit := self._at(words, i):
                yield PhraseHit(hit[0], toks[i][1], toks[hit[1] - 1][2])
                i = hit[1]
            else:
                i += 1

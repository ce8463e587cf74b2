"""Answer a visitor's question from the page's own text, or pick the link that leads there.

``best_passage`` cuts the visible text into passages (a paragraph under its heading, an FAQ
question with its answer) and ranks them BM25-style on word stems (snowball), the
lexicon's synonyms and typo-tolerant matches (rapidfuzz); the score is the share of the
question's weight the passage covers (0..1). ``help_links`` scores links by how clearly
they lead to the answer: a link named by the question's topic ("Shipping", "Returns")
first, general help links (FAQ, Help) after.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import fuzz

from leflux.agent.planners.rules.lexicon import (
    DEFAULT_LANG,
    LANGS,
    Lexicon,
    fold,
    lexicon,
    stem,
)

# A passage must cover this share of the question's weight to answer it.
MIN_PASSAGE_SCORE = 0.45
# rapidfuzz ratio for a misspelt word to count, and what such a match is worth.
TYPO_MIN_RATIO = 85.0
TYPO_WEIGHT = 0.8
SYNONYM_WEIGHT = 0.8
TYPO_MIN_LEN = 5
# BM25 constants (the usual ones).
BM25_K1, BM25_B = 1.2, 0.75
# An FAQ heading that asks the visitor's question is the strongest sign.
HEADING_WEIGHT = 0.35
MAX_PASSAGE_CHARS = 400
MAX_TEXT_CHARS = 200_000
HEADING_MAX_CHARS = 80
QUESTION_HEADING_MAX_CHARS = 160
# Link scores: a link named by the question's topic, a general help link.
TOPIC_LINK_MIN = 0.5
HELP_LINK_SCORE = 0.4

_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[\"“(¿¡]?[A-ZÁÉÍÓÚÑÀÈÙÂÊÎÔÛÇÄÖÜ0-9])")
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")
L = TypeVar("L")


@dataclass(frozen=True)
class Passage:
    text: str          # what to quote (heading and answer, cut to MAX_PASSAGE_CHARS)
    score: float       # share of the question's weight it covers (0..1+)
    heading: str = ""


@dataclass(frozen=True)
class _Unit:
    heading: str
    sentence: str
    paragraph: int


def _lex(lang: str) -> Lexicon:
    return lexicon(lang if lang in LANGS else DEFAULT_LANG)


@lru_cache(maxsize=32768)
def _terms(text: str, lang: str) -> tuple[str, ...]:
    """Stems of the content words of ``text`` (stopwords and question words dropped)."""
    lex = _lex(lang)
    skip = lex.stopwords | lex.question_vocabulary
    return tuple(stem(w, lang) for w in _WORD_RE.findall(fold(text)) if w not in skip)


def _is_heading(line: str) -> bool:
    return (line.endswith("?") and len(line) < QUESTION_HEADING_MAX_CHARS) or (
        len(line) < HEADING_MAX_CHARS and not line.endswith((".", "!", ":", ",", ";")))


def units(text: str) -> list[_Unit]:
    """Sentences in reading order, each with the heading of its paragraph."""
    out: list[_Unit] = []
    heading = ""
    for para, raw in enumerate(text[:MAX_TEXT_CHARS].splitlines()):
        line = " ".join(raw.split())
        if len(line) < 2:
            continue
        if _is_heading(line):
            heading = line
            continue
        for sent in _SENTENCE_RE.split(line):
            if len(sent) >= 2:
                out.append(_Unit(heading, sent, para))
    return out


def _expanded(question: str, lang: str) -> dict[str, tuple[str, ...]]:
    """Each question term -> the stems that count for it (itself and its synonyms)."""
    lex = _lex(lang)
    out: dict[str, tuple[str, ...]] = {}
    words = [w for w in _WORD_RE.findall(fold(question))
             if w not in lex.stopwords and w not in lex.question_vocabulary]
    for w in words:
        syn = {s for phrase in lex.synonyms_of(w) for s in _terms(phrase, lang)}
        term = stem(w, lang)
        out[term] = tuple(syn - {term})
    return out


def _match(term: str, alts: tuple[str, ...], tf: Counter[str]) -> float:
    if tf.get(term):
        return float(tf[term])
    best = 0.0
    for t, count in tf.items():
        if t in alts:
            best = max(best, count * SYNONYM_WEIGHT)
        elif len(term) >= TYPO_MIN_LEN and len(t) >= TYPO_MIN_LEN and fuzz.ratio(
                term, t) >= TYPO_MIN_RATIO:
            best = max(best, count * TYPO_WEIGHT)
    return best


def _score_units(question: str, us: list[_Unit], lang: str) -> list[float]:
    terms = _expanded(question, lang)
    if not terms:
        return [0.0] * len(us)
    docs = [Counter(_terms(f"{u.heading} {u.sentence}", lang)) for u in us]
    n = len(docs)
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    avg = sum(sum(d.values()) for d in docs) / n or 1.0
    idf = {t: math.log(1 + (n - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)) for t in terms}
    total = sum(idf.values()) or 1.0
    q_words = set(_terms(question, lang))
    scores = []
    for u, d in zip(us, docs, strict=True):
        length = sum(d.values())
        s = 0.0
        for t, alts in terms.items():
            f = _match(t, alts, d)
            if f:
                sat = f * (BM25_K1 + 1) / (f + BM25_K1 * (1 - BM25_B + BM25_B * length / avg))
                s += idf[t] * min(1.0, sat)
        s /= total
        if u.heading and q_words:
            h = set(_terms(u.heading, lang))
            s += HEADING_WEIGHT * len(h & q_words) / len(q_words)
        scores.append(s)
    return scores


def _quote(us: list[_Unit], best: int) -> str:
    """Under a heading, the paragraph from its start as long as the best sentence fits;
    else the best sentence and the next."""
    u = us[best]
    same = [x.sentence for x in us if x.paragraph == u.paragraph]
    window: list[str] = []
    for s in same:
        if window and len(" ".join(window)) + len(s) > MAX_PASSAGE_CHARS - len(u.heading):
            break
        window.append(s)
    if u.sentence not in window or not u.heading:
        i = same.index(u.sentence)
        window = same[i:i + 2] if i + 1 < len(same) and len(u.sentence) + len(
            same[i + 1]) < MAX_PASSAGE_CHARS else [u.sentence]
    text = " ".join([u.heading, *window] if u.heading else window)
    if len(text) > MAX_PASSAGE_CHARS:
        text = text[:MAX_PASSAGE_CHARS].rsplit(" ", 1)[0] + "…"
    return text


def best_passage(question: str, visible_text: str, lang: str = DEFAULT_LANG
                 ) -> Passage | None:
    """The passage of the page that best answers ``question``; None when nothing on the
    page covers enough of it (MIN_PASSAGE_SCORE)."""
    us = units(visible_text or "")
    if not us or not question.strip():
        return None
    scores = _score_units(question, us, lang)
    best = max(range(len(us)), key=lambda i: scores[i])
    if scores[best] < MIN_PASSAGE_SCORE:
        return None
    return Passage(_quote(us, best), round(scores[best], 3), us[best].heading)


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
    lex = _lex(lang)
    terms = _expanded(question, lang)
    out: list[tuple[L, float]] = []
    for link in links:
        text = name(link).strip()
        words = _terms(text, lang)
        if not text or not words:
            continue
        covered = sum(1 for w in set(words)
                      if any(_match(t, alts, Counter((w,))) for t, alts in terms.items()))
        topic = covered / len(set(words))
        general = HELP_LINK_SCORE if lex.help_links.match_start(fold(text)) is not None else 0.0
        score = topic if topic >= TOPIC_LINK_MIN else general
        if score:
            out.append((link, round(score, 3)))
    return sorted(out, key=lambda x: -x[1])

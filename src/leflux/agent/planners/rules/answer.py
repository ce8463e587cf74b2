"""Answer a visitor's question from the page's own text, or pick the link that leads there.

``best_passage`` cuts the visible text into passages (a paragraph under its heading, an FAQ
question with its answer) and ranks them BM25-style on word stems (snowball), the
lexicon's synonyms and typo-tolerant matches (rapidfuzz); the score is the share of the
question's weight the passage covers (0..1). ``answer_links.help_links`` scores links by how clearly
they lead to the answer: a link named by the question's topic ("Shipping", "Returns")
first, general help links (FAQ, Help) after.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from leflux.agent.planners.rules.answer_kinds import (
    asked_part,
    holds,
    in_range,
    term_kinds,
    wanted_kinds,
)
from leflux.agent.planners.rules.answer_terms import SYNONYM_WEIGHT
from leflux.agent.planners.rules.answer_terms import WORD_RE as _WORD_RE
from leflux.agent.planners.rules.answer_terms import lex_of as _lex
from leflux.agent.planners.rules.answer_terms import match as _match
from leflux.agent.planners.rules.answer_terms import terms as _terms
from leflux.agent.planners.rules.lexicon import (
    DEFAULT_LANG,
    LANGS,
    lexicon,
    lexicon_data,
    stem,
)
from leflux.agent.planners.rules.passages import Unit as _Unit
from leflux.agent.planners.rules.passages import (
    cut_passage,
    quote_passage,
    units,
)
from leflux.agent.planners.rules.passages import is_data as _is_data
from leflux.agent.planners.rules.passages import is_heading as _is_heading
from leflux.agent.planners.rules.phrases import fold

# A passage must cover this share of the question's weight to answer it.
MIN_PASSAGE_SCORE = 0.45
# BM25 constants (the usual ones).
BM25_K1, BM25_B = 1.2, 0.75
# A sentence among a page of short lines (a footer under a product grid) is not
# penalised for its length beyond this many times the average.
MAX_LENGTH_RATIO = 2.0
# An FAQ heading that asks the visitor's question is the strongest sign.
HEADING_WEIGHT = 0.35
# A heading all of whose words are about the question's terms ranks a little higher.
HEADING_TOPIC_WEIGHT = 0.1
# A passage holding the kind of answer the question asks for (an amount for "how much", a
# duration for "how long") ranks this much higher; its score to answer stays its own.
ANSWER_KIND_WEIGHT = 0.3
HEADER_KIND_WEIGHT = 0.2
# A passage holding the kind of answer asked for needs this much less to answer.
KIND_SLACK = 0.1
# What a word said by another sentence of the same paragraph counts for a sentence.
CONTEXT_WEIGHT = 0.5
# A value under a label that is only the question's words ranks this much higher.
LABEL_WEIGHT = 0.1
# A table whose header names the kind of answer asked for ("Costs") answers in place of a
# passage without it, from this share of the passage's minimum.
TABLE_SHARE = 0.4

@dataclass(frozen=True)
class Passage:
    text: str          # what to quote (heading and answer, cut to MAX_PASSAGE_CHARS)
    score: float       # share of the question's weight it covers (0..1+)
    heading: str = ""
    # Question terms the page never mentions: it may not be the page that answers.
    missing: tuple[str, ...] = ()
    # It holds the kind of answer asked for (an amount for "how much"), or none was asked.
    fits: bool = True
    terms: int = 0     # how many terms the question has
    # A short line alone, no sentence and no table's row: a tile's title ("30-day
    # returns") that names a policy more than it states it.
    line: bool = False


def _expanded(question: str, lang: str) -> dict[str, tuple[str, ...]]:
    """Each question term -> the stems that count for it (itself and its synonyms)."""
    lex = _lex(lang)
    out: dict[str, tuple[str, ...]] = {}
    question = asked_part(question, lang)
    words = [w for w in _WORD_RE.findall(fold(question)) if w not in lex.stopwords
             and w not in lex.question_vocabulary and w not in lex.framing]
    # "money back" is "refund": a phrase of a synonym group lends its group to its words
    said = _WORD_RE.findall(fold(question))
    # ("send them back" is "send back": the little words between a phrase's words aside)
    lows = (f" {' '.join(said)} ", f" {' '.join(w for w in said if w not in lex.stopwords)} ")
    lent: dict[str, set[str]] = {}
    one_thing: dict[str, set[str]] = {}  # a phrase's terms: one thing, not several
    for group in lex.synonyms:
        for phrase in group:
            if " " in phrase and any(f" {phrase} " in low for low in lows):
                for w in phrase.split():
                    lent.setdefault(w, set()).update(
                        s for p in group - {phrase} for s in _terms(p, lang))
                    one_thing.setdefault(stem(w, lang), set()).update(_terms(phrase, lang))
    for w in words:
        term = stem(w, lang)
        if w in lent:
            # a word of a phrase means the phrase ("devolverme el dinero" is a refund,
            # not any return): its own synonyms do not count
            out[term] = tuple(lent[w] - {term})
            continue
        syn = {s for phrase in lex.synonyms_of(w) for s in _terms(phrase, lang)}
        # ("devolverme" is "devolver" with its pronoun: the group of the word's stem)
        syn |= _stem_groups(lang).get(term, frozenset())
        out[term] = tuple(syn - {term})
    # A country is in its region ("germany" in a row for "UK & Europe").
    for w in words:
        if (within := _regions(lang).get(w)) is not None:
            term = stem(w, lang)
            out[term] = tuple({*out.get(term, ()), *within})
    # Two words of one group in the question are two things to the visitor ("once you get
    # my return, how long till the refund"): neither counts for the other, unless they are
    # one phrase of it ("cancel my contract" is a cancellation).
    return {t: tuple(a for a in alts if a not in out or a in one_thing.get(t, ()))
            for t, alts in out.items()}


@lru_cache(maxsize=8)
def _stem_groups(lang: str) -> dict[str, frozenset[str]]:
    """The stem of each one-word synonym -> the stems of its group."""
    out: dict[str, set[str]] = {}
    for group in _lex(lang).synonyms:
        stems = {s for p in group for s in _terms(p, lang)}
        for p in group:
            if " " not in p:
                out.setdefault(stem(p, lang), set()).update(stems)
    return {k: frozenset(v) for k, v in out.items()}


# What the other question planners share of the passages' matching: stems of a text's
# content words, each question term with the stems that count for it, and how often a
# term (a synonym, another form, a typo of it) occurs in a text's stems.
terms_of = _terms
expanded_terms = _expanded


matches_term = _match


@dataclass
class _Scores:
    scores: list[float]
    missing: tuple[str, ...]     # question terms no unit matches at all
    hits: list[frozenset[str]] = field(default_factory=list)  # terms each unit says as is


def _scored(question: str, us: list[_Unit], lang: str) -> _Scores:
    terms = _expanded(question, lang)
    if not terms:
        return _Scores([0.0] * len(us), ())
    docs = [Counter(_terms(f"{u.heading} {u.sentence}", lang)) for u in us]
    # Length is the sentence's own: a table row under a long header is not a long passage.
    lengths = [max(1, len(_terms(u.sentence, lang))) for u in us]
    # (a value read with its label repeats the page's words: it counts once)
    own = [d for u, d in zip(us, docs, strict=True) if not u.label] or docs
    n = len(own)
    df: Counter[str] = Counter()
    for d in own:
        df.update(d.keys())
    avg = sum(lengths) / len(docs) or 1.0
    idf = {t: math.log(1 + (n - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)) for t in terms}
    q_words = set(_terms(question, lang))
    by_kind = term_kinds(question, lang)
    around = _beside(us, lang)
    rows = [_row(u, d, min(length / avg, MAX_LENGTH_RATIO), near, terms, idf, by_kind, lang)
            for u, d, length, near in zip(us, docs, lengths, around, strict=True)]
    matched = {t for row in rows for t in row}
    # The share is of the terms the page mentions at all, scaled down by how many it
    # never mentions: a term absent from every passage tells none of them apart.
    total = sum(idf[t] for t in matched) or 1.0
    # (a word that only qualifies the question is not missed where a passage lacks it)
    spare = {t for t in terms if t not in matched and t in _optional(lang)}
    coverage = math.sqrt(len(matched | spare) / len(terms))
    scores = []
    for u, row in zip(us, rows, strict=True):
        s = sum(row.values()) / total * coverage
        if u.heading and q_words:
            # (the heading's topic counts for a passage that says all the page has on the
            # question: "How long does shipping take?" does not say "to Canada")
            s += _heading_bonus(u.heading, q_words, terms, lang, matched <= row.keys())
        scores.append(s)
    # (the question's own words each unit says as they are, no synonym)
    said = [frozenset(t for t in row if d.get(t)) for row, d in zip(rows, docs, strict=True)]
    return _Scores(scores, tuple(t for t in terms if t not in matched and t not in spare), said)


def _row(u: _Unit, d: Counter[str], ratio: float, near: Counter[str],
         terms: dict[str, tuple[str, ...]], idf: dict[str, float], by_kind: dict[str, str],
         lang: str) -> dict[str, float]:
    """What each question term a unit says is worth (BM25)."""
    row: dict[str, float] = {}
    for t, alts in terms.items():
        f = _match(t, alts, d)
        if not f and t in by_kind and holds(u.sentence, frozenset((by_kind[t],)), lang):
            f = SYNONYM_WEIGHT
        elif not f and t.isdecimal() and in_range(float(t), u.sentence, lang):
            f = 1.0  # "my 3 year old": "children under 5"
        if f:
            sat = f * (BM25_K1 + 1) / (f + BM25_K1 * (1 - BM25_B + BM25_B * ratio))
            row[t] = idf[t] * min(1.0, sat)
        elif near and _match(t, alts, near):
            row[t] = idf[t] * CONTEXT_WEIGHT  # said by the sentence beside it
    return row


def _beside(us: list[_Unit], lang: str) -> list[Counter[str]]:
    """The words of the sentences right before and after each sentence of a paragraph
    ("we answer messages within 2 days. Cancellation requests are handled by phone"): a
    sentence is read with them (rows and labelled values stand alone)."""
    out: list[Counter[str]] = []
    for i, u in enumerate(us):
        near: Counter[str] = Counter()
        if not (u.row or u.label):
            for j in (i - 1, i + 1):
                if 0 <= j < len(us) and us[j].paragraph == u.paragraph and not us[j].row:
                    near.update(_terms(us[j].sentence, lang))
        out.append(near)
    return out


def _heading_bonus(heading: str, q_words: set[str], terms: dict[str, tuple[str, ...]],
                   lang: str, complete: bool) -> float:
    """A heading that asks the visitor's question, and one wholly about its topic
    ("Refunds" over "Returns & refunds" for money back)."""
    h = set(_terms(heading, lang))
    if not h:
        return 0.0
    # ("policy" frames a heading's topic: "What is your return policy?" is about returns)
    topic = h - _framing(lang)
    about = sum(1 for w in topic
                if any(_match(t, alts, Counter((w,))) for t, alts in terms.items()))
    whole = HEADING_TOPIC_WEIGHT if complete and topic and about == len(topic) else 0.0
    return HEADING_WEIGHT * len(h & q_words) / len(q_words) + whole


@lru_cache(maxsize=8)
def _regions(lang: str) -> dict[str, frozenset[str]]:
    """A country's name -> the stems of the regions it is in (lexicon [regions]: a
    region's name, in the page's words, over the countries in it)."""
    regions: dict[str, list[str]] = lexicon_data(
        lang if lang in LANGS else DEFAULT_LANG).get("regions", {})
    out: dict[str, set[str]] = {}
    for region, countries in regions.items():
        for country in countries:
            out.setdefault(fold(country), set()).update(_terms(region, lang))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=8)
def _framing(lang: str) -> frozenset[str]:
    """Words that only frame a heading, in any language the page may be written in
    ("What is your return policy?" under a French question)."""
    return frozenset(stem(w, lang) for lg in LANGS for lex in (lexicon(lg),)
                     for w in lex.framing | lex.stopwords | lex.question_vocabulary)


@lru_cache(maxsize=8)
def _optional(lang: str) -> frozenset[str]:
    return frozenset(stem(w, lang) for w in _lex(lang).optional)


def best_passage(question: str, visible_text: str, lang: str = DEFAULT_LANG,
                 controls: frozenset[str] = frozenset(),
                 min_score: float = MIN_PASSAGE_SCORE,
                 links: frozenset[str] = frozenset(),
                 entries: frozenset[str] = frozenset()) -> Passage | None:
    """The passage of the page that best answers ``question``; None when nothing on the
    page covers enough of it (MIN_PASSAGE_SCORE). ``controls``: the folded names of the
    page's links and buttons, never an answer (a menu's "FAQ & returns"); ``entries``: its
    FAQ entries' questions."""
    us = units(visible_text or "", controls, links, entries)
    if not us or not question.strip():
        return None
    got = _scored(question, us, lang)
    kinds = wanted_kinds(question, lang)
    best = _best(us, got, question, kinds, min_score, lang)
    if best is None:
        return None
    rows = _same_rows(us, question, best, lang)
    text = quote_passage(us, best) if len(rows) < 2 else cut_passage(" ".join(
        [us[best].heading, "; ".join(us[i].sentence for i in rows)]))
    fits = not kinds or holds(text, kinds, lang)
    return Passage(text, round(got.scores[best], 3), us[best].heading, got.missing, fits,
                   len(_expanded(question, lang)),
                   line=len(rows) < 2 and _is_tile(us, best))


def _best(us: list[_Unit], got: _Scores, question: str, kinds: frozenset[str],
          min_score: float, lang: str) -> int | None:
    scores = got.scores
    asked = set(_terms(question, lang))
    # An answer says something the question did not ("Shipping" alone, a menu item, a
    # title does not answer "how much is shipping").
    # (a passage holding the kind of answer asked for needs a little less, when the page
    # mentions everything the question names)
    slack = KIND_SLACK if kinds and not got.missing else 0.0
    fit = [i for i in range(len(us)) if scores[i] >= min_score - slack * holds(
        us[i].sentence, kinds, lang)
           and not set(_terms(us[i].sentence, lang)) <= asked and _says(us[i], kinds, asked, lang)]
    if not fit:
        return None
    best = max(fit, key=lambda i: scores[i] + _kind_bonus(us[i], kinds, lang)
               + _label_bonus(us[i], asked, lang))
    if not kinds or holds(quote_passage(us, best), kinds, lang):
        return best
    # The best passage lacks what was asked ("how much is delivery for a sofa" over
    # "sofas take 8 weeks"): a table whose header names it ("Costs") and whose rows hold
    # it answers, when the question reaches it at all.
    named = ANSWER_KIND_WEIGHT + HEADER_KIND_WEIGHT
    table = [i for i in range(len(us)) if us[i].row and scores[i] >= min_score * TABLE_SHARE
             and _kind_bonus(us[i], kinds, lang) >= named]
    if table:
        return max(table, key=lambda i: scores[i])
    # ... else a line that holds it and says a word of the question the passage does not
    # ("Remember me for 30 days" for "how long does remember me keep me logged in")
    holding = [i for i in range(len(us)) if scores[i] >= min_score * TABLE_SHARE
               and got.hits[i] - got.hits[best] and holds(us[i].sentence, kinds, lang)]
    return max(holding, key=lambda i: scores[i]) if holding else best


def _is_tile(us: list[_Unit], i: int) -> bool:
    """A short line standing alone: no sentence, no table's row, none beside it."""
    u = us[i]
    return not u.row and _is_heading(u.sentence) and not any(
        x.paragraph == u.paragraph for x in us if x is not u)


def _says(u: _Unit, kinds: frozenset[str], asked: set[str], lang: str) -> bool:
    """A sentence, or a short line with figures (a row, opening hours); not a bare title
    ("Returns & exchanges") that only names what the page is about. A value read with its
    label, when it is the kind asked for ("Monday" / "Closed" for "open on mondays") or
    a figure under a label that says all the question names ("Total" / "£289.45")."""
    if u.label:
        return (bool(kinds) and holds(u.sentence, kinds, lang)) or (
            _is_data(u.sentence) and bool(_label_bonus(u, asked, lang)))
    # (a table's row says what it holds, figures or not: "Sunday Closed")
    return u.row or not _is_heading(u.sentence) or _is_data(u.sentence)


def _same_rows(us: list[_Unit], question: str, best: int, lang: str) -> list[int]:
    """A table row that matches the question only through its table's heading and header
    (a general "how much is shipping" over a table of rates): the answer is the table."""
    u = us[best]
    own = Counter(_terms(u.sentence, lang))
    if not u.row or u.label or any(_match(t, alts, own) for t, alts in _expanded(
            question, lang).items()):
        return []  # (a value read with its label is one value, not a table)
    return [i for i, x in enumerate(us) if x.row and not x.label and x.heading == u.heading]


def _label_bonus(u: _Unit, asked: set[str], lang: str) -> float:
    """A value whose own label says all the question names ("Total" / "£289.45" for
    "what's my total") reads better than a cell under a header of many columns."""
    own = set(_terms(u.label, lang))
    return LABEL_WEIGHT * len(asked) / len(own) if own and asked and asked <= own else 0.0


def _kind_bonus(u: _Unit, kinds: frozenset[str], lang: str) -> float:
    """A unit holding the kind of answer asked for, or under a header that names it (a
    table's "Cost" column for "how much"), ranks higher."""
    if not kinds:
        return 0.0
    lex = _lex(lang)
    named = any(lex.answers.get(w) in kinds for w in _WORD_RE.findall(fold(u.heading)))
    return ANSWER_KIND_WEIGHT * holds(u.sentence, kinds, lang, strict=True) + \
        HEADER_KIND_WEIGHT * named


def rank_texts(question: str, texts: Sequence[str], lang: str = DEFAULT_LANG) -> list[float]:
    """How well each short text (an FAQ entry's question, a tab's name) matches
    ``question``, on the passages' scale (0..1+); texts are scored against each other."""
    us = [_Unit(t, "", i) for i, t in enumerate(texts)]
    return _scored(question, us, lang).scores if us else []

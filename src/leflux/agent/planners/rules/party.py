"""The people a visitor gets tickets for, described rather than counted ("tickets for me
and my mum, she's 70"): each is one ticket of the kind the page says they are.

A page with counters of kinds of ticket says who each kind is for, in the kind's own
line or a sentence that defines it ("Child (5–15)", "Concessions: students, over-65s and
jobseekers"). A person of a stated age takes the one kind whose ages hold it; one said to
be a student, the one kind whose definition names students; a child, the kind the
lexicon calls a child; the visitor and other grown-ups, the standard kind ("Adult"),
also a grown-up whose age no kind asks for. Anyone who fits no kind, or more than one
(a son of no stated age, a three-year-old where children under five need no ticket), is
not guessed at: no counts are set. The words are the lexicon's (``[party]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.lexicon import DEFAULT_LANG, LANGS, lexicon_data
from leflux.agent.planners.rules.phrases import fold

GROWN_UP = 18  # an age no "child" or "youth" ticket is for, where no kind asks for it
OLDEST = 150
_AGE = r"(\d{1,3})"


@dataclass(frozen=True)
class Person:
    sort: str              # self | adults | children | unsure
    name: str              # the words naming them ("mum")
    count: int
    at: int                # where the words name them
    age: int | None = None
    status: str | None = None


@dataclass(frozen=True)
class Kind:
    words: tuple[str, ...]               # the counter's ("concession", "ticket")
    ages: tuple[tuple[int, int], ...]    # ages it is for, inclusive
    stems: frozenset[str]                # stems of the words defining it


@cache
def _words(lang: str) -> dict[str, tuple[str, ...]]:
    """The visitor's words, lowercase with their accents ("mí" is not "mi")."""
    return {k: tuple(w.lower() for w in v) for k, v in lexicon_data(
        lang if lang in LANGS else DEFAULT_LANG).get("party", {}).items()}


@cache
def _page_words(lang: str) -> dict[str, tuple[str, ...]]:
    """A page's words (folded), in the visitor's language or English."""
    both = [_words(lang), _words(DEFAULT_LANG)]
    return {k: tuple(dict.fromkeys(fold(x) for w in both for x in w.get(k, ())))
            for k in ("over", "under", "standard", "children")}


def _any(phrases: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + ")"


def _people(text: str, lang: str) -> list[Person] | None:
    """Who the words name, with their ages and what they are; None: a count not said."""
    w = _words(lang)
    low = re.sub(r"(?<=\w)-(?=\w)", " ", text.lower())
    out: list[Person] = []
    for sort in ("self", "adults", "children", "unsure"):
        for m in re.finditer(rf"(?<!\w){_any(w.get(sort, ()))}(?!\w)", low):
            before = low[:m.start()].split()
            n = lex.number(before[-1], lang) if before else None
            if n is None and m.group(0) in w.get("plurals", ()):
                return None
            out.append(Person(sort, m.group(0), n or 1, m.start()))
    out.sort(key=lambda p: p.at)
    return _with_ages(out, low, w, lang)


def _nearest(people: list[Person], at: int, end: int, low: str) -> int | None:
    """The person named right after ``end`` ("my 70 year old mum"), else the last one
    named before ``at`` ("my mum, she's 70")."""
    after = [i for i, p in enumerate(people) if p.at >= end and len(low[end:p.at].split()) <= 1]
    before = [i for i, p in enumerate(people) if p.at < at]
    return after[0] if after else before[-1] if before else None


def _names_one_more(people: list[Person], at: int, low: str, lang: str) -> bool:
    """An age after "and" and no one named after it ("me and my 3 year old"): a person."""
    before = [p for p in people if p.at < at]
    between = low[before[-1].at:at].split() if before else []
    return not before or any(j in between for j in lex.and_words(lang))


def _with_ages(people: list[Person], low: str, w: dict[str, tuple[str, ...]],
               lang: str) -> list[Person]:
    said = [(m, "age") for m in re.finditer(
        rf"(?<!\w){_any(w.get('age_before', ()))}\s+{_AGE}(?!\w)|\({_AGE}\)", low)]
    said += [(m, "age") for m in re.finditer(rf"(?<!\w){_AGE}\s+{_any(w.get('age_after', ()))}"
                                             r"(?!\w)", low)]
    said += [(m, "status") for m in re.finditer(rf"(?<!\w){_any(w.get('statuses', ()))}s?(?!\w)",
                                                low)]
    taken: list[range] = []
    for m, what in said:
        if any(m.start() in r or m.end() - 1 in r for r in taken):
            continue  # "she is 70 years old": one age
        taken.append(range(m.start(), m.end()))
        i = _nearest(people, m.start(), m.end(), low)
        if what == "age" and m.group(0)[-1].isalpha() and (i is None or people[i].at < m.start()) \
                and _names_one_more(people, m.start(), low, lang):
            # "my 3 year old": no one named after the age, the age names the person
            people.append(Person("unsure", m.group(0), 1, m.start()))
            i = len(people) - 1
        if i is None:
            continue
        p = people[i]
        if what == "age":
            age = int(next(g for g in m.groups() if g))
            people[i] = replace(p, age=age)
        else:
            people[i] = replace(p, status=m.group(0).rstrip("s"))
    return sorted(people, key=lambda p: p.at)


def _stems(word: str, lang: str) -> set[str]:
    """Its stems in the visitor's language and in English (pages often are)."""
    return {lex.stem(fold(word), lang), lex.stem(fold(word), DEFAULT_LANG)}


def _ages(definition: str, w: dict[str, tuple[str, ...]]) -> list[tuple[int, int]]:
    """The ages a definition gives: "5–15", "over-65s", "under 5"."""
    out = [(int(a), int(b)) for a, b in re.findall(rf"{_AGE}\s*(?:[-–—]|to)\s*{_AGE}",
                                                     definition)]
    over = rf"(?<!\w){_any(w.get('over', ()))}[\s-]*{_AGE}|{_AGE}\s*\+"
    out += [(int(a or b), OLDEST) for a, b in re.findall(over, definition)]
    out += [(0, int(a) - 1) for a in re.findall(
        rf"(?<!\w){_any(w.get('under', ()))}[\s-]*{_AGE}", definition)]
    return out


def kinds(page: Page, words: list[tuple[str, ...]], lang: str) -> list[Kind]:
    """What the page says of each counter's kind: the line or sentence that starts with its
    own word, then "(" or ":" ("Child (5–15)", "Concessions: students, over-65s")."""
    w = _page_words(lang)
    common = set.intersection(*(set(ws) for ws in words)) if words else set()
    out = []
    for ws in words:
        own = {st for x in ws if x not in common for st in _stems(x, lang)}
        ages: list[tuple[int, int]] = []
        stems: set[str] = set()
        for part in re.split(r"\n|(?<=[.!?])\s+", fold(page.text)):
            head = re.match(r"\s*(\w+)\s*([(:])", part)
            if head and _stems(head.group(1), lang) & own:
                rest = part[head.start(2):]
                ages += _ages(rest, w)
                stems |= {st for x in re.findall(r"[^\W\d_]+", rest) for st in _stems(x, lang)}
        out.append(Kind(ws, tuple(ages), frozenset(stems)))
    return out


def _standard(found: list[Kind], lang: str) -> Kind | None:
    plain = {st for x in _page_words(lang).get("standard", ()) for st in _stems(x, lang)}
    hits = [k for k in found if {st for x in k.words for st in _stems(x, lang)} & plain]
    return hits[0] if len(hits) == 1 else None


def _kind_of(p: Person, found: list[Kind], lang: str) -> Kind | None:
    if p.status is not None:
        hits = [k for k in found if _stems(p.status, lang) & k.stems]
        return hits[0] if len(hits) == 1 else None
    if p.age is not None:
        hits = [k for k in found if any(lo <= p.age <= hi for lo, hi in k.ages)]
        if len(hits) == 1:
            return hits[0]
        return _standard(found, lang) if not hits and p.age >= GROWN_UP else None
    if p.sort == "children":
        child = {st for x in _page_words(lang).get("children", ()) for st in _stems(x, lang)}
        hits = [k for k in found if {st for x in k.words for st in _stems(x, lang)} & child]
        return hits[0] if len(hits) == 1 else None
    return _standard(found, lang) if p.sort in ("self", "adults") else None


def party_counts(text: str, page: Page, words: list[tuple[str, ...]],
                 lang: str) -> tuple[list[tuple[str, int]], str | None]:
    """(a counter's words, how many) for the people ``text`` describes ([] for none), or
    the words naming one who fits no kind of the page's, or more than one ("son")."""
    people = _people(text, lang)
    if not people:
        return [], None
    found = kinds(page, words, lang)
    counts: dict[tuple[str, ...], int] = {}
    for p in people:
        k = _kind_of(p, found, lang)
        if k is None:
            return [], p.name
        counts[k.words] = counts.get(k.words, 0) + p.count
    return [(" ".join(ws), n) for ws, n in counts.items()], None

"""The kind of answer a question asks for (an amount for "how much", a duration for "how
long", a time for "when") and whether a passage holds one; words from the lexicons."""

from __future__ import annotations

import re
from functools import lru_cache

from leflux.agent.planners.rules.lexicon import DEFAULT_LANG, LANGS, Lexicon, lexicon, stem
from leflux.agent.planners.rules.phrases import fold

# Characters between a number and the unit after it ("7 business days", "60 days").
UNIT_REACH = 3
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")


def _lex(lang: str) -> Lexicon:
    return lexicon(lang if lang in LANGS else DEFAULT_LANG)


def wanted_kinds(question: str, lang: str) -> frozenset[str]:
    """What the question asks for: money, duration, time, count (none: anything)."""
    return frozenset(h.key for h in _lex(lang).answers.find_all(fold(question)))


_MONEY_RE = re.compile(r"[$€£¥]\s?\d|\d\s?[$€£¥]")
_PHONE_RE = re.compile(r"\+?\(?\d[\d ()./-]{6,}\d")
_NUMBER_BEFORE = re.compile(rf"\d\W{{0,{UNIT_REACH}}}$")
_CLOCK_RE = re.compile(r"\b\d{1,2}:\d{2}\b")


@lru_cache(maxsize=8)
def _glued_unit(lang: str) -> re.Pattern[str]:
    """A time unit written onto its number ("10am", "17h")."""
    units = [" ".join(k) for k, v in _lex(lang).answer_values.keys.items() if v == "time"]
    return re.compile(r"\d\s?(?:" + "|".join(map(re.escape, units)) + r")\b")


def _kind_in(kind: str, low: str, lex: Lexicon, lang: str, strict: bool = False) -> bool:
    hits = [h for h in lex.answer_values.find_all(low) if h.key == kind]
    if kind == "money":
        return bool(_MONEY_RE.search(low) or (hits and not strict)) or any(
            True for _ in lex.currency.find_all(low))
    if kind == "time":
        return bool(hits or _CLOCK_RE.search(low) or _glued_unit(lang).search(low))
    if kind == "phone":
        return bool(_PHONE_RE.search(low))
    if kind == "email":
        return "@" in low
    if kind == "weekday":  # "Friday", "Fridays", "Mon–Sat"
        return any(lex.weekdays.get(w) is not None or lex.weekdays.get(w.rstrip("s")) is not None
                   for w in _WORD_RE.findall(low))
    if kind == "author":  # a byline: "By Elif Demir · 28 November"
        return any(h.start == 0 for h in hits)
    if kind == "place":
        return any(ch.isdigit() for ch in low) and any(True for _ in lex.street.find_all(low))
    if kind == "duration":
        return any(_NUMBER_BEFORE.search(low[:h.start].rstrip()) for h in hits)
    return any(ch.isdigit() for ch in low)  # count


@lru_cache(maxsize=16384)  # (a question reads each passage's values several times)
def holds(text: str, kinds: frozenset[str], lang: str, strict: bool = False) -> bool:
    """Does ``text`` hold a value of one of ``kinds`` (an amount, a duration...)?
    ``strict``: an amount in figures ("free" answers "how much", it ranks no passage)."""
    low = fold(text)
    # The page may be written in another language than the question ("¿cuánto tardan...?"
    # on a page that says "within 7 days"): its values are read in every language.
    return any(_kind_in(k, low, _lex(lg), lg, strict) for lg in _page_langs(lang)
               for k in kinds)


def _page_langs(lang: str) -> tuple[str, ...]:
    """The question's language first, then the others a page may be written in."""
    first = lang if lang in LANGS else DEFAULT_LANG
    return (first, *(lg for lg in LANGS if lg != first))


@lru_cache(maxsize=4096)
def kind_of_stem(word_stem: str, lang: str) -> str | None:
    """The kind of answer a word names ("pricing" -> money), by stem."""
    for phrase, kind in _lex(lang).answers.keys.items():
        if len(phrase) == 1 and stem(phrase[0], lang) == word_stem:
            return kind
    return None


def term_kinds(question: str, lang: str) -> dict[str, str]:
    """Question terms that name a kind of answer ("cost", "open"), by their stem: a unit
    holding such a value ("$29.95", "11am-5pm") matches them."""
    lex = _lex(lang)
    low = fold(question)
    out = {}
    for w in _WORD_RE.findall(low):
        kind = lex.answers.get(w)
        if kind is not None:
            out[stem(w, lang)] = kind
    # (the words of a phrase that asks for a kind, "what time", name that kind too)
    for hit in lex.answers.find_all(low):
        for w in _WORD_RE.findall(low[hit.start:hit.end]):
            out.setdefault(stem(w, lang), hit.key)
    return out


def asked_part(question: str, lang: str) -> str:
    """The question without what it sets aside ("a nurse instead of a doctor": a nurse)."""
    low = fold(question)
    hit = next(_lex(lang).contrast.find_all(low), None)
    if hit is None:
        return question
    # what is set aside runs to the end of its clause
    rest = re.split(r"[,;?!.]", low[hit.end:], maxsplit=1)
    return low[:hit.start] + (" " + rest[1] if len(rest) > 1 else "")


_RANGE_RE = re.compile(r"(\d+)\s?[–-]\s?(\d+)")
_FIGURE_AFTER = re.compile(r"\s*(\d+(?:\.\d+)?)\b")


@lru_cache(maxsize=16384)
def in_range(n: float, text: str, lang: str) -> bool:
    """Does ``text`` name a range that holds ``n`` ("under 5" holds a 3 year old, "5–15"
    does not)?"""
    low = fold(text)
    if any(float(m[1]) <= n <= float(m[2]) for m in _RANGE_RE.finditer(low)):
        return True
    lex = _lex(lang)
    for table, below in ((lex.amount_under, True), (lex.amount_over, False)):
        for hit in table.find_all(low):
            m = _FIGURE_AFTER.match(low, hit.end)
            if m and (n < float(m[1]) if below else n > float(m[1])):
                return True
    return False

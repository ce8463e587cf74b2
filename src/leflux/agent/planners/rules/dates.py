"""Dates and times in what the visitor typed, as ISO ``yyyy-mm-dd`` and ``HH:MM``.

Works on folded text (see :func:`phrases.fold`) and returns spans, so the caller can keep
the words it consumed out of other values. Relative dates ("tomorrow", "next friday",
"in 3 days") are counted from ``today``; a day and month without a year is the next such
day on or after ``today``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from leflux.agent.planners.rules.lexicon import Lexicon

# Years a typed date may fall in (outside: not a date, e.g. a phone fragment).
MIN_YEAR, MAX_YEAR = 1900, 2200
DAYS_PER_WEEK = 7
HOURS_PER_HALF_DAY = 12
MINUTES_HALF, MINUTES_QUARTER = 30, 15
# A weekday this close before an explicit date is part of it.
WEEKDAY_GAP_CHARS = 3

ISO_RE = re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/-])")
NUMERIC_RE = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/-])"
                        r"|(?<![\d/.-])(\d{1,2}) (\d{1,2}) ((?:19|20)\d\d)(?![\d/-])")
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|e|o|º|\.)?"
TIME_24_RE = re.compile(r"(?<![\d:/.])([01]?\d|2[0-3])\s*[:h]\s*([0-5]\d)(?![\d/])")
TIME_AMPM_RE = re.compile(r"(?<![\d:])(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s*(a\.?m\.?|p\.?m\.?)"
                          r"(?![\w])")
TIME_HOUR_RE = re.compile(r"(?<![\d:/.,])([01]?\d|2[0-3])(?:\s*h)?(?![\d:/.,\w])")


@dataclass(frozen=True)
class Found:
    text: str        # normalised: ISO date or HH:MM
    start: int
    end: int


def iso(y: int, m: int, d: int) -> str | None:
    if not (MIN_YEAR <= y <= MAX_YEAR):
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _full_year(y: int, text_year: str) -> int:
    return y + 2000 if len(text_year) == 2 else y


def _next_on_or_after(today: date, month: int, day: int) -> str | None:
    for year in (today.year, today.year + 1):
        s = iso(year, month, day)
        if s and s >= today.isoformat():
            return s
    return iso(today.year, month, day)


def _numeric(folded: str, lex: Lexicon) -> list[Found]:
    out = []
    for m in ISO_RE.finditer(folded):
        if s := iso(int(m[1]), int(m[2]), int(m[3])):
            out.append(Found(s, m.start(), m.end()))
    for m in NUMERIC_RE.finditer(folded):
        d1, d2, ys = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])  # "14/7/1988", "14 7 1988"
        a, b, y = int(d1), int(d2), _full_year(int(ys), ys)
        day_first = lex.date_order == "dmy"
        s = iso(y, b, a) if day_first else iso(y, a, b)
        s = s or (iso(y, a, b) if day_first else iso(y, b, a))  # 05/13 can only be m/d
        if s:
            out.append(Found(s, m.start(), m.end()))
    return out


def _named(folded: str, lex: Lexicon, today: date) -> list[Found]:
    """'March 3rd', '3 March 2027', '3 de marzo de 2027', '3. März', 'le 3 mars'."""
    out = []
    for hit in lex.months.find_all(folded):
        before, after = folded[:hit.start], folded[hit.end:]
        start, end, day, year = hit.start, hit.end, None, None
        of = r"(?:\s+(?:" + "|".join(re.escape(" ".join(k)) for k in lex.date_of.keys) + r"))?"
        if m := re.search(rf"{_DAY}{of}\s*$", before):
            day, start = int(m[1]), m.start()
        elif m := re.match(rf"\.?\s*{_DAY}(?!\d)", after):
            day, end = int(m[1]), hit.end + m.end()
        if day is None:
            continue
        if y := re.match(rf"\s*,?{of}\s*(\d{{4}})(?!\d)", folded[end:]):
            year, end = int(y[1]), end + y.end()
        s = iso(year, hit.key, day) if year else _next_on_or_after(today, hit.key, day)
        if s:
            out.append(Found(s, start, end))
    return out


def _relative(folded: str, lex: Lexicon, today: date) -> list[Found]:
    out: list[Found] = []
    for table, days in ((lex.day_after_tomorrow, 2), (lex.tomorrow, 1), (lex.today, 0),
                        (lex.yesterday, -1)):
        for hit in table.find_all(folded):
            if not any(f.start <= hit.start < f.end for f in out):
                out.append(Found((today + timedelta(days=days)).isoformat(), hit.start, hit.end))
    for day in lex.weekdays.find_all(folded):
        ahead = (day.key - today.weekday()) % DAYS_PER_WEEK or DAYS_PER_WEEK
        start, end = day.start, day.end
        if (nxt := lex.next_day.match_end(folded[:day.start])) is not None:
            start = nxt.start
        elif (after := lex.next_day.match_start(folded, day.end)) is not None \
                and after.start - day.end <= 1:
            end = after.end  # "vendredi prochain"
        out.append(Found((today + timedelta(days=ahead)).isoformat(), start, end))
    for hit in lex.in_days.find_all(folded):
        m = re.match(r"\s+(\d{1,3})\s+", folded[hit.end:])
        if not m:
            continue
        unit_at = hit.end + m.end()
        if (u := lex.days_word.match_start(folded, unit_at)) is not None:
            n = int(m[1])
        elif (u := lex.weeks_word.match_start(folded, unit_at)) is not None:
            n = int(m[1]) * DAYS_PER_WEEK
        else:
            continue
        out.append(Found((today + timedelta(days=n)).isoformat(), hit.start, u.end))
    return out


def find_dates(folded: str, lex: Lexicon, today: date) -> list[Found]:
    """Every date in ``folded``, first found first, without overlaps."""
    found: list[Found] = []
    explicit = _numeric(folded, lex) + _named(folded, lex, today)
    for f in explicit + _relative(folded, lex, today):
        if any(f.start < g.end and g.start < f.end for g in found):
            continue
        # "saturday 20 march 2027", "Samstag, 20. März": the weekday names the date after it
        after = [g for g in explicit if 0 <= g.start - f.end <= WEEKDAY_GAP_CHARS
                 and not folded[f.end:g.start].strip(" ,")]
        if f not in explicit and after and lex.weekdays.match_end(folded[:f.end]) is not None:
            found = [g if g is not after[0] else Found(g.text, f.start, g.end) for g in found]
            continue
        found.append(f)
    return sorted(found, key=lambda f: f.start)


def _hhmm(h: int, m: int) -> str:
    return f"{h:02d}:{m:02d}"


def find_times(folded: str, lex: Lexicon) -> list[Found]:
    """'7pm', '7:30 am', '19:30', '19h30', '19 Uhr', 'noon', 'midnight'."""
    out: list[Found] = []

    def add(text: str, start: int, end: int) -> None:
        if not any(start < g.end and g.start < end for g in out):
            out.append(Found(text, start, end))

    for found in _spoken_times(folded, lex):  # "quarter past ten", "dix heures et demie"
        add(*found)
    for m in TIME_AMPM_RE.finditer(folded):
        h = int(m[1]) % HOURS_PER_HALF_DAY + (HOURS_PER_HALF_DAY if m[3][0] == "p" else 0)
        add(_hhmm(h, int(m[2] or 0)), m.start(), m.end())
    for m in TIME_24_RE.finditer(folded):
        add(_hhmm(int(m[1]), int(m[2])), m.start(), m.end())
    for m in TIME_HOUR_RE.finditer(folded):
        marked = _marked_hour(folded, m, lex)
        if marked is not None:
            add(*marked)
    for hit in lex.times.find_all(folded):
        if hit.key in ("noon", "midnight"):
            add(_hhmm(HOURS_PER_HALF_DAY if hit.key == "noon" else 0, 0), hit.start, hit.end)
    return sorted(out, key=lambda f: f.start)


def _spoken_times(folded: str, lex: Lexicon) -> Iterator[tuple[str, int, int]]:
    """(hh:mm, start, end) of each spoken time: "quarter past ten", "dix heures et demie"."""
    for hit in lex.times.find_all(folded):
        if hit.key in _PAST_MINUTES and (told := _spoken(folded, hit.start, hit.end,
                                                          lex)) is not None:
            h, start, end = told
            minutes = _PAST_MINUTES[hit.key]
            if minutes < 0:
                h, minutes = (h - 1) % (2 * HOURS_PER_HALF_DAY), 60 + minutes
            yield _hhmm(h, minutes), start, end


def _marked_hour(folded: str, m: re.Match[str], lex: Lexicon) -> tuple[str, int, int] | None:
    """(hh:mm, start, end) of a bare hour, which counts only with a mark: "19h", "19 Uhr",
    "7 o'clock", "7 in the evening"."""
    h, end, marked = int(m[1]), m.end(), m[0].endswith("h")
    tail = lex.times.match_start(folded, end)
    if tail is not None and tail.key in ("hour_mark", "oclock"):
        end, marked = tail.end, True
        tail = lex.times.match_start(folded, end)
    if tail is not None and tail.key in ("am", "pm"):
        if tail.key == "pm" and h < HOURS_PER_HALF_DAY:
            h += HOURS_PER_HALF_DAY
        end, marked = tail.end, True
    return (_hhmm(h, 0), m.start(), end) if marked else None


# Minutes after the hour a spoken time says ("quarter to ten": 9:45).
_PAST_MINUTES = {"half_past": MINUTES_HALF, "quarter_past": MINUTES_QUARTER,
                 "quarter_to": -MINUTES_QUARTER}
# An hour said without am / pm up to this one is in the afternoon ("half past two" for an
# appointment is 14:30, never 2:30 at night).
AFTERNOON_UNTIL = 6
_HOUR_WORD_RE = re.compile(r"\s*([\w']+)")
_HOUR_BEFORE_RE = re.compile(r"(?<![\w:])(?:(\d{1,2})([^\W\d_]*)|([^\W\d_][\w']*))$")


def _hour_of(word: str, lex: Lexicon) -> int | None:
    n = int(word) if word.isdecimal() else lex.numbers.get(word)
    return n if n is not None and 0 < n <= 2 * HOURS_PER_HALF_DAY else None


def _hour_before(text: str, lex: Lexicon) -> tuple[int, int] | None:
    """The hour that ends ``text`` ("dix heures ", "10h "), with where it starts."""
    before = text.rstrip()
    mark = lex.times.match_end(before)
    if mark is not None and mark.key in ("hour_mark", "oclock") and mark.start:
        before = before[:mark.start].rstrip()
    b = _HOUR_BEFORE_RE.search(before)
    if b is None or (b[2] and (lex.times.get(b[2]) != "hour_mark")):
        return None
    h = _hour_of(b[1] or b[3], lex)
    return (h, b.start()) if h is not None else None


def _spoken(folded: str, start: int, end: int, lex: Lexicon) -> tuple[int, int, int] | None:
    """The hour a "quarter past" / "et demie" phrase goes with (after it in English and
    German, before it in French and Spanish): (hour 0-23, span start, span end)."""
    span: tuple[int, int, int] | None = None
    if (m := _HOUR_WORD_RE.match(folded, end)) and (h := _hour_of(m[1], lex)) is not None:
        span = (h, start, m.end())
    elif (b := _hour_before(folded[:start], lex)) is not None:
        span = (b[0], b[1], end)
    if span is None:
        return None
    h, a, z = span
    tail = lex.times.match_start(folded, z)
    if tail is not None and tail.key in ("am", "pm"):
        z = tail.end
        h = h % HOURS_PER_HALF_DAY + (HOURS_PER_HALF_DAY if tail.key == "pm" else 0)
    elif h <= AFTERNOON_UNTIL:
        h += HOURS_PER_HALF_DAY
    return h % (2 * HOURS_PER_HALF_DAY), a, z

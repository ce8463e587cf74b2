"""Values the visitor gave under a name: "label: value", "my X is Y", "X is Y" (X a known
field, or the words that open the sentence), "set X to Y"; a value right after its field's
name is :mod:`juxtaposed`'s, one introduced ("I'm Maria Lopez", "type 'hello' into the
notes") :mod:`introduced`'s.

The label the visitor used is kept in ``Value.label``; the value's own form wins over its
label (an email is an email even after "name:"). :class:`Scan` holds one pass over one
text, so :mod:`values` can add the bare values around what was taken here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from leflux.agent.planners.rules import lexicon_view as lex_view
from leflux.agent.planners.rules import shapes
from leflux.agent.planners.rules.asnamed import value_as_field
from leflux.agent.planners.rules.dates import find_dates, find_times
from leflux.agent.planners.rules.lexicon import Lexicon
from leflux.agent.planners.rules.model import Value, ValueKind
from leflux.agent.planners.rules.phrases import fold, tokens

# How many words a label / a value may have.
LABEL_MAX_WORDS = 4
VALUE_MAX_WORDS = 10
# Kinds whose value is one word ("password Secret1!", "user bob").
SINGLE_WORD_KINDS = frozenset({ValueKind.PASSWORD, ValueKind.USERNAME, ValueKind.EMAIL,
                               ValueKind.CVC, ValueKind.EXPIRY})
QUOTE_PAIRS = {'"': '"', "'": "'"}
_LETTER_RE = re.compile(r"[^\W\d_]")


def inside_quotes(raw: str, a: int, b: int) -> tuple[int, int, bool]:
    """The quoted text without the spaces « guillemets » leave inside."""
    while a < b and raw[a].isspace():
        a += 1
    while b > a and raw[b - 1].isspace():
        b -= 1
    return a, b, True


@dataclass(frozen=True)
class Found:
    value: Value
    start: int
    end: int


class Scan:
    """One pass over one text: what was found so far and where."""

    def __init__(self, text: str, lex: Lexicon, today: date, as_kind: ValueKind | None):
        self.raw, self.low, self.lex, self.today, self.as_kind = (
            text, fold(text), lex, today, as_kind)
        self.toks = tokens(self.low)
        self.found: list[Found] = []

    def free(self, a: int, b: int) -> bool:
        return a < b and not any(a < f.end and f.start < b for f in self.found)

    def add(self, kind: ValueKind, text: str, a: int, b: int, *, label: str | None = None,
            comparator: str | None = None, quoted: bool = False,
            label_at: int | None = None) -> bool:
        """Record a value at [a, b); its span starts at ``label_at`` when its label
        came first, so the label's words are not read as a name later."""
        if not self.free(a, b):
            return False
        raw = self.raw[a:b]
        self.found.append(Found(Value(kind=kind, text=text, raw=raw, label=label,
                                      comparator=comparator, quoted=quoted),
                                a if label_at is None else min(a, label_at), b))
        return True

    def relabel(self, a: int, b: int, label: str) -> bool:
        """Give the one unlabelled value found inside [a, b) the visitor's label."""
        inside = [f for f in self.found if a <= f.start and f.end <= b]
        if len(inside) != 1 or inside[0].value.label or any(
                a < f.end and f.start < b for f in self.found if f not in inside):
            return False
        inside[0].value.label = label
        return True

    def tok_index(self, pos: int) -> int:
        """Index of the first token at or after ``pos``."""
        for i, (_, s, _) in enumerate(self.toks):
            if s >= pos:
                return i
        return len(self.toks)

    # -- where a value ends --------------------------------------------------------
    def _starts_label(self, i: int) -> bool:
        """Token ``i`` starts "<field> :" / "<field> is" / "my ..."."""
        low, lex = self.low, self.lex
        at = self.toks[i][1]
        if lex.articles.match_start(low, at) is not None and i + 1 < len(self.toks):
            return self.lex.fields.match_start(low, self.toks[i + 1][1]) is not None
        hit = lex.fields.match_start(low, at)
        if hit is None:
            return False
        nxt = low[hit.end:].lstrip()
        return nxt.startswith((":", "=")) or lex.is_words.match_start(low, hit.end) is not None

    def value_end(self, start: int, single: bool) -> tuple[int, int, bool]:
        """(start, end, quoted) of the value that begins at ``start``."""
        raw, low = self.raw, self.low
        while start < len(raw) and raw[start].isspace():
            start += 1
        if start < len(raw) and low[start] in QUOTE_PAIRS:  # folded: “ ” « » are "
            close = low.find(QUOTE_PAIRS[low[start]], start + 1)
            if close > start + 1:
                return inside_quotes(raw, start + 1, close)
        if single:
            m = re.match(r"\S+", raw[start:])
            end = start + (m.end() if m else 0)
            # a sentence's full stop or comma is not part of "123." / "bob,"
            while (end > start + 1 and raw[end - 1] in ",;") or (
                    end > start + 1 and raw[end - 1] == "." and raw[end:end + 1] in ("", " ")):
                end -= 1
            return start, end, False
        i0 = self.tok_index(start)
        end = start
        for n, i in enumerate(range(i0, len(self.toks))):
            tok, s, e = self.toks[i]
            if n >= VALUE_MAX_WORDS or tok in (",", ";", "!", "?", ")") or (
                    tok == "." and low[e:e + 1] in ("", " ", "\n")):
                break
            if n and (self.lex.with_words.match_start(low, s) is not None
                      and i + 1 < len(self.toks) and self._opens_value(i + 1)):
                break
            if n and self._starts_label(i):
                break
            end = e
        # trailing "please" / "thanks" are not part of it
        if (tail := self.lex.polite_end.match_end(low[start:end])) is not None and tail.start:
            end = start + tail.start
        return start, len(raw[:end].rstrip()), False

    def long_value_end(self, start: int) -> tuple[int, int, bool]:
        """A message: to the end, or to the next "my email is" / "name:"."""
        while start < len(self.raw) and self.raw[start] in " :":
            start += 1
        if start < len(self.raw) and self.low[start] in QUOTE_PAIRS:
            close = self.low.find(QUOTE_PAIRS[self.low[start]], start + 1)
            if close > start + 1:
                return inside_quotes(self.raw, start + 1, close)
        end = len(self.raw)
        for i in range(self.tok_index(start) + 1, len(self.toks)):
            if self._starts_label(i) and self.low[:self.toks[i][1]].rstrip()[-1:] in ".?!,;":
                end = self.toks[i][1]
                break
        return start, len(self.raw[:end].rstrip(" ,;")), False

    def _opens_value(self, i: int) -> bool:
        tok, s, _ = self.toks[i]
        return ("@" in tok or tok[:1].isdigit() or self._starts_label(i)
                or self.lex.articles.match_start(self.low, s) is not None
                or self.lex.fields.match_start(self.low, s) is not None)


# -- labelled values ---------------------------------------------------------------
def _label_before(scan: Scan, end: int, *, any_words: bool) -> tuple[str, int] | None:
    """The label that closes at ``end``: a known field name, or (``any_words``, or after
    "my"/"the") up to LABEL_MAX_WORDS words."""
    lex, low = scan.lex, scan.low
    toks = [t for t in scan.toks if t[2] <= end]
    if not toks or not _LETTER_RE.search(toks[-1][0]):
        return None
    words_back: list[tuple[str, int, int]] = []
    for tok in reversed(toks):
        if not _LETTER_RE.search(tok[0]) or len(words_back) >= LABEL_MAX_WORDS:
            break
        if lex.articles.get(tok[0]) is not None:
            if words_back:  # "my favourite colour": the words after "my"
                return scan.raw[words_back[-1][1]:end].strip(), words_back[-1][1]
            break
        if tok[0] in lex.stopwords or (lex.acts.match_start(low, tok[1]) is not None
                                       and words_back):
            break
        words_back.append(tok)
    for n in range(min(LABEL_MAX_WORDS, len(toks)), 0, -1):
        a = toks[-n][1]
        if lex.fields.get(low[a:end].strip()) is not None:
            return scan.raw[a:end].strip(), a
    opens = bool(words_back) and (len(words_back) == len(toks) or toks[-len(words_back) - 1][0]
                                   in (",", ".", ";"))
    if words_back and (any_words or opens):
        # ("reg is ab12 cde": the words that open the sentence name the field)
        return scan.raw[words_back[-1][1]:end].strip(), words_back[-1][1]
    return None


def take_pair(scan: Scan, label: str | None, value_at: int, label_at: int) -> None:
    kind = scan.lex.field_kind(label or "")
    key = scan.lex.fields.get(label or "")
    single = kind in SINGLE_WORD_KINDS
    if key == "text":  # a message runs on ("message: where is my order? thanks")
        a, b, quoted = scan.long_value_end(value_at)
    else:
        a, b, quoted = scan.value_end(value_at, single)
    if key == "address" and not quoted:
        address_parts(scan, b)
    raw = scan.raw[a:b]
    if scan.lex.same_as.match_start(scan.low, a) is not None:
        return  # "shipping address is the same as billing": no address, a box says it
    if not raw.strip() or not scan.free(a, b):
        if label:
            scan.relabel(a, b, label)
        return
    if kind in (ValueKind.DATE, ValueKind.TIME):
        hits = (find_dates(scan.low[a:b], scan.lex, scan.today) if kind == ValueKind.DATE
                else find_times(scan.low[a:b], scan.lex))
        if hits:
            scan.add(kind, hits[0].text, a, b, label=label, quoted=quoted, label_at=label_at)
            return
        kind = ValueKind.TEXT
    if key == "address" and shapes.POSTAL_SHAPE_RE.fullmatch(raw.strip()):
        typed: tuple[ValueKind, str] | None = (ValueKind.POSTAL_CODE, raw.strip().upper())
        label = None
    elif quoted:
        typed = (kind or ValueKind.TEXT, raw)
    else:
        typed = shapes.typed(raw, kind or ValueKind.TEXT)
    if typed:
        scan.add(typed[0], typed[1], a, b, label=label, quoted=quoted, label_at=label_at)


def _segment_start(low: str, at: int) -> int:
    cut = max(low.rfind(c, 0, at) for c in ",;.:!?\n")
    return cut + 1


def colon_pairs(scan: Scan) -> None:
    for m in re.finditer(r"(?<=[^\W\d_])\s*[:=](?!//)", scan.low):
        lab = _label_before(scan, m.start(), any_words=True)
        if lab is None:
            continue
        seg = _segment_start(scan.low, lab[1])
        seg += len(scan.low[seg:]) - len(scan.low[seg:].lstrip())
        listed = "," in scan.low[m.end():] or ";" in scan.low[m.end():]
        if scan.lex.fields.get(lab[0]) is None and (
                (listed and verb_led(scan, seg)) or verb_led(scan, lab[1])):
            continue  # "place my order: Tom, 9 Ocean Ave, ...", "don't send: ..." announce data
        at = m.end() + len(scan.low[m.end():]) - len(scan.low[m.end():].lstrip())
        if listed and scan.lex.fields.get(lab[0]) is None and \
                scan.lex.fields.match_start(scan.low, at) is not None:
            continue  # "card details: name on card Ana Lopez, ...": a heading, labels follow
        take_pair(scan, lab[0], m.end(), lab[1])


def verb_led(scan: Scan, pos: int) -> bool:
    """The words at ``pos`` start with a verb (after polite words)."""
    lex, low = scan.lex, scan.low
    while (h := lex.polite.match_start(low, pos) or lex.negation.match_start(low, pos)
           or lex.split_before_verb.match_start(low, pos)) is not None:
        pos = h.end
    return lex.acts.match_start(low, pos) is not None


def is_pairs(scan: Scan) -> None:
    for hit in scan.lex.is_words.find_all(scan.low):
        if hit.key == "=":
            continue
        if (lab := _label_before(scan, hit.start, any_words=False)) is not None:
            take_pair(scan, lab[0], hit.end, lab[1])


def set_pairs(scan: Scan) -> None:
    """'set the city to Paris', 'change my zip to 75008', 'setze die PLZ auf 10115'."""
    lex, low = scan.lex, scan.low
    for i, (_, s, _) in enumerate(scan.toks):
        verb = lex.set_verbs.match_start(low, s)
        if verb is None or (i and scan.toks[i - 1][2] == s):
            continue
        pos = verb.end
        if (art := lex.articles.match_start(low, pos)) is not None:
            pos = art.end
        for j in range(scan.tok_index(pos) + 1, min(len(scan.toks),
                                                    scan.tok_index(pos) + LABEL_MAX_WORDS + 1)):
            to = lex.set_to.match_start(low, scan.toks[j][1])
            if to is not None and value_as_field(scan, pos, to.start, to.end):
                break  # "put Ana Costa as the name": the field after "as"
            if to is not None:
                label = scan.raw[pos:scan.toks[j][1]].strip()
                if label and not any(t[0] in ",;" for t in tokens(fold(label))):
                    take_pair(scan, label, to.end, pos)
                break


NAME_KINDS = frozenset({ValueKind.FULL_NAME, ValueKind.FIRST_NAME, ValueKind.LAST_NAME})


def looks_like_name(lex: Lexicon, value: str) -> bool:
    """Letters only, and capitalised or made of words the lexicon does not know."""
    return shapes.is_name(value) and (value[:1].isupper() or not any(
        w in lex.vocabulary or w in lex.stopwords for w in fold(value).split()))


_CITY_CODE_RE = re.compile(r"^(\D+?)\s+([a-z]{0,2}-?\d[\da-z -]{2,8})$", re.I)


_CODE_CITY_RE = re.compile(r"^([a-z]{0,2}-?\d[\da-z-]{2,8})\s+(\D+)$", re.I)


_SENTENCE_END_RE = re.compile(r"[.;!?](?=\s)")


def _city_and_region(words: str) -> tuple[str, str]:
    """'Cambridge MA': the city, then the code of its state or province in capitals."""
    head, _, last = words.rpartition(" ")
    if head.strip() and last.isupper() and lex_view.regions_of_code(last):
        return head.rstrip(), last
    return words, ""


def _code_and_place(code: str) -> tuple[str, str]:
    """A postal code's words hold a digit each ("BS8 1AA", "M5V 1L9"); the words of letters
    after them are a place ("10014 USA")."""
    words = code.split()
    n = len(words)
    while n > 1 and not any(ch.isdigit() for ch in words[n - 1]):
        n -= 1
    return " ".join(words[:n]), " ".join(words[n:])


# How many comma-separated parts after a street may still belong to its address.
ADDRESS_MAX_PARTS = 3


def address_parts(scan: Scan, at: int) -> None:
    """', Paris 75008, France' after a street: city, postal code, country (unlabelled
    parts only; "city: Paris" is a pair of its own)."""
    lex, raw = scan.lex, scan.raw
    parts: list[tuple[int, int]] = []
    pos = at
    while len(parts) < ADDRESS_MAX_PARTS and raw[pos:pos + 1] == ",":
        a = pos + 1
        # a part ends at the next comma or where its sentence ends ("United States. it ...")
        ends = [x for x in (raw.find(",", a), *(m.start() for m in _SENTENCE_END_RE.finditer(
            raw, a))) if x >= 0]
        end = min(ends, default=len(raw))
        a, b = a + len(raw[a:end]) - len(raw[a:end].lstrip()), len(raw[:end].rstrip(" .;"))
        i = scan.tok_index(a)
        field = lex.fields.match_start(scan.low, a)
        if field is not None and field.key == "address2" and field.end < b and \
                any(ch.isdigit() for ch in raw[field.end:b]):
            # "Apt 4B", "Suite 200": the second line of the address, the parts go on
            scan.add(ValueKind.TEXT, raw[a:b], a, b, label=lex.field_names["address2"])
            pos = end
            continue
        if a >= b or (i < len(scan.toks) and scan._starts_label(i)) or field is not None \
                or "@" in raw[a:b]:
            break
        parts.append((a, b))
        pos = end
    place = iter(("city", "state"))  # the first place named is the city, the next the state
    for n, (a, b) in enumerate(parts):
        part = raw[a:b]
        if m := _CITY_CODE_RE.match(part):
            city, region = _city_and_region(m[1])
            scan.add(ValueKind.TEXT, city, a, a + len(city),
                     label=lex.field_names[next(place, "state")])
            if region:  # "Cambridge MA 02139": the state's code after the city
                at = a + len(m[1]) - len(region)
                scan.add(ValueKind.TEXT, region, at, at + len(region),
                         label=lex.field_names[next(place, "state")])
            code, after = _code_and_place(m[2])
            scan.add(ValueKind.POSTAL_CODE, code.upper(), a + m.start(2),
                     a + m.start(2) + len(code))
            if after:  # "New York NY 10014 USA": the country after the code
                scan.add(ValueKind.TEXT, after, b - len(after), b,
                         label=lex.field_names["country"])
        elif m := _CODE_CITY_RE.match(part):
            scan.add(ValueKind.POSTAL_CODE, m[1].upper(), a, a + len(m[1]))
            scan.add(ValueKind.TEXT, m[2], a + m.start(2), b,
                     label=lex.field_names[next(place, "state")])
        elif shapes.is_name(part):
            last = n == len(parts) - 1 and len(parts) > 1
            scan.add(ValueKind.TEXT, part, a, b,
                     label=lex.field_names["country" if last else next(place, "state")])

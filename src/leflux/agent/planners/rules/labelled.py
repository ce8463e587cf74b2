"""Values the visitor gave under a name: "label: value", "my X is Y", "X is Y" (X a known
field), "set X to Y", "password Secret1" / "with cvc 123" (a known field whose value has a
telltale form), "type 'hello' into the notes", "I'm Maria Lopez", "sign me up as Ahmed".

The label the visitor used is kept in ``Value.label``; the value's own form wins over its
label (an email is an email even after "name:"). :class:`Scan` holds one pass over one
text, so :mod:`values` can add the bare values around what was taken here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from leflux.agent.planners.rules import shapes
from leflux.agent.planners.rules.dates import find_dates, find_times
from leflux.agent.planners.rules.lexicon import Lexicon, fold, tokens
from leflux.agent.planners.rules.model import Act, Value, ValueKind

# How many words a label / a value may have.
LABEL_MAX_WORDS = 4
VALUE_MAX_WORDS = 10
# Kinds whose value is one word ("password Secret1!", "user bob").
SINGLE_WORD_KINDS = frozenset({ValueKind.PASSWORD, ValueKind.USERNAME, ValueKind.EMAIL,
                               ValueKind.CVC, ValueKind.EXPIRY})
# Kinds that may follow their label with no "is"/":" ("zip 75008", "with password X").
JUXTAPOSED_KINDS = frozenset({ValueKind.PASSWORD, ValueKind.USERNAME, ValueKind.EMAIL,
                              ValueKind.PHONE, ValueKind.POSTAL_CODE, ValueKind.CVC,
                              ValueKind.EXPIRY, ValueKind.QUANTITY,
                              ValueKind.FULL_NAME, ValueKind.FIRST_NAME,
                              ValueKind.LAST_NAME})
# Plain labels that take the next word as their value when it looks like one
# ("size 42", "size XL"; not "size guide").
JUXTAPOSED_LABELS = frozenset({"size"})
# Place labels that take the capitalised name after them ("city Dublin", "country Ireland").
PLACE_LABELS = frozenset({"city", "country", "state"})
STREET_WORDS = 6
SHORT_VALUE_CHARS = 3
QUOTE_PAIRS = {'"': '"', "'": "'"}
_LETTER_RE = re.compile(r"[^\W\d_]")


def _inside_quotes(raw: str, a: int, b: int) -> tuple[int, int, bool]:
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
                return _inside_quotes(raw, start + 1, close)
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
                return _inside_quotes(self.raw, start + 1, close)
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


def _take_pair(scan: Scan, label: str | None, value_at: int, label_at: int) -> None:
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
        _take_pair(scan, lab[0], m.end(), lab[1])


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
            _take_pair(scan, lab[0], hit.end, lab[1])


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
            if to is not None:
                label = scan.raw[pos:scan.toks[j][1]].strip()
                if label and not any(t[0] in ",;" for t in tokens(fold(label))):
                    _take_pair(scan, label, to.end, pos)
                break


def juxtaposed(scan: Scan) -> None:
    """'password Secret1!', 'zip 75008', 'with cvc 123', 'size 42'."""
    lex, low = scan.lex, scan.low
    for hit in lex.fields.find_all(low):
        kind = lex.field_kind(low[hit.start:hit.end])
        if hit.key in PLACE_LABELS:
            _place(scan, hit.start, hit.end)
            continue
        if hit.key == "address":
            _street(scan, hit.start, hit.end)
            continue
        if hit.key == "code":
            _code(scan, hit.start, hit.end)
            continue
        if kind not in JUXTAPOSED_KINDS and hit.key not in JUXTAPOSED_LABELS:
            continue
        after = low[hit.end:].lstrip()
        if not after or after[0] in ":=," or lex.is_words.match_start(low, hit.end):
            continue
        single = kind in SINGLE_WORD_KINDS or hit.key in JUXTAPOSED_LABELS
        a, b, quoted = scan.value_end(hit.end, single)
        raw = scan.raw[a:b]
        if hit.key in JUXTAPOSED_LABELS and not quoted and (fold(raw) in lex.stopwords or not (
                any(c.isdigit() for c in raw) or len(raw) <= SHORT_VALUE_CHARS)):
            continue  # "size 42", "size XL"; not "size guide", "my size in"
        if not raw or not scan.free(a, b):
            scan.relabel(a, b, scan.raw[hit.start:hit.end])
            continue
        if not quoted and kind in (ValueKind.PASSWORD, ValueKind.USERNAME) and (
                lex.stopwords & {fold(raw)} or lex.fields.get(raw) is not None
                or len(raw) < shapes.MIN_SECRET_LEN):
            continue
        if kind in NAME_KINDS and not quoted and not looks_like_name(lex, raw):
            continue  # "my name and email": no name given
        typed = shapes.typed(raw, kind or ValueKind.TEXT)
        if typed and (typed[0] == (kind or ValueKind.TEXT) or quoted):
            scan.add(typed[0], typed[1], a, b, label=scan.raw[hit.start:hit.end], quoted=quoted,
                     label_at=hit.start)


def _place(scan: Scan, start: int, end: int) -> None:
    """'city Dublin', 'country United States': a capitalised name right after the label."""
    m = re.match(r"\s+([^\W\d_][^,;.!?\n]*)", scan.raw[end:])
    if m is None or not m[1][:1].isupper():
        return
    a = end + m.start(1)
    b = a + len(m[1].rstrip())
    words = scan.raw[a:b].split()
    cut = next((k for k, w in enumerate(words) if not w[:1].isupper()), len(words))
    if not cut:
        return
    b = a + len(" ".join(words[:cut]))
    if shapes.is_name(scan.raw[a:b]) and scan.free(a, b):
        scan.add(ValueKind.TEXT, scan.raw[a:b], a, b, label=scan.raw[start:end],
                 label_at=start)


def _code(scan: Scan, start: int, end: int) -> None:
    """'promo code SPRING10', 'use the code SUMMER24': one token with a digit or in capitals."""
    m = re.match(r"\s*[:=]?\s*([\w-]{3,30})\b", scan.raw[end:])
    if m is None:
        return
    token = m[1]
    if not (any(ch.isdigit() for ch in token) or token.isupper()):
        return
    a = end + m.start(1)
    if scan.free(a, a + len(token)):
        scan.add(ValueKind.TEXT, token, a, a + len(token), label=scan.raw[start:end],
                 label_at=start)


def _street(scan: Scan, start: int, end: int) -> None:
    """'address 1 Main Street, ...': the street up to the comma."""
    if scan.low[end - 1:end].isdigit():  # "address 1" is a label too: the 1 is the house
        end = start + len(scan.low[start:end].split()[0])
    m = re.match(r"\s+(\d{1,5}[a-z]?\s+[^\W\d_][^,;.!?\n]*)", scan.raw[end:], re.I)
    if m is None:
        return
    a = end + m.start(1)
    b = a + len(m[1].rstrip())
    if scan.free(a, b) and len(m[1].split()) <= STREET_WORDS:
        scan.add(ValueKind.TEXT, scan.raw[a:b], a, b, label=scan.raw[start:end],
                 label_at=start)
        address_parts(scan, b)


NAME_KINDS = frozenset({ValueKind.FULL_NAME, ValueKind.FIRST_NAME, ValueKind.LAST_NAME})


def looks_like_name(lex: Lexicon, value: str) -> bool:
    """Letters only, and capitalised or made of words the lexicon does not know."""
    return shapes.is_name(value) and (value[:1].isupper() or not any(
        w in lex.vocabulary or w in lex.stopwords for w in fold(value).split()))


def names(scan: Scan) -> None:
    """'I'm Maria Lopez', 'me llamo Ana', 'sign me up as Ahmed' (as_kind)."""
    lex, low, raw = scan.lex, scan.low, scan.raw
    intros = [(h.start, h.end, ValueKind.FULL_NAME) for h in lex.name_intro.find_all(low)]
    if scan.as_kind:
        intros += [(h.start, h.end, scan.as_kind) for h in lex.as_words.find_all(low)]
    for at, after, kind in intros:
        a, b, quoted = scan.value_end(after, kind in SINGLE_WORD_KINDS)
        value = raw[a:b]
        if not value or not scan.free(a, b):
            continue
        if shapes.is_email(value):
            scan.add(ValueKind.EMAIL, value, a, b, label_at=at)
        elif kind == ValueKind.USERNAME and len(value) >= shapes.MIN_SECRET_LEN:
            scan.add(kind, value, a, b, quoted=quoted, label_at=at)
        elif kind == ValueKind.FULL_NAME and looks_like_name(lex, value) and (
                value[:1].isupper() or lex.name_intro_weak.get(low[at:after]) is None):
            scan.add(kind, value, a, b, quoted=quoted, label_at=at)


def quoted_into(scan: Scan) -> None:
    """'type "hello" into the notes' -> TEXT hello, label notes; other quotes: TEXT."""
    lex, low = scan.lex, scan.low
    for m in re.finditer(r"(?<![\w])([\"'])(.+?)\1(?![\w])", scan.low):
        a, b, _ = _inside_quotes(scan.raw, m.start(2), m.end(2))
        if not scan.free(a, b):
            continue
        label = None
        if (to := lex.destination_to.match_start(low, m.end())) is not None:
            pos = to.end
            if (art := lex.articles.match_start(low, pos)) is not None:
                pos = art.end
            s, e, _ = scan.value_end(pos, False)
            words = [t for t in tokens(low[s:e])]
            if words and len(words) <= LABEL_MAX_WORDS:
                label = scan.raw[s:e].strip()
                kind_hit = lex.kinds.match_end(fold(label))
                if kind_hit is not None and kind_hit.start:
                    label = label[:kind_hit.start].strip()
        at = m.start()
        if label is None and (named := lex.fields.match_end(low[:at].rstrip())) is not None \
                and named.start < at:
            label = scan.raw[named.start:named.end]  # "subject 'Charged twice'"
            at = named.start
        scan.add(ValueKind.TEXT, scan.raw[a:b], a, b, label=label or None, quoted=True,
                 label_at=at if label else None)


# Verbs whose object may be a text field named before "that" ("add a note that ...").
WRITING_ACTS = frozenset({Act.ADD, Act.FILL})


def written_that(scan: Scan) -> None:
    """'write in the message box that I'm moving on 3 February': the text after "that",
    for the field named before it."""
    lex, low = scan.lex, scan.low
    # ("add a note that ...": the verb's own object names the field)
    starts = [(to.start, to.end) for to in lex.destination_to.find_all(low)] + [
        (v.start, v.end) for v in lex.acts.find_all(low) if v.key in WRITING_ACTS]
    for to_start, pos in sorted(starts):
        if (art := lex.articles.match_start(low, pos)) is not None:
            pos = art.end
        i0 = scan.tok_index(pos)
        for j in range(i0 + 1, min(len(scan.toks), i0 + LABEL_MAX_WORDS + 1)):
            if lex.that.match_start(low, scan.toks[j][1]) is None:
                continue
            label = scan.raw[pos:scan.toks[j][1]].strip()
            kind_hit = lex.kinds.match_end(fold(label))
            if kind_hit is not None and kind_hit.start:
                label = label[:kind_hit.start].strip()
            a, b, quoted = scan.long_value_end(scan.toks[j][2])
            if label and a < b and scan.free(a, b):
                # what it says goes in whole; dates or names inside it are part of it
                scan.found = [f for f in scan.found if not (a <= f.start and f.end <= b)]
                scan.add(ValueKind.TEXT, scan.raw[a:b], a, b, label=label, quoted=quoted,
                         label_at=to_start)
            break


_CITY_CODE_RE = re.compile(r"^(\D+?)\s+([a-z]{0,2}-?\d[\da-z -]{2,8})$", re.I)
_CODE_CITY_RE = re.compile(r"^([a-z]{0,2}-?\d[\da-z-]{2,8})\s+(\D+)$", re.I)
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
        end = raw.find(",", a)
        end = len(raw) if end < 0 else end
        a, b = a + len(raw[a:end]) - len(raw[a:end].lstrip()), len(raw[:end].rstrip(" .;"))
        i = scan.tok_index(a)
        if a >= b or (i < len(scan.toks) and scan._starts_label(i)) or lex.fields.match_start(
                scan.low, a) is not None or "@" in raw[a:b]:
            break
        parts.append((a, b))
        pos = end
    place = iter(("city", "state"))  # the first place named is the city, the next the state
    for n, (a, b) in enumerate(parts):
        part = raw[a:b]
        if m := _CITY_CODE_RE.match(part):
            scan.add(ValueKind.TEXT, m[1], a, a + len(m[1]),
                     label=lex.field_names[next(place, "state")])
            scan.add(ValueKind.POSTAL_CODE, m[2].upper(), a + m.start(2), b)
        elif m := _CODE_CITY_RE.match(part):
            scan.add(ValueKind.POSTAL_CODE, m[1].upper(), a, a + len(m[1]))
            scan.add(ValueKind.TEXT, m[2], a + m.start(2), b,
                     label=lex.field_names[next(place, "state")])
        elif shapes.is_name(part):
            last = n == len(parts) - 1 and len(parts) > 1
            scan.add(ValueKind.TEXT, part, a, b,
                     label=lex.field_names["country" if last else next(place, "state")])


def _city_after_in(scan: Scan) -> None:
    """'I live at 12 Rue de Rivoli in Paris': the street, and the city after "in"."""
    address = scan.lex.field_names["address"]
    for n, f in enumerate(scan.found):
        if f.value.label != address or f.value.quoted:
            continue
        words = f.value.text.split()
        for k in range(len(words) - 2, 0, -1):
            if scan.lex.place_in.get(fold(words[k])) is not None and shapes.is_name(
                    " ".join(words[k + 1:])) and words[k + 1][:1].isupper():
                street, city = " ".join(words[:k]), " ".join(words[k + 1:])
                v = f.value
                scan.found[n] = Found(Value(v.kind, street, street, label=v.label), f.start,
                                      f.end)
                scan.found.append(Found(Value(ValueKind.TEXT, city, city,
                                              label=scan.lex.field_names["city"]), f.end, f.end))
                break


def intros(scan: Scan) -> None:
    """'ship to 5 Main St, Springfield 12345' (an address), 'a message saying X'."""
    lex = scan.lex
    for hit in lex.address_intro.find_all(scan.low):
        if scan._starts_label(scan.tok_index(hit.end)) or lex.fields.match_start(
                scan.low, len(scan.low[:hit.end]) + len(scan.low[hit.end:]) - len(
                    scan.low[hit.end:].lstrip())) is not None:
            continue  # "ship to name Ahmed Ali, ...": labelled details follow
        m = re.match(r"\s*([^,;\n]+?)\s*,", scan.raw[hit.end:])
        if m and shapes.is_name(m[1]) and all(w[:1].isupper() for w in m[1].split()):
            # "ship it to Maria Lopez, 12 Rue de Rivoli, ...": the recipient, then the place
            a = hit.end + m.start(1)
            scan.add(ValueKind.FULL_NAME, m[1], a, a + len(m[1]), label_at=hit.start)
            continue
        _take_pair(scan, lex.field_names["address"], hit.end, hit.start)
        _city_after_in(scan)
    for hit in lex.message_intro.find_all(scan.low):
        a, b, quoted = scan.long_value_end(hit.end)
        if a < b:
            scan.add(ValueKind.TEXT, scan.raw[a:b], a, b, label=lex.field_names["text"],
                     quoted=quoted, label_at=hit.start)


# How many words before a date may say it is a birthday ("born on 2 May 2012").
BIRTH_GAP_WORDS = 3


def birth_dates(scan: Scan) -> None:
    """A date said after "born" / "née le" / "geboren am" is a date of birth."""
    for n, f in enumerate(scan.found):
        if f.value.kind is not ValueKind.DATE or f.value.label:
            continue
        before = [t for t in scan.toks if t[2] <= f.start][-BIRTH_GAP_WORDS:]
        for _, s, e in before:
            if scan.lex.birth.match_start(scan.low, s) is not None:
                v = f.value
                scan.found[n] = Found(Value(v.kind, v.text, v.raw, label=scan.raw[s:e]),
                                      f.start, f.end)
                break

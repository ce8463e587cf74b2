"""Values said right after a field's name, with no "is" or colon: "password Secret1!",
"zip 75008", "city Dublin", "promo code SPRING10", "address 1 Main Street, Paris 75008"
(and the city, postal code and country after a street)."""

from __future__ import annotations

import re

from leflux.agent.planners.rules import shapes
from leflux.agent.planners.rules.labelled import (
    NAME_KINDS,
    SINGLE_WORD_KINDS,
    Scan,
    address_parts,
    looks_like_name,
)
from leflux.agent.planners.rules.model import Act, ValueKind
from leflux.agent.planners.rules.phrases import fold

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


# A code by its shape alone: capitals then digits ("WELCOME5", "SPRING10").
_CODE_SHAPE_RE = re.compile(r"\b[A-Z]{3,}\d{1,4}\b")
# Acts whose verb may take a bare code as its object ("try WELCOME5", "use SUMMER24").
_CODE_ACTS = frozenset({Act.CLICK, Act.SUBMIT, Act.FILL})


def bare_codes(scan: Scan) -> None:
    """'try WELCOME5', 'use SUMMER24': a code-shaped word right after a verb is a code to
    redeem, as a person reads it, though no "code" was said."""
    for m in _CODE_SHAPE_RE.finditer(scan.raw):
        before = [t for t in scan.toks if t[2] <= m.start()][-2:]
        verb = next((v for t in before if (v := scan.lex.acts.match_start(scan.low, t[1]))
                     is not None and v.end == before[-1][2]), None)
        if verb is not None and verb.key in _CODE_ACTS and scan.free(m.start(), m.end()):
            scan.add(ValueKind.TEXT, m[0], m.start(), m.end(),
                     label=scan.lex.field_names["code"])


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

"""Values the visitor introduced rather than labelled: a name after "I'm" / "call me", an
address after "ship to", a message after "saying", text quoted into a field or written
"that ..." in it, a date said to be a birthday. Each pass works on one :class:`Scan`."""

from __future__ import annotations

import re

from leflux.agent.planners.rules import shapes
from leflux.agent.planners.rules.labelled import (
    LABEL_MAX_WORDS,
    SINGLE_WORD_KINDS,
    Found,
    Scan,
    inside_quotes,
    looks_like_name,
    take_pair,
)
from leflux.agent.planners.rules.model import Act, Value, ValueKind
from leflux.agent.planners.rules.phrases import fold, tokens


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
        a, b, _ = inside_quotes(scan.raw, m.start(2), m.end(2))
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
        take_pair(scan, lex.field_names["address"], hit.end, hit.start)
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

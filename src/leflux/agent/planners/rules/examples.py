"""A field's own example ("For example, CV17 XYZ" under it, a placeholder "QQ 12 34 56 C"):
a bare value of the same shape in what the visitor said is for that field, as a person
reads it ("..., CV17 XYZ, ..." on a page asking for a registration like CV17 XYZ).

Only examples that mix letters and digits have a shape worth matching: a word or a number
alone could be anything.
"""

from __future__ import annotations

import re

from leflux.agent.planners.rules.elements import PageElement
from leflux.agent.planners.rules.lexicon import LANGS, lexicon
from leflux.agent.planners.rules.model import Value, ValueKind
from leflux.agent.planners.rules.phrases import fold

EXAMPLE_MIN = 4      # characters (letters and digits) in an example worth matching
_RUN_RE = re.compile(r"[^\W\d_]+|\d+")
_EXAMPLE_RE = re.compile(r"[\w][\w ]*[\w]|\w")


def _shape_pattern(example: str) -> re.Pattern[str] | None:
    """``CV17 XYZ`` -> two letters, two digits, maybe a space, three letters."""
    runs = _RUN_RE.findall(example)
    chars = sum(len(r) for r in runs)
    if chars < EXAMPLE_MIN or not any(r.isdigit() for r in runs) or all(
            r.isdigit() for r in runs):
        return None
    parts = [rf"\d{{{len(r)}}}" if r.isdigit() else rf"[^\W\d_]{{{len(r)}}}" for r in runs]
    return re.compile(r"(?<![\w@.])" + r"[ ]?".join(parts) + r"(?![\w@])")


def _examples(el: PageElement, lang: str) -> list[str]:
    """The examples a field gives: its placeholder, and what follows "for example" in its
    hint (up to the sentence's end)."""
    out = [el.e.placeholder] if el.e.placeholder else []
    hint = fold(el.error_text)
    langs = dict.fromkeys([lang, "en"])
    for lx in (lexicon(x) for x in langs if x in LANGS):
        for hit in lx.example_intro.find_all(hint):
            if m := _EXAMPLE_RE.match(hint[hit.end:].lstrip(" ,:")):
                out.append(m[0])
    return out


def example_values(text: str, taken: list[Value], fields: list[PageElement], lang: str
                   ) -> list[Value]:
    """Values in ``text`` shaped like one empty field's example, labelled with the field
    (one match per field, none inside a value already found)."""
    spans = [(m.start(), m.end()) for v in taken if v.raw and (
        m := re.search(re.escape(v.raw), text))]
    out: list[Value] = []
    for el in fields:
        if not el.is_text_field or el.has_value:
            continue
        for example in _examples(el, lang):
            pattern = _shape_pattern(example)
            found = {m[0] for m in pattern.finditer(text) if not any(
                a < m.end() and m.start() < b for a, b in spans)} if pattern else set()
            if len(found) == 1:
                raw = found.pop()
                out.append(Value(ValueKind.TEXT, raw, raw, label=el.e.label or el.display))
                break
    return out

"""A tool's arguments from the visitor's words, as a form's fields are filled.

Each property of the tool's ``parameters`` schema is read as a form field would be (its
title or name as the label, its description as the placeholder, ``pattern``, a number /
email / date input type, an ``enum`` as a select's options) and the request's values go
into them with the form filler's own extraction and assignment (:mod:`values`,
:mod:`fields`). What forms have no need for comes after: a value that matches a property's
``pattern``, the code or number said right after the property's name ("order A1001",
"coupon SAVE10"), and the one such code in a request for a tool with one required text
argument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.fields import assign
from leflux.agent.planners.rules.ground import ACCEPT
from leflux.agent.planners.rules.match import Matcher, tokens
from leflux.agent.planners.rules.values import find_values
from leflux.protocol import IndexedElement, PageContext, SelectOption
from leflux.toolspec import argument_errors, words_of

# A code or number someone reads out: has a digit ("A1001", "#1042", "SAVE10"), or is a
# word in capitals ("WELCOME").
_CODE_RE = re.compile(r"#?\b(?:[A-Za-z_-]*\d[\w-]*|[A-Z][A-Z0-9_-]{2,})\b")
# The request's words, a code's leading # kept; a number as a number property takes it.
_WORD_RE = re.compile(r"#?[\w-]+(?:[.,]\d+)?")
_NUMBER_RE = re.compile(r"#?\d+(?:[.,]\d+)?")
_FORMATS = {"email": "email", "date": "date", "time": "time", "uri": "url", "url": "url"}
_NUMERIC = ("integer", "number")


@dataclass
class Filled:
    args: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # required properties not given
    spans: list[tuple[int, int]] = field(default_factory=list)  # where the values stood


def _type(schema: dict[str, Any]) -> str:
    t = schema.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), "string")
    return t if isinstance(t, str) else "string"


def properties(parameters: dict[str, Any]) -> dict[str, dict[str, Any]]:
    props = parameters.get("properties")
    return {k: v for k, v in props.items() if isinstance(v, dict)} if isinstance(
        props, dict) else {}


def label_of(name: str, schema: dict[str, Any]) -> str:
    title = schema.get("title")
    return title if isinstance(title, str) and title.strip() else words_of(name)


def _field(i: int, name: str, schema: dict[str, Any]) -> IndexedElement:
    kind = _type(schema)
    desc = schema.get("description")
    common: dict[str, Any] = {"id": i, "label": label_of(name, schema), "name": name,
                              "placeholder": desc if isinstance(desc, str) else None}
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        opts = [SelectOption(value=str(o), text=str(o)) for o in enum]
        return IndexedElement(tag="select", options=opts, **common)
    pattern = schema.get("pattern")
    html = "number" if kind in _NUMERIC else _FORMATS.get(str(schema.get("format")), "text")
    return IndexedElement(tag="input", type=html,
                          pattern=pattern if isinstance(pattern, str) else None, **common)


def _coerce(text: str, schema: dict[str, Any]) -> Any:
    """The value as the schema's type wants it (None: it cannot be)."""
    kind = _type(schema)
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        for o in enum:
            if str(o).lower() == text.strip().lower():
                return o
        return None
    if kind in _NUMERIC:
        raw = text.strip().lstrip("#").replace(",", ".")
        try:
            number = float(raw)
        except ValueError:
            return None
        if kind == "integer":
            return int(number) if number.is_integer() else None
        return number
    if kind == "string":
        return text.strip().lstrip("#") if text.strip().startswith("#") else text.strip()
    return None


Hit = tuple[int, int, str]  # where a value stood in the request, and the value


def _free(a: int, b: int, taken: list[tuple[int, int]]) -> bool:
    return not any(x < b and a < y for x, y in taken)


def _codes(text: str, taken: list[tuple[int, int]]) -> list[Hit]:
    return [(m.start(), m.end(), m.group()) for m in _CODE_RE.finditer(text)
            if _free(m.start(), m.end(), taken)]


def _pattern_value(schema: dict[str, Any], text: str, taken: list[tuple[int, int]]) -> Hit | None:
    """A code of the request (:data:`_CODE_RE`) the property's ``pattern`` takes whole (an
    ordinary word never: a loose pattern takes any word)."""
    pattern = schema.get("pattern")
    if not isinstance(pattern, str):
        return None
    try:
        rx = re.compile(pattern)
    except re.error:
        return None
    for _start, end, code in _codes(text, taken):
        bare = code.lstrip("#")
        if rx.fullmatch(bare):
            return end - len(bare), end, bare
    return None


def _named_value(name: str, schema: dict[str, Any], text: str, lang: str,
                 taken: list[tuple[int, int]]) -> Hit | None:
    """The code said right after the property's name or a word of it ("order A1001",
    "order number: A1001", "the code is SAVE10"): stopwords and the name's own words may
    come between."""
    label = tokens(label_of(name, schema))
    m = Matcher(label, lang)
    stop = lex.stopwords(lang)
    numeric = _type(schema) in _NUMERIC
    words = list(_WORD_RE.finditer(text))
    for i, word in enumerate(words):
        if max(m.sims(word.group().lower()), default=0.0) < ACCEPT:
            continue
        for nxt in words[i + 1:]:
            w = nxt.group()
            if w.lower() in stop or w.lower() in label:
                continue
            code = _CODE_RE.fullmatch(w) or (numeric and _NUMBER_RE.fullmatch(w))
            if code and _free(nxt.start(), nxt.end(), taken):
                bare = w.lstrip("#")
                return nxt.end() - len(bare), nxt.end(), bare
            break
    return None


def fill(parameters: dict[str, Any], text: str, lang: str = "en") -> Filled:
    """The arguments the request gives for a tool with these ``parameters``."""
    props = properties(parameters)
    required = [r for r in parameters.get("required") or [] if isinstance(r, str)]
    out = Filled()
    if not props:
        out.missing = required
        return out
    names = list(props)
    page = Page(PageContext(indexedElements=[_field(i + 1, n, props[n])
                                             for i, n in enumerate(names)]))
    found = find_values(text, lang)
    by_value = {id(f.value): f for f in found}
    for a in assign([f.value for f in found], page, page.fields, lang):
        name = names[a.el.id - 1]
        value = _coerce(a.text, props[name])
        if value is not None:
            out.args[name] = value
            f = by_value.get(id(a.value))
            if f is not None:
                out.spans.append((f.start, f.end))
    for name in names:
        if name in out.args:
            continue
        schema = props[name]
        hit = (_named_value(name, schema, text, lang, out.spans)
               or _pattern_value(schema, text, out.spans))
        if hit is None and name in required and _type(schema) == "string" and len(
                [r for r in required if r not in out.args]) == 1:
            codes = _codes(text, out.spans)
            hit = codes[0] if len(codes) == 1 else None
        value = _coerce(hit[2], schema) if hit is not None else None
        if hit is not None and value is not None:
            out.args[name] = value
            out.spans.append((hit[0], hit[1]))
    _enum_words(props, text, lang, out)
    # A value the schema refuses is no value: ask for it rather than send it.
    for name in list(out.args):
        if argument_errors({"type": "object", "properties": {name: props[name]}},
                           {name: out.args[name]}):
            del out.args[name]
    out.missing = [r for r in required if r not in out.args]
    return out


def _enum_words(props: dict[str, dict[str, Any]], text: str, lang: str, out: Filled) -> None:
    """An option of an ``enum`` property named anywhere in the request ("express")."""
    words = tokens(text)
    for name, schema in props.items():
        enum = schema.get("enum")
        if name in out.args or not isinstance(enum, list):
            continue
        scored = sorted(((Matcher(tokens(str(o)), lang).score(words), i)
                         for i, o in enumerate(enum)), reverse=True)
        if scored and scored[0][0] >= ACCEPT and (len(scored) == 1 or
                                                  scored[1][0] < scored[0][0]):
            out.args[name] = enum[scored[0][1]]


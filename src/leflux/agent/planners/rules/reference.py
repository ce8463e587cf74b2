"""How the visitor named a thing: words, kind, ordinal, the row it sits in.

"the delete button of the second item" -> target (delete, button), container (item #2);
"the bread one" -> container (bread, item); "'Save draft'" -> quoted, taken verbatim.
Works on a span of one clause (folded ``low`` and the ``raw`` it came from, same length).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leflux.agent.planners.rules.lexicon import Lexicon
from leflux.agent.planners.rules.model import Reference
from leflux.agent.planners.rules.phrases import tokens

# Kinds that name a control inside a row ("the delete button of the bread item").
CONTROL_KINDS = frozenset({"button", "link", "checkbox", "radio", "field", "dropdown",
                           "option", "image", "tab"})
ROW_KINDS = frozenset({"item", "row"})
ALL = "all"  # the kind of a reference to every row ("tick everything off")
Span = tuple[int, int]
_QUOTES = {'"': '"', "'": "'"}


@dataclass
class Text:
    """A clause as typed (``raw``) and folded (``low``): same length, shared spans."""

    raw: str
    low: str
    lex: Lexicon

    def trim(self, a: int, b: int) -> Span:
        while a < b and self.low[a] in " \t\n,.;:!?¿¡-–":
            a += 1
        while b > a and self.low[b - 1] in " \t\n,.;:!?-–":
            b -= 1
        return a, b

    def skip_articles(self, a: int, b: int) -> int:
        while (h := self.lex.articles.match_start(self.low, a)) is not None and h.end <= b:
            a = h.end
        return self.trim(a, b)[0]

    def words(self, a: int, b: int) -> list[tuple[str, int, int]]:
        return [(t, s + a, e + a) for t, s, e in tokens(self.low[a:b])]

    def is_container(self, a: int, b: int) -> bool:
        """The span names a cart, a list, a row ("my cart", "the second item")."""
        a = self.skip_articles(a, b)
        part = self.low[a:b]
        if not part.strip():
            return False
        lex = self.lex
        if lex.containers.match_end(part) is not None or lex.carts.match_end(part) is not None:
            return True
        kind = lex.kinds.match_end(part)
        return bool(kind and kind.key in ROW_KINDS) or any(
            True for _ in lex.ordinals.find_all(part)) or lex.pronoun_one.match_end(
            part) is not None

    def ends_with_control(self, a: int, b: int) -> bool:
        kind = self.lex.kinds.match_end(self.low[a:b])
        return bool(kind and kind.key in CONTROL_KINDS)


def split_container(t: Text, a: int, b: int) -> tuple[Span, Span | None]:
    """(target, container) of "X of/in/from Y" when Y is a row/list/cart or X is a
    control ("the delete button of the milk row", "the hoodie from my cart")."""
    for hit in t.lex.container_of.find_all(t.low[a:b]):
        s, e = a + hit.start, a + hit.end
        if s == a:
            continue
        left_words = t.skip_articles(a, s) < t.trim(a, s)[1] and t.lex.kinds.get(
            t.low[t.skip_articles(a, s):t.trim(a, s)[1]]) is None
        if t.is_container(e, b) or (t.ends_with_control(a, s) and left_words):
            return (a, s), (e, b)  # not "el botón de enviar": that names the button
    return (a, b), None


def split_destination(t: Text, a: int, b: int) -> tuple[Span, Span | None]:
    """(thing, destination) of "X to/into Y" when Y is a container or a field."""
    hits = list(t.lex.destination_to.find_all(t.low[a:b]))
    for hit in reversed(hits):
        s, e = a + hit.start, a + hit.end
        kind = t.lex.kinds.match_end(t.low[e:b])
        mine = t.lex.mine.match_start(t.low, t.trim(e, b)[0])
        if t.is_container(e, b) or mine is not None or quoted_span(t, a, s) is not None or (
                kind is not None and kind.key in CONTROL_KINDS):
            return (a, s), (e, b)
    return (a, b), None


def quoted_span(t: Text, a: int, b: int) -> Span | None:
    a, b = t.trim(a, b)
    if b - a >= 2 and t.low[a] in _QUOTES and t.low[b - 1] == _QUOTES[t.low[a]]:
        a, b = a + 1, b - 1  # folded: “ ” « » are "
        while a < b and t.raw[a].isspace():
            a += 1
        while b > a and t.raw[b - 1].isspace():
            b -= 1
        return a, b
    return None


def _drop_phrases(t: Text, toks: list[tuple[str, int, int]], table: object
                  ) -> tuple[list[tuple[str, int, int]], list[object]]:
    """Take every phrase of ``table`` out of ``toks``; return what is left and the keys."""
    keys: list[object] = []
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(toks):
        hit = table.match_start(t.low, toks[i][1])  # type: ignore[attr-defined]
        if hit is not None and hit.end <= toks[-1][2]:
            keys.append(hit.key)
            while i < len(toks) and toks[i][1] < hit.end:
                i += 1
            continue
        out.append(toks[i])
        i += 1
    return out, keys


def _leading(t: Text, toks: list[tuple[str, int, int]], table: object
             ) -> tuple[list[tuple[str, int, int]], object | None]:
    if not toks:
        return toks, None
    hit = table.match_start(t.low, toks[0][1])  # type: ignore[attr-defined]
    if hit is None:
        return toks, None
    return [x for x in toks if x[1] >= hit.end], hit.key


def _kind(t: Text, toks: list[tuple[str, int, int]]
          ) -> tuple[list[tuple[str, int, int]], str | None]:
    """A kind word at the end ("the delete button"), or first before a preposition ("the
    button for checkout", "the field called notes"); elsewhere it is part of a name."""
    if not toks:
        return toks, None
    span = t.low[toks[0][1]:toks[-1][2]]
    if (end := t.lex.kinds.match_end(span)) is not None:
        cut = toks[0][1] + end.start
        return [x for x in toks if x[2] <= cut], end.key
    rest, kind = _leading(t, toks, t.lex.kinds)
    if kind is None or not rest:
        return toks, None
    for table in (t.lex.container_of, t.lex.destination_to, t.lex.called):
        after, prep = _leading(t, rest, table)
        if prep is not None:
            return after, str(kind)
    if kind in CONTROL_KINDS or kind == "page":  # "la case newsletter", "the link Help"
        return rest, str(kind)
    return toks, None


def reference(t: Text, a: int, b: int, drop: list[Span] | None = None) -> Reference | None:
    """The reference that ``[a, b)`` makes, minus the ``drop`` spans (values)."""
    a, b = t.trim(a, b)
    if a >= b:
        return None
    if q := quoted_span(t, a, b):
        return Reference(words=t.raw[q[0]:q[1]], quoted=True)
    if t.lex.all_items.get(t.low[a:b]) is not None:
        return Reference(kind=ALL)  # "everything", "all of them": every row of the list
    toks = [x for x in t.words(a, b) if not any(s <= x[1] < e for s, e in drop or [])
            and (any(ch.isalnum() for ch in x[0]) or x[0] == ",")]  # commas part a list
    toks, ordinals = _drop_phrases(t, toks, t.lex.ordinals)
    while toks:  # "me to dark mode", "the my ...": articles and stopwords in front
        toks, art = _leading(t, toks, t.lex.articles)
        if art is None and toks and toks[0][0] in t.lex.stopwords:
            toks = toks[1:]
        elif art is None:
            break
    while toks and not _ends_phrase(t, toks) and (
            toks[-1][0] in t.lex.stopwords or toks[-1][0] == "," or t.lex.container_of.get(
            toks[-1][0]) is not None):  # "boots in" (its size was a value)
        toks.pop()
    toks, kind = _kind(t, toks)
    while toks and not _ends_phrase(t, toks) and (
            t.lex.pronoun_one.get(toks[-1][0]) is not None
            or toks[-1][0] in t.lex.stopwords or not toks[-1][0][0].isalnum()):
        toks.pop()
    text = re.sub(r"(?:,\s*)+", ", ", join_raw(t, toks)).strip(" ,")
    ordinal = int(ordinals[-1]) if ordinals else None  # type: ignore[call-overload]
    if not text and kind is None and ordinal is None:
        return None
    return Reference(words=text, kind=kind, ordinal=ordinal)


def _ends_phrase(t: Text, toks: list[tuple[str, int, int]]) -> bool:
    """'sign up', 'log in': the little word that ends a control's known name stays ("sign"
    alone names "Sign in" as well as "Sign up")."""
    return len(toks) >= 2 and bool(t.lex.synonyms_of(f"{toks[-2][0]} {toks[-1][0]}"))


def join_raw(t: Text, toks: list[tuple[str, int, int]]) -> str:
    """The words as typed: "I'm" stays "I'm", other words one space apart."""
    out: list[str] = []
    prev = -1
    for _, s, e in toks:
        if out and s != prev:
            out.append(" ")
        out.append(t.raw[s:e])
        prev = e
    return "".join(out)


def is_one_ref(t: Text, a: int, b: int) -> bool:
    """'the bread one', 'the one with milk': a row named by what it holds."""
    a, b = t.trim(a, b)
    part = t.low[a:b]
    one = t.lex.pronoun_one.match_end(part)
    words = [w for w, _, _ in tokens(part) if t.lex.articles.get(w) is None]
    return one is not None and len(words) > 1 and not any(
        True for _ in t.lex.ordinals.find_all(part))

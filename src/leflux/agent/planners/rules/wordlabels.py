"""Fields labelled by a little word of the language ("From", "To"): the words the visitor
put after that word are the field's value ("from London Heathrow to Lisbon" -> From:
London Heathrow, To: Lisbon), as a person reads a trip search form.

A value runs from its label word to the next label word, a comma, a value already found
(a date, a count) or another little word ("to New York on 2 April" -> New York); a label
word that opens no words gives nothing.
"""

from __future__ import annotations

import re

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import PageElement
from leflux.agent.planners.rules.model import Value, ValueKind
from leflux.agent.planners.rules.phrases import fold

_WORD_RE = re.compile(r"[^\W_][\w'’-]*|[,;.!?]")


def label_words(fields: list[PageElement], lang: str) -> dict[str, PageElement]:
    """One-word labels that are little words of the language, each naming one field."""
    stop = lex.stopwords(lang) | lex.stopwords("en")  # (a page in English)
    out: dict[str, PageElement] = {}
    seen: set[str] = set()
    for el in fields:
        label = fold(el.e.label or "").strip(" :*")
        if not (el.is_text_field or el.is_select) or " " in label or label not in stop:
            continue
        if label in seen:
            out.pop(label, None)  # two fields called the same: no telling which
        else:
            out[label] = el
        seen.add(label)
    return out


def word_labelled(text: str, taken: list[Value], fields: list[PageElement], lang: str
                  ) -> list[Value]:
    """Text values for the fields labelled by a little word that the request uses."""
    labels = label_words(fields, lang)
    if not labels:
        return []
    stop = lex.stopwords(lang)
    spans = [(m.start(), m.end()) for v in taken if v.raw and (m := re.search(
        re.escape(v.raw), text))]
    words = list(_WORD_RE.finditer(text))
    found: dict[str, list[str]] = {}
    i = 0
    while i < len(words):
        key, j = _label_at(words, i, labels, lang)
        if key not in labels:
            i += 1
            continue
        first = j = _past_aside(words, j, stop)
        while j < len(words) and not _ends_value(words[j], spans, labels, stop, lang):
            j += 1
        if j > first:
            found.setdefault(key, []).append(text[words[first].start():words[j - 1].end()])
        i = j
    return [Value(ValueKind.TEXT, raw, raw, label=labels[key].e.label)
            for key, raws in found.items() if (raw := _likeliest(raws))]


def _label_at(words: list[re.Match[str]], i: int, labels: dict[str, PageElement], lang: str
              ) -> tuple[str, int]:
    """The label word at ``i`` (one word, or two: "out of" for From) and where its value
    starts."""
    one = fold(words[i][0])
    if i + 1 < len(words):
        two = lex.label_word(f"{one} {fold(words[i + 1][0])}", lang)
        if two in labels:
            return two, i + 2
    return lex.label_word(one, lang), i + 1


def _past_aside(words: list[re.Match[str]], i: int, stop: frozenset[str]) -> int:
    """Where the value after a label word starts: a place called with a little word first,
    then a comma ("to the states, Boston": the country, then the city) is the words after
    the comma, the nearer place; else right after the label word."""
    if i >= len(words) or fold(words[i][0]) not in stop:
        return i
    comma = next((k for k in range(i + 1, len(words)) if words[k][0] in ",;.!?"), None)
    return comma + 1 if comma is not None and words[comma][0] == "," else i


def _ends_value(word: re.Match[str], spans: list[tuple[int, int]], labels: dict[str, PageElement],
               stop: frozenset[str], lang: str) -> bool:
    """A value after a label word stops at a comma, a little word, another label word (in
    the visitor's words: "nach" for "To") or a value already found."""
    w = fold(word[0])
    return word[0] in ",;.!?" or w in stop or lex.label_word(w, lang) in labels or any(
        a <= word.start() < b for a, b in spans)


def _likeliest(raws: list[str]) -> str:
    """Of the words after each use of a label word, a name ("want to fly ... to Paris":
    Paris), else the only ones."""
    named = [r for r in raws if r[:1].isupper() or r[:1].isdigit()]
    return named[0] if named else raws[0] if len(raws) == 1 else ""

"""Formatting words a rich-text editor already holds ("make 'renew passport' bold", "put
the word passport in bold", "turn these lines into a bulleted list").

A person selects those words and presses the editor's own button for the format; nothing
is typed, so nothing the visitor wrote is lost. Words the editor does not hold are said,
and nothing is done. Words said without quotes ("make dentist bold") are words to format
where the editor holds them or has the format's button: never text to write. The request
is a verb, the words (quoted, after a word that marks them, "the word", or words that
mean all of the text, "these lines"), a word joining them to the format ("into") and the
format; what follows a joint ("and save it") is a request of its own, planned as usual
after the formatting. The words of each part are the lexicon's
(``[text_formats.restyle]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from leflux.agent.planner import PlanActions, PlanEvent, TextDelta
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.lexicon import DEFAULT_LANG, LANGS, lexicon_data
from leflux.agent.planners.rules.textformats import format_button
from leflux.agent.planners.rules.verify import Expect, one_line, snapshot

RESTYLE_SURE = 0.8
_QUOTES = "\"'“”«»‘’"


@dataclass(frozen=True)
class Restyle:
    """A request to format words the editor holds."""

    editor: PageElement
    words: str               # "" : all of its text
    formats: tuple[str, ...]
    rest: str                # what else the request asks ("save it"), planned after
    marked: bool             # the words were quoted or marked ("the word ..."): surely them


@dataclass(frozen=True)
class _Grammar:
    request: re.Pattern[str]
    marks: tuple[str, ...]
    whole: frozenset[str]
    formats: dict[str, str]  # a format's words (folded) -> the format


def _alternation(phrases: list[str]) -> str:
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p) for p in ordered)


@cache
def _grammar(lang: str) -> _Grammar | None:
    data = lexicon_data(lang if lang in LANGS else DEFAULT_LANG).get(
        "text_formats", {}).get("restyle", {})
    if not data.get("verbs") or not data.get("formats"):
        return None
    formats = {" ".join(p.lower().split()): fmt for fmt, ps in data["formats"].items()
               for p in ps}
    polite = _alternation(data.get("polite", []))
    joints = _alternation(data.get("joints", []))
    rx = (rf"^(?:(?:{polite})\s+)*" if polite else "^") + (
        rf"(?:{_alternation(data['verbs'])})\s+(?P<target>.+?)\s+"
        rf"(?:(?:{_alternation(data.get('into', []))})\s+)?"
        rf"(?P<format>{_alternation(list(formats))})"
        rf"(?:\s*(?<!\w)(?:{joints})(?!\w)\s*(?P<rest>.*?))?[\s.!]*$")
    return _Grammar(re.compile(rx, re.IGNORECASE | re.DOTALL),
                    tuple(sorted((m.lower() for m in data.get("marks", [])), key=len,
                                 reverse=True)),
                    frozenset(w.lower() for w in data.get("whole", [])), formats)


def _editor(page: Page) -> PageElement | None:
    """The page's one editable region (with several, which one is meant is not known)."""
    boxes = [el for el in page.fields if el.flag("editable")
             or el.extra("contenteditable") == "true"]
    return boxes[0] if len(boxes) == 1 else None


def _words(target: str, grammar: _Grammar) -> tuple[str, bool]:
    """The words meant ("" for all of the text) and whether they were marked as words
    (quoted, "the word ...", "these lines") rather than only said."""
    t = " ".join(target.split())
    if len(t) > 1 and t[0] in _QUOTES and t[-1] in _QUOTES:
        return t[1:-1].strip(), True
    if t.lower() in grammar.whole:
        return "", True
    for mark in grammar.marks:
        if t.lower().startswith(mark + " "):
            return t[len(mark):].strip().strip(_QUOTES), True
    return t, False


def restyle_asked(text: str, page: Page, lang: str) -> Restyle | None:
    """The request to format words of the page's one editor, if that is what ``text`` is."""
    grammar, editor = _grammar(lang), _editor(page)
    if grammar is None or editor is None:
        return None
    m = grammar.request.match(text.strip())
    if m is None:
        return None
    words, marked = _words(m.group("target"), grammar)
    fmt = grammar.formats[" ".join(m.group("format").lower().split())]
    restyle = Restyle(editor, words, (fmt,), (m.group("rest") or "").strip(), marked)
    # Unmarked words are words to format where the editor holds them, or where it has the
    # format's button: "make dentist bold" beside a Bold button asks to format, never to
    # write "dentist" (words it does not hold are said, and nothing is typed).
    if marked or _holds(editor, words) or format_button(page, fmt, lang) is not None:
        return restyle
    return None


def _blankless(text: str) -> str:
    return "".join(text.split()).lower()


def _holds(editor: PageElement, words: str) -> bool:
    """Does the editor hold ``words`` (case and blanks aside, as select_text finds them)?
    Its value is cut at 500 characters: words past that may be there."""
    value = editor.e.value or ""
    if not value.strip():
        return False
    return _blankless(words) in _blankless(value) or value.endswith("\u2026")


def restyle_decision(r: Restyle, page: Page, lang: str) -> Decision:
    """Select the words and press the editor's button for each format, or say why not."""
    what = quoted(one_line(r.words)) if r.words else "the text"
    buttons = [format_button(page, fmt, lang) for fmt in r.formats]
    if any(b is None for b in buttons):
        lacking = [f for f, b in zip(r.formats, buttons, strict=True) if b is None]
        return Decision(Kind.SAY, f"This editor has no button for {' or '.join(lacking)}, "
                        "so I haven't changed anything.")
    if not _holds(r.editor, r.words):
        held = "is empty" if not (r.editor.e.value or "").strip() else f"doesn't say {what}"
        return Decision(Kind.SAY, f"{r.editor.display} {held}, so I haven't changed anything.")
    pressed = " and ".join(quoted(b.display) for b in buttons if b is not None)
    steps = [step("select_text", r.editor, r.words, f"select {what}"),
             *[step("click", b) for b in buttons if b is not None]]
    # (the text is checked to be as it was: formatting changes none of its words)
    before = snapshot(page, Expect.FILL, values={r.editor.id: r.editor.e.value or ""})
    return Decision(Kind.ACT, f"Selecting {what} and pressing {pressed}.", steps,
                    RESTYLE_SURE, before, f"Selected {what} and pressed {pressed}")


def with_restyle(d: Decision, events: list[PlanEvent]) -> list[PlanEvent] | None:
    """The formatting's steps first in the plan of the rest of the request ("and save
    it"); ``None`` when the rest planned nothing to do."""
    at = next((i for i, e in enumerate(events) if isinstance(e, PlanActions)), None)
    if at is None:
        return None
    first = events[at]
    assert isinstance(first, PlanActions)
    merged = PlanActions([*d.steps, *first.steps], first.message, first.confidence,
                         first.planner)
    return [TextDelta(d.say + " "), *events[:at], merged, *events[at + 1:]]

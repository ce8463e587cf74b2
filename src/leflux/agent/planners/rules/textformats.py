"""Formatting asked of text the visitor writes in a rich-text editor ("write 'Renew
passport' in bold", "a note with a bullet list: tent, sleeping bag, stove").

A person types the text, selects it and presses the editor's own button for the format
(Bold, Bulleted list); a list's items go on lines of their own first. The words asking
for the format are no value to type: they are taken out of the request before it is
understood, but only where the page has an editable region and a button for that format
(elsewhere "bold" may well be what is to be typed or looked for). The words of each
format and of its buttons are the lexicon's (``[text_formats]``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial

from leflux.agent.planner import PlanActions, PlanEvent
from leflux.agent.planners.rules.decide import step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.lexicon import DEFAULT_LANG, LANGS, lexicon_data
from leflux.agent.planners.rules.match import tokens
from leflux.protocol import Step

# Text given in quotes is typed as it is: no format words are looked for in it.
_QUOTED = re.compile(r"(?<!\w)([\"“«'‘])(?:(?!\1).)+?[\"”»'’](?!\w)")


@dataclass(frozen=True)
class Formats:
    joints: tuple[str, ...]
    inline: dict[str, tuple[str, ...]]   # format -> the visitor's words for it
    lines: dict[str, tuple[str, ...]]
    buttons: dict[str, tuple[str, ...]]  # format -> names of its button


@cache
def _formats(lang: str) -> Formats:
    data = lexicon_data(lang if lang in LANGS else DEFAULT_LANG).get("text_formats", {})

    def section(key: str) -> dict[str, tuple[str, ...]]:
        return {k: tuple(v) for k, v in data.get(key, {}).items()}

    return Formats(tuple(data.get("joints", ())), section("inline"), section("lines"),
                   section("buttons"))


def _names_button(el: PageElement, names: tuple[str, ...]) -> int:
    """How many words of the best of ``names`` the button's name has (0: none): a name of
    one letter ("B") only as the whole of it."""
    words = set(tokens(el.name_text))
    best = 0
    for name in names:
        want = tokens(name)
        if want and (set(want) <= words) and (len(name) > 1 or words == set(want)):
            best = max(best, len(want))
    return best


def format_button(page: Page, fmt: str, lang: str) -> PageElement | None:
    names = _formats(lang).buttons.get(fmt, ()) + (_formats(DEFAULT_LANG).buttons.get(fmt, ())
                                                   if lang != DEFAULT_LANG else ())
    scored = [(_names_button(el, names), el) for el in page.clickables if el.tag != "a"]
    scored = [(s, el) for s, el in scored if s > 0]
    return max(scored, key=lambda t: t[0])[1] if scored else None


def _editable(el: PageElement | None) -> bool:
    return el is not None and (el.flag("editable") or el.extra("contenteditable") == "true")


def formats_asked(text: str, page: Page, lang: str) -> tuple[str, list[str], list[str]]:
    """The request without the words asking for a format of the page's editor, the formats
    its buttons give, and those asked for that it has no button for (then nothing is to be
    typed without them: the visitor is told)."""
    if not any(_editable(el) for el in page.fields):
        return text, [], []
    given: list[str] = []
    lacking: list[str] = []
    for fmt, phrases in {**_formats(lang).inline, **_formats(lang).lines}.items():
        rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)",
                        re.IGNORECASE)
        kept = _outside_quotes(text, partial(rx.sub, " "))
        if kept == text:
            continue
        if format_button(page, fmt, lang) is None:
            lacking.append(fmt)
        else:
            text, given = kept, [*given, fmt]
    return (" ".join(text.split()) if given else text), given, lacking


def _outside_quotes(text: str, change: Callable[[str], str]) -> str:
    out, at = [], 0
    for m in _QUOTED.finditer(text):
        out += [change(text[at:m.start()]), m.group(0)]
        at = m.end()
    return "".join([*out, change(text[at:])])


def _lines(text: str, lang: str) -> str:
    """A list's items, one a line ("tent, sleeping bag and stove")."""
    joints = "|".join(re.escape(j) for j in _formats(lang).joints)
    parts = re.split(r"\s*(?:[,;\n]|(?<!\w)(?:" + joints + r")(?!\w))\s*", text) if joints \
        else re.split(r"\s*[,;\n]\s*", text)
    return "\n".join(p.strip(" .") for p in parts if p.strip(" ."))


def _formatted(steps: list[Step], page: Page, formats: list[str], lang: str) -> list[Step]:
    fm = _formats(lang)
    out: list[Step] = []
    for s in steps:
        el = page.by_id.get(s.elementId) if s.elementId is not None else None
        if s.action != "type" or not _editable(el) or not (s.inputData or "").strip():
            out.append(s)
            continue
        lines = any(f in fm.lines for f in formats)
        text = _lines(s.inputData or "", lang) if lines else s.inputData or ""
        out.append(s.model_copy(update={"inputData": text}))
        # the whole of what was typed, selected, then each format's button
        out.append(step("select_text", el, "", "select the text"))
        for fmt in formats:
            button = format_button(page, fmt, lang)
            if button is not None:
                out.append(step("click", button))
    return out


def with_formats(events: list[PlanEvent], page: Page, formats: list[str],
                 lang: str) -> list[PlanEvent]:
    """The plans, each text typed into an editor given the formats asked for."""
    if not formats:
        return events
    return [PlanActions(_formatted(e.steps, page, formats, lang), e.message, e.confidence,
                        e.planner) if isinstance(e, PlanActions) else e for e in events]

"""A question about what a control on the page is set to ("what timezone am I set to", "who
can see my profile right now", "which theme is my account using").

A person reads the form: the control whose label the question names, and its current
value (the chosen option, the checked radio of its group, the switch on or off, the text
in the field). The page's text lists every option of a select or a radio group without
saying which is chosen, so the text alone cannot answer these.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from leflux.agent.planners.rules.answer import expanded_terms, matches_term, terms_of
from leflux.agent.planners.rules.answer_kinds import wanted_kinds
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.lexicon import DEFAULT_LANG, LANGS, lexicon
from leflux.agent.planners.rules.phrases import fold

# Share of the question's own terms a control's label must name when the question does
# not say it is about the visitor's current setting ("my", "right now").
LABEL_COVERS_QUESTION = 0.6
SETTING_CONFIDENCE = 0.85
_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Setting:
    """One control as a person reads it: what it is called and what it is set to."""

    name: str
    value: str
    switch: bool = False   # on or off: it answers no "how many", "how much", "when"


def _radio_name(el: PageElement, labels: list[str]) -> str:
    """A radio group's own name: its fieldset's legend, or its card's words without the
    labels of its radios."""
    group = el.group
    for label in labels:
        group = group.replace(label, " ")
    return " ".join(group.split()) or el.e.name or ""


def _radios(page: Page) -> list[Setting]:
    groups: dict[str, list[PageElement]] = {}
    for el in page.fields:
        if el.one_of and el.tag == "input":
            groups.setdefault(el.e.name or el.group or str(el.id), []).append(el)
    out = []
    for els in groups.values():
        labels = [el.display for el in els]
        chosen = [el.display for el in els if el.e.checked]
        out.append(Setting(_radio_name(els[0], labels),
                           chosen[0] if chosen else "nothing chosen"))
    return out


def _value(el: PageElement) -> str | None:
    if el.is_select:
        chosen = [o.text or o.value for o in el.e.options or [] if o.selected]
        return chosen[0] if chosen else (el.e.value or None)
    if el.is_toggle:
        return "on" if el.e.checked else "off"
    if el.is_text_field and el.type != "password":
        return el.e.value or None
    return None


def settings(page: Page) -> list[Setting]:
    """Every control of the page that holds a value, by its label."""
    out = _radios(page)
    for el in page.fields:
        if el.one_of and el.tag == "input":
            continue
        value = _value(el)
        name = el.e.label or el.extra("ariaLabel")
        if value and name:
            out.append(Setting(" ".join(name.split()), value, el.is_toggle))
    return out


def _covered(label: str, asked: dict[str, tuple[str, ...]], question: str,
             lang: str) -> bool:
    """Every word of the label is in the question (in any form: "Time zone" is named by
    "timezone")."""
    words = terms_of(label, lang)
    if not words:
        return False
    glued = {fold(w) for w in _WORD_RE.findall(fold(question))}
    joined = "".join(_WORD_RE.findall(fold(label)))
    if joined in glued:
        return True
    return all(any(matches_term(t, alts, Counter((w,))) for t, alts in asked.items())
               for w in words)


def _about_current(question: str, lang: str) -> bool:
    lex = lexicon(lang if lang in LANGS else DEFAULT_LANG)
    low = fold(question)
    return lex.mine.match_start(low) is not None or any(
        True for _ in lex.mine.find_all(low)) or any(True for _ in lex.current.find_all(low))


def setting_for(question: str, said: str, page: Page, lang: str) -> Setting | None:
    """The control the question asks the value of, or None; ``said``: the question as the
    visitor said it ("... right now")."""
    asked = expanded_terms(question, lang)
    if not asked:
        return None
    current = _about_current(said, lang)
    kinds = wanted_kinds(question, lang)
    best: tuple[int, Setting] | None = None
    for s in settings(page):
        if (s.switch and kinds) or not _covered(s.name, asked, question, lang):
            continue
        named = len(terms_of(s.name, lang))
        if not current and named < LABEL_COVERS_QUESTION * len(asked):
            continue
        if best is None or named > best[0]:
            best = (named, s)
    return best[1] if best else None

"""The step that puts a value into a field as a person would: an option chosen in a
select, a box ticked or unticked, text typed (or typed and its suggestion picked)."""

from __future__ import annotations

from difflib import SequenceMatcher

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import PageElement
from leflux.agent.planners.rules.text import phrase_sim
from leflux.protocol import Step, StepAction


def option_text(el: PageElement, wanted: str) -> str | None:
    """The option text best matching ``wanted``, or None."""
    best, best_s = None, 0.0
    for o in el.e.options or []:
        for cand in (o.text, o.value):
            if not cand:
                continue
            if cand.strip().lower() == wanted.strip().lower():
                return o.text or o.value
            # Word overlap, then character order ("high to low" is not "low to high").
            s = phrase_sim(wanted, cand) + 0.2 * SequenceMatcher(
                None, wanted.lower(), cand.lower()).ratio()
            if s > best_s:
                best, best_s = (o.text or o.value), s
    return best if best_s >= 0.7 else None


def step_for(el: PageElement, value: str, what: str) -> Step | None:
    """One step that puts ``value`` into ``el``."""
    if el.is_select:
        opt = option_text(el, value)
        return Step(action="select", elementId=el.id, inputData=opt, description=what) \
            if opt else None
    if el.is_toggle:
        on = value.strip().lower() not in ("no", "false", "off", "0", "unchecked", "uncheck")
        if bool(el.e.checked) == on:
            return None
        return Step(action="check" if on else "uncheck", elementId=el.id, description=what)
    return Step(action=typing_action(el), elementId=el.id, inputData=value, description=what)


def suggested_text(el: PageElement, text: str, lang: str) -> str:
    """What is typed into a box that suggests as you type: a place named in the visitor's
    language as the list names it ("Wien" -> "Vienna")."""
    return lex.english_place(text, lang) if typing_action(el) == "select" else text


def typing_action(el: PageElement) -> StepAction:
    """How a value goes into a text field: typed, or, into a combobox that suggests as
    you type (an airport, a city), typed and its suggestion clicked ("select")."""
    return "select" if el.role == "combobox" and el.is_text_field else "type"

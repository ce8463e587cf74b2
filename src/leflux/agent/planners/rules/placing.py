"""Values into the fields of one form: the form that takes most of them, each value into
the field that fits it (:mod:`fields`), typed or chosen the way the field takes it."""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import step
from leflux.agent.planners.rules.dependent import choices, holds_option
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import assign, choose_option, number_in
from leflux.agent.planners.rules.fieldstep import suggested_text, typing_action
from leflux.agent.planners.rules.formwork import FormKey, Work, form_key
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Value, ValueKind
from leflux.protocol import Step

OPTION_ACCEPT = 0.7   # a select's option named this well is the one meant
# ... and named in passing, with no field of the value's name (a place)
IN_PASSING = 0.8


def input_step(el: PageElement, text: str, lang: str) -> Step | None:
    """One step that puts ``text`` into ``el`` (a select: the option it names)."""
    if el.is_select:
        score, option = choose_option(el, text, lang)
        return step("select", el, option, el.display) if score >= OPTION_ACCEPT else None
    if el.is_range:
        number = number_in(text)
        return step("type", el, number, el.display) if number else None
    if el.type == "number" or el.role == "spinbutton":
        # "1 pair", "zero": a number box takes the number ("1", "0")
        number = number_in(text) or _word_number(text, lang)
        return step("type", el, number, el.display) if number is not None else None
    return step(typing_action(el), el, suggested_text(el, text, lang), el.display)


def _word_number(text: str, lang: str) -> str | None:
    found = [n for w in tokens(text) if (n := lex.number(w, lang)) is not None]
    return str(found[0]) if len(found) == 1 else None


def _holds(el: PageElement, text: str) -> bool:
    return " ".join((el.e.value or "").split()).lower() == " ".join(text.split()).lower()


def best_form(values: list[Value], page: Page, lang: str) -> FormKey | None:
    """The form that takes most of these values (the sign-in form, not the footer's
    newsletter box)."""
    forms: dict[FormKey, list[PageElement]] = {}
    for el in page.fields:
        if not el.is_toggle:
            forms.setdefault(form_key(page, el), []).append(el)
    best: tuple[float, FormKey] | None = None
    for key, els in forms.items():
        got = assign(values, page, els, lang)
        score = sum(a.score for a in got)
        if got and (best is None or score > best[0] + 1e-9):
            best = (score, key)
    return best[1] if best else None


def absorb_values(work: Work, values: list[Value], page: Page, lang: str) -> bool:
    if not values:
        return False
    if work.form is None:
        work.form = best_form(values, page, lang)
    fields = [el for el in page.fields if not el.is_toggle and work.fits(page, el)]
    got = assign(values, page, fields, lang)
    placed = {id(a.value) for a in got} | {a.value.raw for a in got}
    took = False
    for a in got:
        if _holds(a.el, a.text) and not a.el.is_select:
            took = True
            continue
        # A phone or card number is typed the way the visitor wrote it.
        text = a.value.raw.strip() if a.value.kind in (ValueKind.PHONE, ValueKind.CARD_NUMBER) \
            and a.value.raw else a.text
        st = input_step(a.el, text, lang)
        if st is None:
            work.unplaced.append(a.value.raw or a.value.text)
            continue
        if a.el.is_select and holds_option(a.el, st.inputData or ""):
            took = True  # already chosen (a country chosen before its states came)
            continue
        took = work.take(page, a.el, st, a.score) or took
    for v in values:
        if id(v) not in placed and v.raw not in placed and (v.raw or v.text) not in work.unplaced:
            work.unplaced.append(v.raw or v.text)
    return options_in_passing(work, values, page, lang) or took


def options_in_passing(work: Work, values: list[Value], page: Page, lang: str) -> bool:
    """A place said where no field of its name is ("Florida" where a city would go,
    "Kanada"): the one select of the form that lists it, as a person finds it there."""
    took = False
    for v in values:
        said = v.raw or v.text
        if v.kind is not ValueKind.TEXT or said not in work.unplaced:
            continue
        scored = sorted(((choose_option(el, v.text, lang), el) for el in page.fields
                         if el.is_select and work.fits(page, el) and el.id not in work.typed
                         and choices(el)), key=lambda t: -t[0][0])
        if not scored or scored[0][0][0] < IN_PASSING or (
                len(scored) > 1 and scored[1][0][0] >= IN_PASSING):
            continue
        (_, option), el = scored[0]
        work.unplaced.remove(said)
        if holds_option(el, option):
            took = True
        else:
            took = work.take(page, el, step("select", el, option, el.display),
                             scored[0][0][0]) or took
    return took

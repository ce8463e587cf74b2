"""What a run of clauses leaves on its form, said before it is sent: the required fields
still empty, whether its button keeps settings, the summary of what it holds (secrets
masked), what could not be placed; and the retry with Enter when its button failed."""

from __future__ import annotations

from collections.abc import Sequence

from leflux.agent.memory import MemoryEntry, last_plan
from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import kind_of
from leflux.agent.planners.rules.formwork import Work
from leflux.agent.planners.rules.match import tokens, word_sim
from leflux.agent.planners.rules.model import Value
from leflux.agent.planners.rules.verify import Before, Expect
from leflux.protocol import Step


# ------------------------------------------------------------------ the run
def required_missing(page: Page, work: Work) -> list[PageElement]:
    """Required fields of the form that will still be empty after the run."""
    out = []
    for el in page.fields:
        if not el.required or not work.fits(page, el) or el.has_value or el.is_toggle:
            continue
        if el.id not in work.typed:
            out.append(el)
    return out


def keeps_settings(page: Page, sub: list[Step]) -> bool:
    """The form's button keeps what is set ("Save changes"): changing a setting means
    pressing it, as a person asked to change a setting would."""
    el = page.by_id.get(sub[0].elementId) if sub and sub[0].elementId is not None else None
    return el is not None and sub[0].action == "click" and (
        lex.is_save_button(el.e.text or "") or lex.is_save_button(el.name_text))


SECRET = "\u2022" * 6


def summary(page: Page, work: Work) -> list[dict[str, str]]:
    """The fields a sent form holds, as the visitor sees them (secrets masked)."""
    out = []
    for st in work.steps:
        el = page.by_id.get(st.elementId) if st.elementId is not None else None
        if el is None:
            continue
        secret = el.type == "password" or kind_of(el) in ("card_number", "card_cvc")
        value = st.inputData if st.action in ("type", "select") else (
            "yes" if st.action == "check" else "no")
        out.append({"label": el.display, "value": SECRET if secret else value or ""})
    return out


def retry_submit(page: Page, before: Before, memory: Sequence[MemoryEntry]) -> list[Step]:
    """After a plan whose last step (the form's button) failed: Enter in the last field it
    typed into, once."""
    last = last_plan(memory, "sent")
    if before.expect is not Expect.SUBMIT or last is None:
        return []
    steps = last.steps
    failed = [r for r in last.results or [] if not r.success]
    if not steps or len(failed) != 1 or failed[0].index != len(steps) - 1 or \
            steps[-1].action != "click":
        return []
    typed = next((i for i in reversed(list(before.values)) if i in page.by_id
                  and page.by_id[i].is_text_field), None)
    el = page.by_id.get(typed) if typed is not None else None
    return [step("press", el, "Enter", "submit")] if el is not None else []


def unplaced_note(work: Work) -> str:
    if not work.unplaced:
        return ""
    return f" I couldn't tell where {', '.join(quoted(u) for u in work.unplaced[:3])} should go."


def the_form_is_the_value(page: Page, work: Work, sub: list[Step]) -> bool:
    """The form holds nothing but the value given (a comment box and its Post), or its
    button names what was given ("Post comment")."""
    texts = [el for el in page.fields if el.is_text_field and work.fits(page, el)]
    btn = page.by_id.get(sub[0].elementId) if sub and sub[0].elementId is not None else None
    named = set(tokens(" ".join(el.display for el in work.els)))
    return len(texts) <= 1 or (btn is not None and bool(named & set(tokens(btn.name_text))))


# A word said names a word of a button this well (equal, stem, synonym, typo).
BUTTON_WORD = 0.85


def action_button(work: Work, page: Page, words: tuple[str, ...], lang: str,
                  verbs: bool = True) -> PageElement | None:
    """The one button of the form that does something on the page without sending it
    ("Find address"), every word of it said (``verbs``: its verb too)."""
    stop = lex.stopwords(lang) | lex.stopwords("en")
    found = []
    for el in page.clickables:
        own = [w for w in tokens(el.name_text) if w not in stop and (verbs or not lex.is_verb(w))]
        if el.tag == "button" and el.type == "button" and not el.disabled and work.fits(
                page, el) and own and all(any(word_sim(w, s, lang) >= BUTTON_WORD
                                               for s in words) for w in own):
            found.append(el)
    return found[0] if len(found) == 1 else None


def finder(work: Work, values: list[Value], page: Page, lang: str) -> PageElement | None:
    """'my postcode is NB2 7HL, it's 3 Orchard Close': the address has no field yet, and
    the button named for it ("Find address") brings one."""
    labels = tuple(w for v in values if v.label and (v.raw or v.text) in work.unplaced
                   for w in tokens(v.label))
    return action_button(work, page, labels, lang, verbs=False) if labels and work.steps \
        else None

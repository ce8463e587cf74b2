"""Boxes and fields a clause names by their words rather than by a value: the switch
whose label or row says what was named ("turn off marketing emails"), the consent boxes
("I accept the terms"), the one box that subscribes ("I want to receive the newsletter"),
a number field whose label the words say ("sign me out after 15 minutes")."""

from __future__ import annotations

from collections.abc import Callable

from leflux.agent.planners.rules import consent
from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.formwork import Work
from leflux.agent.planners.rules.match import tokens, word_sim
from leflux.agent.planners.rules.model import Act, Clause
from leflux.agent.planners.rules.options import (
    NAMED_OPTION,
    NAMED_WORD,
    TARGET_MOST,
    named_score,
    own_words,
    said_as_phrase,
    stop_words,
)


def number_field(work: Work, c: Clause, page: Page, lang: str) -> bool:
    """'sign me out after 15 minutes of inactivity': a number for the number field whose
    label the words say ("Sign me out after this many minutes of inactivity")."""
    nums = [w for w in tokens(c.text) if w.isdigit()]
    if len(nums) != 1:
        return False
    said = tuple(w for w in tokens(c.text) if not w.isdigit() and w not in stop_words(lang))
    # ("log me out ..."): the label may say the act in its own words ("Sign me out ...")
    said += tuple(w for p in lex.control_words(c.act, lang) for w in tokens(p)
                  if w not in stop_words(lang) and w not in said)
    best: tuple[float, PageElement] | None = None
    for el in page.fields:
        if el.type == "number" and work.fits(page, el):
            s = named_score(el.e.label or "", said, said, lang)
            if s >= NAMED_OPTION and (best is None or s > best[0]):
                best = (s, el)
    if best is None or (best[1].e.value or "") == nums[0]:
        return False
    return work.take(page, best[1], step("type", best[1], nums[0], best[1].display), best[0])


def target_toggle(work: Work, c: Clause, page: Page, lang: str) -> bool:
    """'turn off marketing emails': the one switch whose label or row says all the words
    they named (a row often describes its switch better than its short label)."""
    named = c.target.words if c.target and c.target.words else ""
    words = own_words(named, lang) if named else ()
    if not words:
        return False
    toggles = [el for el in page.fields
               if el.is_toggle and work.fits(page, el) and not el.one_of]
    # "coche « se souvenir de moi »" on an English page: the box saying a phrase that means it
    phrased = [el for el in toggles if said_as_phrase(el.name_text, tokens(named), lang,
                                                      within=True)]
    el = phrased[0] if len(phrased) == 1 else _told_toggle(words, toggles, lang)
    if el is None:
        return False
    on = c.act is not Act.UNCHECK
    if bool(el.e.checked) == on:
        work.said.append(f"{quoted(el.display)} is already {'on' if on else 'off'}.")
        return True
    return work.take(page, el, step("check" if on else "uncheck", el, None, el.display))


def _told_toggle(words: tuple[str, ...], toggles: list[PageElement], lang: str
                 ) -> PageElement | None:
    own: Callable[[PageElement], str] = lambda el: el.name_text  # noqa: E731
    row: Callable[[PageElement], str] = lambda el: f"{el.name_text} {el.group}"  # noqa: E731
    # every word said by its label, or by its row (a row often describes its switch better
    # than its short label); else most of them, by one switch alone
    for texts, least in ((own, 1.0), (row, 1.0), (own, TARGET_MOST), (row, TARGET_MOST)):
        scored = []
        for el in toggles:
            said = tokens(texts(el))
            hit = sum(1 for w in words if any(word_sim(w, s, lang) >= NAMED_WORD for s in said))
            scored.append((hit / len(words), el))
        scored.sort(key=lambda t: (-t[0], t[1].id))
        if scored and scored[0][0] >= least and (
                len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1]
    return None


def agree(work: Work, c: Clause, page: Page, lang: str = "en") -> bool:
    """'I accept the terms': the form's consent boxes, whatever their wording (terms,
    privacy policy)."""
    if not (consent.CONSENT_RE.search(c.text) or lex.consents(c.text, lang)):
        return False
    boxes = [el for el in page.fields if el.is_toggle and not el.one_of and work.fits(
        page, el) and consent.is_consent(el) and not el.e.checked]
    boxes = [el for el in boxes if consent.is_required(el)] or boxes
    took = False
    for el in boxes:
        took = work.take(page, el, step("check", el, None, el.display)) or took
    return took


def opt_in(work: Work, c: Clause, page: Page, lang: str) -> bool:
    """'..., and I want to receive the newsletter': the form's one box that subscribes
    ("Send me news and deals"), when the words ask to receive something."""
    if c.negated or lex.negates(c.text, lang) or not lex.is_opt_in(c.text):
        return False
    boxes = [el for el in page.fields if el.is_toggle and not el.one_of and work.fits(
        page, el) and lex.is_opt_in(el.name_text) and not consent.is_consent(el)]
    if len(boxes) != 1 or boxes[0].e.checked:
        return False
    return work.take(page, boxes[0], step("check", boxes[0], None, boxes[0].display))

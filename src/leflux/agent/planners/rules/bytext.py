"""A request no other planner took, done by its own words as a person reads a page: the
link or button its words name ("next page", "I forgot my password", "add to wishlist"),
a page of the site by its path ("go to /about-us"), a box it names; else the visitor is
told the thing is not here, or what this assistant can do.
"""

from __future__ import annotations

import re
from dataclasses import replace

from leflux.agent.planners.rules.choices import plan_choices
from leflux.agent.planners.rules.clause import skip_polite
from leflux.agent.planners.rules.decide import SKIP, Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fieldstep import option_text
from leflux.agent.planners.rules.flows import way_to
from leflux.agent.planners.rules.formclause import FLOW_ACTS
from leflux.agent.planners.rules.lexicon import lexicon
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Act, Clause, Request
from leflux.agent.planners.rules.named import lex_negates
from leflux.agent.planners.rules.opener import plan_press, said_words
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.sending import sends_form
from leflux.agent.planners.rules.talk import HELP
from leflux.agent.planners.rules.text import content_words, norm, word_sim, words
from leflux.agent.planners.rules.verbfit import fitting_verb
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.protocol import Step

CANNOT = "Sorry, I can't do that here. " + HELP
# Matched by the words of a name alone, with no score of the page's structure behind it.
BY_TEXT_SURE = 0.8
SAME_WORD = 0.8        # words this alike are the same word said with a typo
AMBIGUOUS_GAP = 0.06   # names scoring this close to the best are as likely meant
FEW_WORDS = 5          # words with no verb this short may be a control's name
PATH_RE = re.compile(r"(?:^|\s)(/[\w\-./?=&%]*)$")
# Acts whose words may name the control itself ("add to wishlist", "next page").
NAMING_ACTS = frozenset({Act.CLICK, Act.NAVIGATE, Act.UNKNOWN, Act.ADD, Act.DELETE})
# Acts that say to press something: a name not found here is said so.
PRESS_ACTS = frozenset({Act.CLICK, Act.NAVIGATE})


def plan_leftover(request: Request, page: Page) -> Decision:
    """The request's one clause by its words, else what the visitor is told (never SKIP)."""
    one = len(request.clauses) == 1
    # a button named in the visitor's language ("Cookies ablehnen")
    d = plan_press(request.clauses[0], page, request.lang) if one else SKIP
    if d.kind is Kind.SKIP:  # "only allow analytics cookies": behind "Manage ..."
        d = plan_choices(request, page)
    if d.kind in (Kind.ACT, Kind.SAY):
        return d
    if not one:
        return Decision(Kind.SAY, CANNOT)
    c = request.clauses[0]
    for planner in (_by_path, _box, _select, _all_words_said, press_by_text):
        d = planner(c, page, request.lang)
        if d.kind is not Kind.SKIP:
            return d
    if c.act in PRESS_ACTS and c.target is not None and c.target.words:
        return Decision(Kind.SAY, f"I couldn't find {quoted(c.target.words)} on this page.")
    return Decision(Kind.SAY, CANNOT)


def flow_link(c: Clause, page: Page, lang: str) -> Decision | None:
    """'take me to sign up': a place named by a flow's own name is the link that leads to
    that flow ("Create an account"), never the form here that does another one."""
    flow = lexicon(lang).acts.get(fold(c.target.words)) if c.target is not None else None
    if c.act is not Act.NAVIGATE or flow not in FLOW_ACTS:
        return None
    el = way_to(flow, page, lang)
    return _open(el, page) if el is not None and not sends_form(page, el) else None


def reason_aside(request: Request) -> Request:
    """'I don't have an account yet, take me to sign up': words with no verb beside the one
    clause that has one are its reason, not a thing to do."""
    acted = [c for c in request.clauses if c.act is not Act.UNKNOWN]
    return replace(request, clauses=acted) if len(acted) == 1 else request


def _pressable(page: Page) -> list[PageElement]:
    """What a request's words alone may press: never a form's own send button (a form is
    sent only when the visitor asks, never because its button's name was near)."""
    return [el for el in page.clickables if not sends_form(page, el)]


def pick(page: Page, query: str, pool: list[PageElement], exclude: set[int] | None = None
         ) -> tuple[PageElement | None, list[PageElement]]:
    """The element ``query`` names best, or (None, the tied ones) when it names several."""
    ranked = page.best(query, pool, exclude=exclude)
    if not ranked:
        return None, []
    said = norm(query)
    exact = [el for _, el in ranked if said in (norm(el.display), norm(el.name_text))]
    if exact:
        return exact[0], []
    top = ranked[0][0]
    tied = [el for s, el in ranked if s >= top - AMBIGUOUS_GAP]
    if len({el.display.lower() for el in tied}) > 1:
        return None, tied
    return ranked[0][1], []


def _by_path(c: Clause, page: Page, lang: str) -> Decision:
    """'go to /about-us': the site's own path, opened as typed."""
    m = PATH_RE.search(c.text.strip(" .!"))
    if c.act not in PRESS_ACTS or m is None:
        return SKIP
    path = m[1]
    return Decision(Kind.ACT, f"Going to {path}.", [Step(
        action="navigate", inputData=path, description=f"go to {path}")], BY_TEXT_SURE,
        snapshot(page, Expect.CLICK), f"Opened {path}")


def _box(c: Clause, page: Page, lang: str) -> Decision:
    """'check the offers box': the box its words name, ticked or said to be already."""
    if c.act not in (Act.CHECK, Act.UNCHECK) or c.target is None or not c.target.words:
        return SKIP
    on = c.act is Act.CHECK
    el, tied = pick(page, c.target.words, [el for el in page.fields if el.is_toggle])
    if el is None or tied:
        return SKIP
    if bool(el.e.checked) == on:
        return Decision(Kind.SAY, f"{quoted(el.display)} is already "
                        f"{'checked' if on else 'unchecked'}.", confidence=BY_TEXT_SURE)
    word = "Ticked" if on else "Unticked"
    return Decision(Kind.ACT, f"{'Ticking' if on else 'Unticking'} {quoted(el.display)}.",
                    [step("check" if on else "uncheck", el)], BY_TEXT_SURE,
                    snapshot(page, Expect.TOGGLE, checks={el.id: on}),
                    f"{word} {quoted(el.display)}")


def _select(c: Clause, page: Page, lang: str) -> Decision:
    """'choose size 42': the option of a select its words name, or a select named by its
    own first words and then one of its options."""
    said = c.option or (c.target.words if c.target else "") or " ".join(
        f"{v.label or ''} {v.raw or v.text}".strip() for v in c.values)
    if c.act is not Act.SELECT or not said:
        return SKIP
    selects = [el for el in page.fields if el.is_select]
    hit = next(((el, opt) for el in selects if (opt := option_text(el, said))), None)
    hit = hit or _named_select(selects, said)
    if hit is None:
        return SKIP
    el, opt = hit
    return Decision(Kind.ACT, f"Selecting {quoted(opt)} in {quoted(el.display)}.", [Step(
        action="select", elementId=el.id, inputData=opt, description=el.display)],
        BY_TEXT_SURE, snapshot(page, Expect.FILL, values={el.id: opt}), f"Selected {quoted(opt)}")


def _named_select(selects: list[PageElement], said: str) -> tuple[PageElement, str] | None:
    """'size 42': the select whose own name the words start with, then the rest's option."""
    told = words(said)
    for el in selects:
        name = content_words(el.e.label or el.e.name or "")
        n = len(name)
        if n and len(told) > n and all(word_sim(a, b) >= SAME_WORD for a, b in zip(
                told[:n], name, strict=False)):
            rest = " ".join(told[n:])
            rest = rest[3:] if rest.startswith(("by ", "to ", "is ")) else rest
            if opt := option_text(el, rest):
                return el, opt
    return None


def _all_words_said(c: Clause, page: Page, lang: str) -> Decision:
    """'take me off this project, I want to leave it': the one button outside the page's
    rows every word of whose name (two words or more) the request says ("Leave project")."""
    if c.act not in NAMING_ACTS or c.negated:
        return SKIP
    said = set(said_words(c, lang))
    pool = fitting_verb(_pressable(page), c, lang, page)
    named = [el for el in pool if el.tag != "a" and el.extra("groupKind") not in (
        "item", "row") and len(own := said_words(Clause(c.act, el.name_text), lang)) >= 2
        and set(own) <= said]
    if len(named) != 1:
        return SKIP
    return _open(named[0], page)


def press_by_text(c: Clause, page: Page, lang: str) -> Decision:
    """The link or button a few words name ("next page", "I forgot my password")."""
    if c.act not in NAMING_ACTS:
        return SKIP
    if c.act in PRESS_ACTS and c.target is not None and c.target.words:
        words = c.target.words
    else:
        low = fold(c.text)
        words = c.text[skip_polite(low, 0, lexicon(lang)):].strip(" .!")
        if len(words.split()) > FEW_WORDS or any(lex_negates(w, lang) for w in tokens(words)):
            return SKIP
    el, tied = pick(page, words, fitting_verb(_pressable(page), c, lang, page))
    if tied:
        choices = list(dict.fromkeys(el.display for el in tied))
        return Decision(Kind.ASK, f"Which one do you mean by {quoted(words)}?",
                        choices=[(label, f"open {label}") for label in choices])
    return _open(el, page) if el is not None else SKIP


def _open(el: PageElement, page: Page) -> Decision:
    verb = "Opening" if el.tag == "a" else "Pressing"
    return Decision(Kind.ACT, f"{verb} {quoted(el.display)}.", [step("click", el)], BY_TEXT_SURE,
                    snapshot(page, Expect.CLICK),
                    f"{'Opened' if el.tag == 'a' else 'Pressed'} {quoted(el.display)}")

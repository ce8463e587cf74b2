"""Controls named by their own words: a button whose name is the whole request ("reject
all cookies"), the words of a request some control says ("the warranty question" ->
"warranty"), and every row's box at once ("tick everything off")."""

from __future__ import annotations

from leflux.agent.planners.rules.decide import SKIP, Decision, Kind, name, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.ground import CONFIDENT, ground, main_list
from leflux.agent.planners.rules.lexicon import lexicon
from leflux.agent.planners.rules.match import SYNONYM, Matcher, tokens
from leflux.agent.planners.rules.model import Act, Clause
from leflux.agent.planners.rules.verify import Expect, snapshot


def plan_named_button(c: Clause, page: Page, lang: str) -> Decision:
    """Words with no verb that are all a button's own name (never a link, never a
    statement with "not" in it: "I don't agree to the terms" presses nothing)."""
    words = tokens(c.text.lower())
    if c.target is None or any(lex_negates(w, lang) for w in words):
        return SKIP
    pool = [el for el in page.clickables if el.tag != "a" and el.role != "link"]
    g = ground(c.target, page, pool, lang=lang)
    if not (g.confident and g.best is not None and g.best.why == "label"):
        return SKIP
    el = g.best.el
    return Decision(Kind.ACT, f"Pressing {quoted(el.display)}.", [step("click", el)],
                    g.best.score, snapshot(page, Expect.CLICK), f"Pressed {quoted(el.display)}")


def lex_negates(word: str, lang: str) -> bool:
    lx = lexicon(lang)
    return lx.negation.get(word) is not None or lx.negation.get(word.replace("'", "")) \
        is not None


def said_by(words: tuple[str, ...], pool: list[PageElement], lang: str) -> list[str]:
    """The query words that some element of ``pool`` says something like."""
    vocab = {w for el in pool for w in tokens(el.name_text)}
    probe = Matcher(words, lang)
    return [w for i, w in enumerate(words) if any(probe.sims(v)[i] >= SYNONYM
                                                   for v in vocab)]


def plan_toggle_all(c: Clause, page: Page) -> Decision:
    """"tick everything off": every row's box of the list, each one not yet as asked."""
    on = c.act is not Act.UNCHECK
    groups = {el.group: el.position for el in page.els if el.group}
    rows = set(main_list(page, groups))
    boxes = [el for el in page.els if el.is_toggle and el.type != "radio" and el.group in rows
             and not el.disabled]
    if not boxes:
        return SKIP
    todo = [el for el in boxes if bool(el.e.checked) != on]
    state = "ticked" if on else "unticked"
    if not todo:
        return Decision(Kind.SAY, f"Every item is already {state}.", confidence=CONFIDENT)
    action = "check" if on else "uncheck"
    names = ", ".join(quoted(name(el)) for el in todo[:6]) + (" and more" if len(todo) > 6 else "")
    return Decision(Kind.ACT, f"{'Ticking' if on else 'Unticking'} {names}.",
                    [step(action, el, None, name(el)) for el in todo], CONFIDENT,
                    snapshot(page, Expect.TOGGLE, checks={el.id: on for el in todo}),
                    f"{'Ticked' if on else 'Unticked'} all {len(boxes)} items")

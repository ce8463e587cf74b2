"""A question, planned like a person looking for the answer on a site.

The page's own text first (:func:`answer.best_passage`); when this page has no good
passage, the page's way to it: a collapsed FAQ entry that asks about it (opened, then
read), or a link that clearly leads to it ("Shipping", "Returns", "FAQ", "Help")
(followed, then read on the next page). A page dedicated to the question's topic beats a
weak passage here (a "Free shipping over $75" banner does not answer "how much is
shipping"). Nothing is typed or sent for a question; every hop is a click or a link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from leflux.agent.planners.rules.answer import (
    MIN_PASSAGE_SCORE,
    Passage,
    best_passage,
    rank_texts,
)
from leflux.agent.planners.rules.answer_links import HELP_LINK_SCORE, TOPIC_LINK_MIN, help_links
from leflux.agent.planners.rules.controltext import control_lines
from leflux.agent.planners.rules.counting import plan_count
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.listquestions import plan_list_question
from leflux.agent.planners.rules.model import Clause, Request
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.pricequote import plan_price
from leflux.agent.planners.rules.sections import section_answer
from leflux.agent.planners.rules.settings_answer import SETTING_CONFIDENCE, setting_for
from leflux.agent.planners.rules.verify import Expect, snapshot

# On a page a link about the question led to, a passage this good answers it.
LED_TO_PASSAGE = 0.3
# A passage whose page never mentions this share of the question's terms may not be the
# answer ("warranty" on a product list): the page's way to a better one comes first.
MISSING_SHARE = 0.3
# A passage this good answers the question whatever else the page links to.
STRONG_PASSAGE = 0.8
# A collapsed entry's label must cover this share of the question to be opened; entries
# this close to the best are opened with it (one click each; the answer is read from all
# of them, so the kind of answer asked for decides between them).
DISCLOSURE_MIN = 0.3
DISCLOSURE_GAP = 1.0
MAX_OPEN = 3
# Pages / entries visited for one question before saying it is not there.
MAX_HOPS = 3
# Confidence of "the page does not say": the hybrid planner may ask the model instead.
NOT_FOUND_CONFIDENCE = 0.3
ANSWER_PHASE = "answer"


@dataclass
class Trail:
    """Where the search for one answer has been: hops so far, pages and entries seen."""

    hops: int = 0
    seen: list[str] = field(default_factory=list)   # page URLs and "url#entry" opened
    # A weaker answer from a page before, said when the pages after it had none.
    fallback: str = ""
    # This page is one the question led to (a link about its topic, an opened entry).
    led: bool = False

    def saw(self, key: str) -> bool:
        return key in self.seen


def _base(url: str) -> str:
    return url.split("#")[0].split("?")[0].rstrip("/")


def _question(c: Clause) -> str:
    return (c.query or c.text).strip()


def _said(p: Passage, page: Page, hopped: bool) -> str:
    where = page.title.split(" | ")[0].split(" \u00b7 ")[0].strip() if hopped else ""
    lead = f"On {quoted(where)}: " if where else "Here's what this page says: "
    return f"{lead}{quoted(p.text)}"


def _link_text(el: PageElement) -> str:
    """A card link's words as its card shows them ("Delivery Costs, delivery times"), else
    its name."""
    text, group = el.e.text or "", el.group
    if group and group.replace(" ", "") == text.replace(" ", ""):
        return group
    return el.display


def _is_entry(el: PageElement) -> bool:
    """An entry a visitor opens to read: <summary>, or a question-shaped button."""
    return el.tag == "summary" or (el.tag != "a" and el.display.rstrip().endswith("?"))


def _disclosures(page: Page, trail: Trail) -> list[PageElement]:
    here = _base(page.url)
    return [el for el in page.clickables if _is_entry(el)
            and not trail.saw(f"{here}#{el.display}") and not el.disabled]


def _tabs(page: Page, trail: Trail) -> list[PageElement]:
    """Tabs not shown yet: their panels' text is not on the page until one is chosen."""
    here = _base(page.url)
    return [el for el in page.clickables if el.role == "tab" and el.e.checked is False
            and not el.disabled and not trail.saw(f"{here}#{el.display}")]


def _next_tab(question: str, page: Page, trail: Trail, lang: str) -> PageElement | None:
    """The tab whose name is about the question, else the next one a person would look
    in (one at a time: choosing a tab hides the panel before it)."""
    tabs = _tabs(page, trail)
    if not tabs:
        return None
    scores = rank_texts(question, [el.display for el in tabs], lang)
    best = max(zip(scores, tabs, strict=True), key=lambda t: t[0])
    return best[1] if best[0] >= DISCLOSURE_MIN else tabs[0]


def _href(page: Page, el: PageElement) -> str:
    return _base(urljoin(page.url, el.e.href or ""))


def _links(page: Page, trail: Trail) -> list[PageElement]:
    """Links to other pages of the site, not yet visited for this question."""
    here = _base(page.url)
    out = []
    for el in page.clickables:
        href = el.e.href or ""
        if el.tag != "a" or not href or href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        if _href(page, el) == here or trail.saw(_href(page, el)):
            continue
        out.append(el)
    return out


def _entries(question: str, page: Page, trail: Trail, lang: str) -> list[PageElement]:
    """The collapsed entries whose question is about this one, best first."""
    entries = _disclosures(page, trail)
    scores = rank_texts(question, [el.display for el in entries], lang)
    ranked = sorted(((s, el) for s, el in zip(scores, entries, strict=True)
                     if s >= DISCLOSURE_MIN), key=lambda t: -t[0])
    if not ranked:
        return []
    top = ranked[0][0]
    return [el for s, el in ranked if s >= top - DISCLOSURE_GAP][:MAX_OPEN]


def _open(els: list[PageElement], page: Page, trail: Trail, question: str) -> Decision:
    here = _base(page.url)
    trail.led = True
    trail.seen += [f"{here}#{el.display}" for el in els]
    names = ", ".join(quoted(el.display) for el in els)
    return Decision(Kind.ACT, f"Opening {names} to read the answer.",
                    [step("click", el) for el in els], DISCLOSURE_MIN,
                    snapshot(page, Expect.CLICK), f"Opened {names}", phase=ANSWER_PHASE,
                    text=question)


def _follow(el: PageElement, score: float, page: Page, trail: Trail, question: str) -> Decision:
    trail.seen.append(_base(page.url))
    trail.led = score >= TOPIC_LINK_MIN
    return Decision(Kind.ACT, f"I don't see the answer here; opening {quoted(el.display)} to look.",
                    [step("click", el)], score, snapshot(page, Expect.CLICK),
                    f"Opened {quoted(el.display)}", phase=ANSWER_PHASE, text=question)


def plan_question(c: Clause, req: Request, page: Page, trail: Trail) -> Decision:
    """Answer, or the next place to look, or (after :data:`MAX_HOPS`) that it is not
    here. ``trail`` is updated with the place a returned ACT goes to."""
    setting = setting_for(_question(c), c.text, page, req.lang) if not trail.hops else None
    if setting is not None:
        return Decision(Kind.SAY, f"{setting.name}: {quoted(setting.value)}",
                        confidence=SETTING_CONFIDENCE)
    return _look(c, req, page, trail)


def _page_passage(question: str, page: Page, lang: str, trail: Trail) -> Passage | None:
    """The passage of this page that best answers the question."""
    # Menu items and buttons are not answers; an FAQ entry's question is its heading.
    # (a section's title is often a link of the menu too: it may head a passage)
    controls = frozenset(fold(el.display) for el in page.clickables
                         if not _is_entry(el) and el.tag != "a")
    link_names = frozenset(fold(el.display) for el in page.clickables if el.tag == "a")
    # On a page the question led to, a weaker passage is still the page's answer.
    # (what a dropdown offers and what a group has on are read as a person opens / looks)
    text = "\n\n".join([page.text, *control_lines(page)]) if not trail.hops else page.text
    entries = frozenset(fold(el.display) for el in page.clickables if _is_entry(el))
    return best_passage(question, text, lang, controls,
                        LED_TO_PASSAGE if trail.led else MIN_PASSAGE_SCORE, link_names,
                        entries)


def _from_list(question: str, req: Request, page: Page, trail: Trail) -> Decision | None:
    """The answer a list holds, or the way to read it there."""
    lang = req.lang
    # the page's list or table; a board's column titled with its count; "how many
    # history books": the listing filtered by its own filter, its count read
    return plan_list_question(question, page, lang, trail.hops) or section_answer(
        question, page, lang) or plan_count(question, req, page, ANSWER_PHASE)


def _look(c: Clause, req: Request, page: Page, trail: Trail) -> Decision:
    """The answer in the page's text, or the next place to look for it."""
    question, lang = _question(c), req.lang
    hopped = trail.hops > 0
    if (listed := _from_list(question, req, page, trail)) is not None:
        return listed
    # "how much is a large with extra cheese": those options set, the amount read
    if (priced := plan_price(question, lang, page, trail.seen, ANSWER_PHASE)) is not None:
        return priced
    passage = _page_passage(question, page, lang, trail)
    # A passage that never mentions part of the question ("warranty" on a product list),
    # or lacks the kind of answer asked for (no duration for "how long"), is weak: the
    # page's way to a better one comes first, the passage is said when none is found.
    # (On a page the question led to, the words it uses may differ from the visitor's.)
    weak = passage is not None and _weak(passage, trail)
    if passage is not None and passage.score >= STRONG_PASSAGE and not weak:
        return _answer(passage, page, hopped)
    can_hop = trail.hops < MAX_HOPS
    links = help_links(question, _links(page, trail), lang, _link_text) if can_hop else []
    topic = [(el, s) for el, s in links if s >= TOPIC_LINK_MIN]
    # A page about the question's topic beats a passage here; so does any help page when
    # this page never mentions part of the question ("warranty" on a product list).
    better = topic or ([(el, s) for el, s in links if s >= HELP_LINK_SCORE] if weak else [])
    # (a general help page, "Help" or "FAQ", is a hub: its topic links lead on)
    if better and (not hopped or (topic and not trail.led)):
        if passage is not None:
            trail.fallback = _said(passage, page, hopped)
        return _follow(better[0][0], better[0][1], page, trail, question)
    entries = _entries(question, page, trail, lang) if can_hop else []
    tab = _next_tab(question, page, trail, lang) if can_hop else None
    if passage is not None and not (weak and (entries or tab)):
        return _answer(passage, page, hopped)
    if passage is not None:
        trail.fallback = _said(passage, page, hopped)
    if can_hop:
        if entries:
            return _open(entries, page, trail, question)
        if tab is not None:
            return _open([tab], page, trail, question)
        if links:
            return _follow(links[0][0], links[0][1], page, trail, question)
    return _not_found(question, trail)


def _weak(p: Passage, trail: Trail) -> bool:
    missed = bool(p.missing) and len(p.missing) >= MISSING_SHARE * p.terms
    # (a tile's title, "30-day returns", names a policy: the help page states it)
    return ((missed or p.line) and not trail.led) or not p.fits


def _not_found(question: str, trail: Trail) -> Decision:
    if trail.fallback:
        return Decision(Kind.SAY, trail.fallback, confidence=NOT_FOUND_CONFIDENCE)
    if trail.hops:
        return Decision(Kind.SAY, "I looked on the site's help pages but couldn't find "
                        f"anything about {quoted(question)}.", confidence=NOT_FOUND_CONFIDENCE)
    return Decision(Kind.SAY, f"I couldn't find anything about {quoted(question)} on this page.",
                    confidence=NOT_FOUND_CONFIDENCE)


def _answer(p: Passage, page: Page, hopped: bool) -> Decision:
    return Decision(Kind.SAY, _said(p, page, hopped), confidence=min(1.0, p.score))

"""What the visitor says to the assistant rather than about the page's things: a greeting,
"what can you do", "what is this page", and scrolling the page (up, down, to its top or
bottom, or to a part of it named by its words)."""

from __future__ import annotations

from leflux.agent.planner import PlanEvent, ShowBlock
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.ground import ground
from leflux.agent.planners.rules.model import Act, Clause
from leflux.agent.planners.rules.verify import Expect, snapshot

HELP = ("I can fill in forms, click or open things, search, pick options, tick boxes, scroll, "
        "and answer questions about this page. Try \u201csearch for red shoes\u201d or "
        "\u201csign me up as Ahmed, ahmed@example.com\u201d.")
TALK_CONFIDENCE = 0.9
# A part of the page named by the visitor must match this well to be scrolled to.
SCROLL_TARGET_MIN = 0.6
SCROLL_PHASE = "scrolled"
# Lines of the page said when asked what it is: long enough to be sentences.
SUMMARY_LINE_CHARS = 40
SUMMARY_LINES = 2
MAX_PLACES = 6
TALK_ACTS = frozenset({Act.GREET, Act.HELP, Act.SUMMARY, Act.SCROLL})


def plan_talk(c: Clause, page: Page, lang: str) -> Decision | None:
    """The answer or the scroll for a clause of :data:`TALK_ACTS`, else None."""
    match c.act:
        case Act.GREET:
            return Decision(Kind.SAY, f"Hi! {HELP}", confidence=TALK_CONFIDENCE)
        case Act.HELP:
            return Decision(Kind.SAY, HELP, confidence=TALK_CONFIDENCE)
        case Act.SUMMARY:
            return Decision(Kind.SAY, summary(page), confidence=TALK_CONFIDENCE)
        case Act.SCROLL:
            return plan_scroll(c, page, lang)
    return None


def summary(page: Page) -> str:
    """'What's on this page?': its title, its first real sentences, its form."""
    title = page.title.split(" \u00b7 ")[0].split(" | ")[0].strip() or page.url
    lines = [" ".join(x.split()) for x in page.text.splitlines()]
    lead = [x for x in lines if len(x) > SUMMARY_LINE_CHARS][:SUMMARY_LINES]
    text = f"This is {quoted(title)}." + (" " + " ".join(lead) if lead else "")
    n = sum(1 for el in page.fields if el.is_text_field)
    if n:
        text += f" It has a form with {n} field{'s' if n > 1 else ''}."
    return text


def with_places(clauses: list[Clause], page: Page, events: list[PlanEvent]
                ) -> list[PlanEvent]:
    """A page's summary shows the places its links go to."""
    if not any(c.act is Act.SUMMARY for c in clauses):
        return events
    links: list[dict[str, str]] = []
    for el in page.clickables:
        seen = {link["label"] for link in links}
        if el.tag == "a" and el.e.href and el.display not in seen and len(links) < MAX_PLACES:
            links.append({"label": el.display, "url": el.e.href})
    block = ShowBlock("link_list", {"links": links}, "Places you can go")
    return [*events, block] if links else events


def plan_scroll(c: Clause, page: Page, lang: str) -> Decision:
    if c.target is not None and c.target.words:
        g = ground(c.target, page, page.els, lang=lang)
        best = g.best
        if best is None or best.score < SCROLL_TARGET_MIN:
            return Decision(Kind.FAIL, f"I couldn't find {quoted(c.target.words)} on this page.")
        el = best.el
        return Decision(Kind.ACT, f"Scrolling to {quoted(el.display)}.",
                        [step("scroll", el)], best.score, snapshot(page, Expect.CLICK),
                        f"Scrolled to {quoted(el.display)}", phase=SCROLL_PHASE)
    where = c.option or "down"
    said = f"to the {where}" if where in ("top", "bottom") else where
    return Decision(Kind.ACT, f"Scrolling {said}.", [step("scroll", None, where,
                                                         f"scroll {where}")],
                    TALK_CONFIDENCE, snapshot(page, Expect.CLICK),
                    f"Scrolled {said}", phase=SCROLL_PHASE)


def scrolled(did: str, failed: list[str]) -> str:
    """The report of a scroll: the step's own result is the evidence (a page that moved
    shows nothing new)."""
    return f"I couldn't scroll: {failed[0]}." if failed else f"{did}."

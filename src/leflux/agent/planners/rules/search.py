"""The site's own search: the query into its search box and submitted, then the results
read from the page, never assumed.

Used when nothing on the page is what the visitor looks for (the caller checks links and
filters first). Without a search box on this page, its search opener or the shop's
listing is opened first and the search planned again there. After the search the report
says what the page shows: its result count, that nothing was found, the results that
match, or that no results are visible.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from leflux.agent.planners.rules.decide import SKIP, Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import kind_of
from leflux.agent.planners.rules.lexicon import LANGS, Lexicon, lexicon
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Before, Expect, new_messages, sentences, snapshot
from leflux.protocol import Step

SEARCH_PHASE = "searched"
# A query word this close (rapidfuzz ratio) to a word the page uses is that word misspelt.
TYPO_RATIO = 80.0
MIN_CORRECTED = 4
OPEN_PHASE = "again"
SEARCH_CONFIDENCE = 0.8
# A link this close to the query is a result worth naming.
RESULT_MATCH = 0.6
MAX_NAMED = 4
MAX_COUNT_LINE = 80


def _lexes(lang: str) -> list[Lexicon]:
    return [lexicon(x) for x in dict.fromkeys((lang if lang in LANGS else "en", "en"))]


def search_box(page: Page) -> PageElement | None:
    boxes = [el for el in page.fields if el.is_text_field and not el.disabled and (
        el.type == "search" or el.role == "searchbox" or kind_of(el) == "search")]
    return min(boxes, key=lambda el: (not el.e.inViewport, el.id)) if boxes else None


def _submit(page: Page, box: PageElement) -> Step:
    form = page.forms.get(box.form_id) if box.form_id is not None else None
    if form is not None and form.submit_ids and form.submit_ids[0] in page.by_id:
        btn = page.by_id[form.submit_ids[0]]
        return step("click", btn, None, btn.display)
    return step("press", box, "Enter", "submit the search")


def _opener(page: Page, lang: str) -> PageElement | None:
    """A button that opens the site's search, else a link to the shop's listing."""
    def named(el: PageElement, table: str) -> bool:
        name = fold(el.display).strip()
        return any(getattr(lx, table).get(name) is not None for lx in _lexes(lang))

    here = page.url.split("#")[0].split("?")[0]
    return next((el for el in page.clickables if el.tag != "a" and named(el, "search_openers")),
                None) or next((el for el in page.clickables if el.tag == "a" and named(
                    el, "shop_links") and (el.e.href or "").split("?")[0] != here), None)


def _vocabulary(page: Page) -> list[str]:
    words = set(tokens(page.text))
    for el in page.els:
        words.update(tokens(el.display))
        words.update(w for o in el.e.options or [] for w in tokens(o.text))
    return sorted(w for w in words if len(w) >= MIN_CORRECTED and w.isalpha())


def corrected(query: str, page: Page) -> str:
    """The query with its misspelt words as the site spells them ("red shoos" -> "red
    shoes" on a page that says "Shoes"); words the page does not have stay as typed."""
    vocab = _vocabulary(page)
    known = set(vocab)
    out = []
    for w in query.split():
        low = w.lower()
        hit = None if low in known or len(low) < MIN_CORRECTED or not low.isalpha() else \
            process.extractOne(low, vocab, scorer=fuzz.ratio, score_cutoff=TYPO_RATIO)
        out.append(hit[0] if hit and hit[0][0] == low[0] else w)
    return " ".join(out)


def plan_site_search(query: str, page: Page, lang: str, tries: int = 0) -> Decision:
    """Type the query into the search box and submit it; without one, open the search
    (or the shop's listing) first, once."""
    query = corrected(query, page)
    box = search_box(page)
    if box is not None:
        return Decision(Kind.ACT, f"Searching for {quoted(query)}.",
                        [step("type", box, query, box.display), _submit(page, box)],
                        SEARCH_CONFIDENCE, snapshot(page, Expect.SEARCH),
                        f"Searched for {quoted(query)}", phase=SEARCH_PHASE, text=query)
    opener = _opener(page, lang) if not tries else None
    if opener is None:
        return SKIP
    return Decision(Kind.ACT, f"Opening {quoted(opener.display)} to search there.",
                    [step("click", opener)], SEARCH_CONFIDENCE, snapshot(page, Expect.CLICK),
                    f"Opened {quoted(opener.display)}", phase=OPEN_PHASE)


def _count_line(page: Page, lang: str) -> str:
    """The page's own words about how many results it shows ("3 results")."""
    words = {w for lx in _lexes(lang) for w in lx.result_words}
    for s in [*page.alerts, *sentences(page.text)]:
        if len(s) > MAX_COUNT_LINE:
            continue
        toks = tokens(s)
        for i, t in enumerate(toks[:-1]):
            if t.isdigit() and toks[i + 1] in words:
                return s
    return ""


def _nothing(page: Page, before: Before, lang: str) -> str:
    fresh = [*page.alerts, *sentences(page.text)]
    errors, _ = new_messages(page, before)
    for s in [*fresh, *errors]:
        low = fold(s)
        if any(any(True for _ in lx.no_results.find_all(low)) for lx in _lexes(lang)):
            return s
    return ""


def search_report(page: Page, query: str, before: Before, lang: str
                  ) -> tuple[str, list[dict[str, object]]]:
    """What the search shows, in the page's own words, and the results that match the
    query (title, url, element id) for the visitor to pick from."""
    hits = page.best(query, [el for el in page.clickables if el.tag == "a"], limit=MAX_NAMED)
    items: list[dict[str, object]] = [
        {"title": el.display, "url": el.e.href, "elementId": el.id}
        for s, el in hits if s >= RESULT_MATCH]
    none = _nothing(page, before, lang)
    if none:
        return f"The search for {quoted(query)} found nothing: {quoted(none)}.", []
    count = _count_line(page, lang)
    if count:
        return f"Searched for {quoted(query)}: the page shows {quoted(count)}.", items
    if items:
        names = ", ".join(quoted(str(i["title"])) for i in items)
        return f"Searched for {quoted(query)}. Matching results: {names}.", items
    return f"I searched for {quoted(query)}, but I don't see results for it on the page.", []

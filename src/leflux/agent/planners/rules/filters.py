"""Refine a listing with the page's own filters, as a person does.

The visitor's words name options of the page's filter panel (a category's box, a brand
or format in a select, a sort order) and give amounts for its price range; each is set,
then the panel's own Apply button is pressed (filters there only take effect on it). A
sort menu outside the panel applies by itself. Every word that names something must be
matched by an option (the listing's own noun, "books" on a bookshop, needs none);
otherwise this is not a filter request and the caller tries the site's search.

Planning runs again on the page the Apply leads to: what is already set is not set
again, so a sort that must wait for the reload follows, and when nothing is left the
outcome is read from the page (its result count), never assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.lexicon import LANGS, Lexicon, lexicon
from leflux.agent.planners.rules.match import Matcher, tokens
from leflux.agent.planners.rules.model import Act, Clause, Request, Value, ValueKind
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.plan import submit_steps
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.protocol import Step

# A word of an option's label this close to a request word names that option.
NAMED = 0.85
# How sure a plan whose every word found its option is.
REFINE_CONFIDENCE = 0.85
REFINE_ACTS = frozenset({Act.SEARCH, Act.FILTER, Act.SORT, Act.UNKNOWN, Act.FILL,
                         Act.SELECT})
# Planned again on the page the Apply leads to (what is set is not set again).
REFINE_PHASE = "refine"
# A box in a list's row / item / card ticks that row, it filters nothing.
ROW_KINDS = frozenset({"row", "item", "card"})
_COUNT_RE = re.compile(r"\b\d[\d,.]*\s+\S+")


@dataclass
class Pick:
    el: PageElement
    action: str            # check | select | type
    value: str | None      # option text / amount
    label: str             # how to name it to the visitor


def _lexes(lang: str) -> list[Lexicon]:
    return [lexicon(x) for x in dict.fromkeys((lang if lang in LANGS else "en", "en"))]


def _words(c: Clause) -> str:
    parts = [c.query or "", c.option or "", c.target.words if c.target else ""]
    text = max(parts, key=len)
    if text or c.act not in (Act.UNKNOWN, Act.FILL):
        return text
    text = c.text  # "only stuff that's in stock and under £20": all but the amounts
    for v in c.values:
        text = text.replace(v.raw, " ") if v.raw else text
    return text


def names_sort(text: str, lang: str) -> bool:
    """Do the words name a sort order ("the cheapest science book")?"""
    return _sort_key(text, lang) is not None


def as_sort(c: Clause, lang: str) -> Clause | None:
    """'show newest comments first': an order said with "first" is a sort ("sort by
    newest"), not the first of the things it names."""
    if c.act is not Act.CLICK or c.target is None or c.target.ordinal != 1 or \
            not c.target.words or (key := _sort_key(c.target.words, lang)) is None:
        return None
    option = fold(c.target.words)[key[1]:key[2]]
    return replace(c, act=Act.SORT, target=None, option=option)


def _sort_key(text: str, lang: str) -> tuple[str, int, int] | None:
    for lx in _lexes(lang):
        for hit in lx.sort_orders.find_all(fold(text)):
            return hit.key, hit.start, hit.end
    return None


def _content(words: list[str], lang: str, page: Page) -> list[int]:
    """Indexes of the words that name something: not stopwords, not the request's own
    verbs, not the listing's noun (a word of the page's title)."""
    title = {w for w in tokens(page.title)}
    offered = {w for _, _, label in _options(page) for w in label}
    out = []
    for i, w in enumerate(words):
        if any(w in lx.stopwords or lx.acts.get(w) is not None or lx.verb_acts.get(w)
               or _amount_word(w, lx) for lx in _lexes(lang)):
            continue
        m = Matcher((w,), lang)
        if (w in title or any(m.per_word((t,))[0] >= NAMED for t in title)) and not any(
                m.per_word((o,))[0] >= NAMED for o in offered):
            continue  # the listing's own noun, unless an option of it says it ("Workwear")
        out.append(i)
    return out


def _amount_word(w: str, lx: Lexicon) -> bool:
    """A word of an amount ("under", "between", "pounds")."""
    return any(t.get(w) is not None for t in (lx.amount_under, lx.amount_over,
                                                lx.amount_between, lx.amount_and,
                                                lx.currency))


def _options(page: Page) -> list[tuple[PageElement, str, tuple[str, ...]]]:
    """Every option the page offers to refine by: (control, option text, its words)."""
    return page.derived(_page_options)


def _page_options(page: Page) -> list[tuple[PageElement, str, tuple[str, ...]]]:
    out = []
    for el in page.fields:
        if el.disabled:
            continue
        if el.is_toggle and el.extra("groupKind") not in ROW_KINDS:
            # (its value when that is a word: "Food & Drink" sends "cookery")
            value = el.e.value or ""
            extra = tokens(value.replace("-", " ")) if value.lower() != "on" and \
                value.replace("-", "").isalpha() else ()
            out.append((el, "", (*tokens(el.display), *extra)))
        elif el.is_select:
            out += [(el, o.text, tokens(o.text)) for o in el.e.options or []
                    if o.value and o.text]
    return out


def _named(words: list[str], want: list[int], page: Page, lang: str,
           sort: Pick | None = None) -> tuple[list[Pick], set[int]]:
    """Options the words name, each word used once; the words they used. Words of the
    chosen sort order ("price" in "sort by price, lowest first") are its own."""
    m = Matcher(tuple(words), lang)
    scored = []
    done: set[int] = set()
    for el, text, label in _options(page):
        sims = m.per_word(label)
        used = {i for i in want if sims[i] >= NAMED}
        if sort is not None and el.id == sort.el.id:
            if text == sort.value:
                done |= used
            continue
        if used:
            scored.append((sum(sims[i] for i in used), -len(label), el, text, used))
    scored.sort(key=lambda t: (-t[0], -t[1]))
    picks: list[Pick] = []
    taken: set[int] = set()
    for _, _, el, text, used in scored:
        if used <= done or el.id in taken:
            continue
        done |= used
        taken.add(el.id)
        if el.is_select:
            # "color blue": the select's own name is said with its option
            sims = m.per_word(tokens(el.display))
            done |= {i for i in want if sims[i] >= NAMED}
            picks.append(Pick(el, "select", text, text))
        else:
            picks.append(Pick(el, "check", None, el.display))
    return picks, done


def _sort_pick(text: str, page: Page, lang: str) -> tuple[Pick | None, tuple[int, int] | None]:
    key = _sort_key(text, lang)
    if key is None:
        return None, None
    for el in page.fields:
        if not el.is_select or el.disabled:
            continue
        for o in el.e.options or []:
            got = _sort_key(f"{o.text} {o.value}", lang)
            if got is not None and got[0] == key[0]:
                return Pick(el, "select", o.text, o.text), (key[1], key[2])
    return None, (key[1], key[2])


def _is_sort(p: Pick, lang: str) -> bool:
    return _sort_key(p.value or "", lang) is not None


def _bound(el: PageElement, lang: str) -> str | None:
    """"min" or "max": which end of a range a number field takes."""
    text = fold(" ".join(x for x in (el.e.label, el.e.placeholder, el.e.name) if x))
    for lx in _lexes(lang):
        if any(True for _ in lx.range_max.find_all(text)):
            return "max"
        if any(True for _ in lx.range_min.find_all(text)):
            return "min"
    return None


def _amounts(values: list[Value], page: Page, lang: str) -> list[Pick] | None:
    """"under £20" -> the max field, "between 10 and 15" -> both; None: no place for one."""
    amounts = [v for v in values if v.kind is ValueKind.AMOUNT and v.comparator]
    if not amounts:
        return []
    ends = {b: el for el in page.fields if el.is_text_field and el.type in ("number", "text")
            and (b := _bound(el, lang)) is not None}
    picks = []
    for v in amounts:
        end = "max" if v.comparator in ("<", "<=") else "min" if v.comparator in (">", ">=") \
            else None
        el = ends.get(end) if end else None
        if el is None:
            return None
        picks.append(Pick(el, "type", v.text, el.display))
    return picks


def _needed(p: Pick) -> bool:
    e = p.el.e
    if p.action == "check":
        return not e.checked
    if p.action == "select":
        chosen = next((o for o in e.options or [] if o.selected), None)
        return chosen is None or chosen.text != p.value
    return (e.value or "") != p.value


def applies(el: PageElement | None, lang: str) -> bool:
    """Does this button apply a filter panel ("Apply filters", "Search", "Update")?"""
    if el is None:
        return False
    name = fold(el.display).strip()
    return any(lx.apply_words.match_start(name) is not None for lx in _lexes(lang))


def _apply(page: Page, picks: list[Pick]) -> PageElement | None:
    """The submit button of the panel holding the picks (its Apply). A form with required
    fields still empty is one to fill in and send (a booking), not a filter panel."""
    for p in picks:
        form = page.forms.get(p.el.form_id) if p.el.form_id is not None else None
        if form is not None and form.submit_ids and not any(
                el.required and not el.has_value and el.form_id == form.id
                for el in page.fields):
            return page.by_id.get(form.submit_ids[0])
    return None


def _result_count(page: Page, lang: str) -> str:
    """What the page says about its results ("3 results", "23 products")."""
    for s in page.alerts:
        if _COUNT_RE.search(s) and len(s) < 80:
            return s
    # (a count the page does not announce: a line of a number and what it counts)
    nouns = {w for lx in _lexes(lang) for w in lx.result_words}
    return next((line for line in (" ".join(x.split()) for x in page.text.splitlines())
                 if len(line) < 80 and (m := _COUNT_RE.match(line))
                 and fold(m[0]).split()[-1] in nouns), "")


def picks_for(c: Clause, req: Request, page: Page) -> list[Pick] | None:
    """What the clause asks to set on this page's filters, or None when some of its words
    name nothing there (then it is not a filter request for this page)."""
    if c.act not in REFINE_ACTS or c.negated:
        return None
    lang = req.lang
    text = _words(c)
    sort, span = _sort_pick(text, page, lang)
    if span is not None and sort is None:
        return None  # a sort order this page does not offer
    rest = text if span is None else f"{text[:span[0]]} {text[span[1]:]}"
    words = list(tokens(rest))
    want = _content(words, lang, page)
    picks, used = _named(words, want, page, lang, sort)
    if set(want) - used:
        return None
    amounts = _amounts(c.values, page, lang)
    if amounts is None or len(c.values) != len(amounts):
        return None
    # In the page's order, as a person goes down the panel.
    out = sorted(picks + amounts, key=lambda p: p.el.id) + ([sort] if sort else [])
    if c.act in (Act.FILL, Act.SELECT) and not ((picks and amounts) or sort or (
            amounts and all(v.kind is ValueKind.AMOUNT for v in c.values)
            and _apply(page, amounts) is not None)):
        return None  # a plain fill / choice: the other planners' (no panel to apply)
    return out or None


def plan_refine(c: Clause, req: Request, page: Page) -> Decision | None:
    """Set the filters the clause names and press Apply; None when it names other things."""
    picks = picks_for(c, req, page)
    if not picks or (req.forbids_submit and any(p.el.form_id is not None for p in picks)):
        return None  # "... don't send it yet": the form's planner fills without sending
    names = ", ".join(quoted(p.label if p.action != "type" else f"{p.label}: {p.value}")
                      for p in picks)
    todo = [p for p in picks if _needed(p)]
    if not todo:
        count = _result_count(page, req.lang)
        said = f"The page now shows {quoted(count)}." if count else \
            "I don't see a result count on the page to confirm it."
        return Decision(Kind.SAY, f"Filtered by {names}. {said}",
                        confidence=REFINE_CONFIDENCE if count else 0.5)
    lang = req.lang
    in_form = [p for p in todo if p.el.form_id is not None]
    button = _apply(page, in_form) if in_form else None
    if in_form and not applies(button, lang):
        return None  # a form that orders, books or sends is no filter panel
    now = in_form or todo
    steps: list[Step] = [step(p.action, p.el, p.value, p.label) for p in now]
    if button is not None:
        steps.append(step("click", button, None, button.display))
    elif not page.forms:
        # No forms reported: the page's own button after the fields, when it applies.
        after = submit_steps(page, [p.el for p in now if p.action != "type"] or
                             [p.el for p in now])
        pressed = page.by_id.get(after[0].elementId or -1) if after else None
        if after and after[0].action == "click" and applies(pressed, lang):
            steps += after
        elif not all(p.action == "select" and _is_sort(p, lang) for p in now):
            return None  # no way to apply them here (a sort menu applies itself)
    elif not all(p.action == "select" and _is_sort(p, lang) for p in now):
        return None  # outside any panel: only a sort menu applies itself
    return Decision(Kind.ACT, f"Setting {names}.", steps, REFINE_CONFIDENCE,
                    snapshot(page, Expect.SEARCH), f"Set {names}", phase=REFINE_PHASE)

"""Options the visitor names by their words: a radio "Next day", a box "Email me news and
offers", a select's option ("auf Deutsch"), a switch its row describes ("marketing emails"),
the form's consent boxes ("I accept the terms")."""

from __future__ import annotations

import re
from functools import lru_cache

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.formwork import Work
from leflux.agent.planners.rules.match import tokens, word_sim
from leflux.agent.planners.rules.model import Clause
from leflux.agent.planners.rules.opposites import contradicted

NAMED_WORD = 0.85     # a word of the request names a word of an option (equal, stem, typo)
NAMED_OPTION = 0.6    # share of an option's own words (or of the request's) said to choose it
NAMED_RADIO = 0.5     # ... a radio (one of a group: the best of them, by a margin)
NAMED_PLACEHOLDER = 0.5  # ... of a select no option is chosen in yet
NAMED_MARGIN = 0.15   # the chosen radio of a group beats the next one by this much
TARGET_MOST = 0.5     # share of the words a switch's label or row must say when it alone does
DISTINCT_LEN = 4      # the shortest word that names an option by being only its own
ABBREVIATION_LEN = 3  # the first letters of a word only one option has name it ("veg")
DISTINCT_MAX = 40     # options compared word by word for that (a longer list: not done)
# Groups whose text is a label of its own (a list box's, a fieldset's legend), not a row's.
NAMED_GROUPS = frozenset({"listbox", "multilistbox", "fieldset"})


# Where a value was taken out of the words said.
TAKEN = "\u2063"


def _said_words(c: Clause, lang: str, keep: list[str] | None = None) -> tuple[str, ...]:
    text = c.text
    for v in c.values:
        if v.raw and v.raw not in (keep or []):
            if not v.label and (m := re.search(r"([^\W\d_]+)\W{0,2}\s*$",
                                               text[:max(text.find(v.raw), 0)])) and \
                    lex.names_any_field(m[1], lang):
                text = text.replace(m[0], " ")  # "tél. 06 12 ...": a label all the same
            text = text.replace(v.raw, f" {TAKEN} ")
            if v.label:  # "phone 07700 900123": the label named the value, not an option
                text = text.replace(v.label, " ")
    stop = lex.stopwords(lang)
    text = lex.without_intros(text, lang, TAKEN)  # "ship to ...", "a message saying ..."
    return tuple(w for w in tokens(text) if w not in stop)


@lru_cache(maxsize=8)
def stop_words(lang: str) -> frozenset[str]:
    return lex.stopwords(lang) | lex.stopwords("en")


@lru_cache(maxsize=16384)
def own_words(text: str, lang: str) -> tuple[str, ...]:
    """An option's own words: no stopwords unless it is only those ("Yes", "No")."""
    stop = stop_words(lang)
    words = [w for w in tokens(text) if any(ch.isalnum() for ch in w)]
    return tuple(w for w in words if w not in stop) or tuple(words)


def named_score(option: str, said: tuple[str, ...], all_said: tuple[str, ...],
                lang: str) -> float:
    """How fully the visitor's words name an option: the share of its own words they
    said (stems, typos and synonyms count)."""
    own = own_words(option, lang)
    if not own:
        return 0.0
    if len(own) > 1 and said_as_phrase(" ".join(own), all_said, lang):
        return 1.0  # "aller simple" for "One way"
    pool = all_said if all(w in stop_words(lang) for w in own) else said
    # each word said names one word of the option: "call" is not both of "Phone call"
    # (phone and call are synonyms), an exact word first
    hit, used = [], set()
    for w in sorted(own, key=lambda w: w not in pool):
        k = next((k for k, s in enumerate(pool) if k not in used and (
            s == w or word_sim(w, s, lang) >= NAMED_WORD)), None)
        if k is not None:
            used.add(k)
            hit.append(w)
    # (a short word counts said as it is, or by a word of its own: "nein" for "No")
    if not hit or (not any(len(w) >= 3 or w in all_said for w in hit) and not any(
            len(pool[k]) >= 3 for k in used)):
        return 0.0
    return len(hit) / len(own)


def _named_option(el: PageElement, said: tuple[str, ...], all_said: tuple[str, ...], lang: str
                  ) -> str | None:
    """The one option of a select the words name (by its text or its value), unless it
    is chosen already."""
    stop = stop_words(lang)
    scored = sorted(((max(named_score(o.text or "", said, all_said, lang),
                          named_score((o.value or "").replace("_", " "), said, all_said, lang))
                      + TIE_BREAK * _all_said(o.text or "", all_said),
                      o.text or o.value or "", bool(o.selected))
                     for o in el.e.options or [] if o.value
                     and not all(w in stop for w in tokens(o.text or o.value))),
                    key=lambda t: -t[0])
    # A select still on its placeholder must be chosen: the best-named option will do.
    bar = NAMED_PLACEHOLDER if not el.has_value else NAMED_RADIO
    if not scored or scored[0][0] < bar or scored[0][2]:
        return None
    if len(scored) > 1:
        gap = scored[0][0] - scored[1][0]
        # as well named by their own words: the one whose every word was said
        if gap < (TIE_GAP if int(scored[0][0]) == int(scored[1][0]) else NAMED_MARGIN):
            return None
    return scored[0][1]


EXACT_BONUS = 0.2  # a radio whose words were said as they are, over one named by synonyms
TIE_BREAK = 0.1   # "friends only" names "Friends only" better than "Friends of friends"
TIE_GAP = 0.01


def said_as_phrase(option: str, all_said: tuple[str, ...], lang: str,
                   within: bool = False) -> bool:
    """The words said hold a phrase of the lexicon that means the option ("je ne sais
    pas" for "Not sure"), word for word; ``within``: a phrase the option's label holds
    ("Remember me for 30 days")."""
    words = f" {' '.join(all_said)} "
    own = tokens(option)
    heads = [own[k:k + n] for n in range(len(own), 0, -1) for k in range(len(own) - n + 1)
             ] if within else [own]
    for head in heads:
        syns = [tokens(syn) for syn in lex.synonyms(" ".join(head), lang)]
        if any(len(syn) > 1 and syn != head and f" {' '.join(syn)} " in words for syn in syns):
            return True
    return False


def _all_said(text: str, all_said: tuple[str, ...]) -> float:
    words = tokens(text)
    return sum(w in all_said for w in words) / len(words) if words else 0.0


_HEAD_RE = re.compile(r"\s+(?:[\u2014\u2013-]|\()")


def option_names(el: PageElement) -> list[str]:
    """What an option is called: its label, the label's head before a description ("Editor
    \u2014 can edit tasks"), its value when that is a word ("Editor", not "on" or "3")."""
    name = el.name_text
    out = [name]
    head = _head(name)
    if head != name:
        out.append(head)
    value = (el.e.value or "").strip()
    if el.type == "radio" and value and value.lower() != "on" and any(
            ch.isalpha() for ch in value):
        out.append(value.replace("_", " "))
    return out


def _restated(el: PageElement, said: tuple[str, ...], off: bool, lang: str) -> bool:
    """The visitor says what a yes/no question asks, as a statement: its yes (its no when
    they say it negated)."""
    words = own_words(el.group, lang)
    told = sum(any(word_sim(w, s, lang) >= NAMED_WORD for s in said) for w in words)
    return el.one_of and told >= RESTATED_WORDS and lex.answer(el.name_text) is (not off)


# Words of a yes/no question a statement says to answer it.
RESTATED_WORDS = 2


def _question_named(el: PageElement, said: tuple[str, ...], lang: str) -> bool:
    """A yes/no option counts only when its question is named too ("yes, I live in the
    zone" for "Do you live in the permit zone?")."""
    words = own_words(el.group, lang)
    return any(word_sim(w, s, lang) >= NAMED_WORD for w in words for s in said)


def rating(work: Work, c: Clause, page: Page, lang: str) -> bool:
    """'give it 5 stars': the radio valued 5 of a group labelled only with symbols."""
    low = c.text.lower()
    lx = lex.lexicon_of(lang)
    if lx is None:
        return False
    wanted = None
    for hit in lx.rating.find_all(lex.folded(low)):
        before = lex.folded(low)[:hit.start].split()
        if before:
            wanted = lex.number(before[-1], lang)
    if wanted is None:
        return False
    for el in page.fields:
        if (el.type == "radio" or el.role == "radio") and work.fits(page, el) and \
                not any(ch.isalpha() for ch in el.name_text) and (el.e.value or "") == str(wanted):
            return el.id in work.checks or work.take(page, el, step("check", el, None, el.display))
    return False


def _list_row(el: PageElement) -> bool:
    """A box that ticks a row of a list (a todo), not an option of a form."""
    return el.form_id is None and el.extra("groupKind") in ("item", "row")


def _distinct_words(boxes: list[PageElement], page: Page, lang: str) -> frozenset[str]:
    """Words that only one of these options has (and no button or other field of the
    page): saying one names that option ("olives" for "Black olives", "thin" for "Thin &
    crispy")."""
    if len(boxes) > DISTINCT_MAX:
        return frozenset()
    owners: dict[str, set[int]] = {}
    for el in boxes:
        # (an option's name, not its description: "DPD Next Day (order by 1pm)" is not
        # named by "order it")
        for w in own_words(_head(el.name_text), lang):
            owners.setdefault(w, set()).add(el.id)
    others = {w for el in page.els if (el.is_clickable or el.is_field) and not el.is_toggle
              for w in tokens(el.name_text)}

    def alike(a: str, b: str) -> bool:
        return a == b or word_sim(a, b, lang) >= NAMED_WORD

    # ("garden" is not only "Garden design"'s when "Wildlife gardening" is beside it;
    # "logged" is the "Log in" button's word too)
    # ("free" said of two shipping rates names neither)
    return frozenset(w for w, own in owners.items() if len(w) >= DISTINCT_LEN and len(
        own) == 1 and not any(
        alike(w, x) and owners[x] != own for x in owners) and not any(
        alike(w, x) for x in others))


def _distinct_named(el: PageElement, said: tuple[str, ...], lang: str, distinct: frozenset[str]
                    ) -> bool:
    """Does the visitor say a word only this option has (or its first letters: "veg")?"""
    return any(w in distinct and any(word_sim(w, x, lang) >= NAMED_WORD or (
        len(x) >= ABBREVIATION_LEN and w.startswith(x)) for x in said)
               for w in own_words(_head(el.name_text), lang))


def _head(name: str) -> str:
    return _HEAD_RE.split(name, maxsplit=1)[0].strip() or name


def _not_elsewhere(said: tuple[str, ...], el: PageElement, work: Work, page: Page, lang: str
                   ) -> tuple[str, ...]:
    """The words that name no other control of the form: "add saturday to my delivery
    days" names the days list, not the "Next day" option of the speed dropdown."""
    other = {w for o in page.fields if o is not el and work.fits(page, o) and not o.is_toggle
             for w in tokens(o.field_text)}
    other |= {w for o in page.fields if o.is_toggle and work.fits(page, o) and o.extra(
        "groupKind") in NAMED_GROUPS for w in tokens(o.group)}
    other -= set(tokens(el.field_text))
    return tuple(w for w in said if not any(word_sim(w, x, lang) >= NAMED_WORD for x in other))


def named_options(work: Work, c: Clause, page: Page, lang: str,
                  keep: list[str] | None = None) -> bool:
    """Tick / choose the options of the form that the clause's words name (``keep``: the
    values whose words count too)."""
    said = _said_words(c, lang, keep)
    all_said = tuple(tokens(c.text))
    all_content = tuple(w for w in all_said if w not in stop_words(lang))
    if not said and not all_said:
        return False
    # "i don't want people finding me by my phone": that box off
    off = c.negated or lex.negates(c.text, lang)
    took = rating(work, c, page, lang)
    radios: dict[str, list[tuple[float, float, PageElement]]] = {}
    boxes = [el for el in page.fields if el.is_toggle and work.fits(page, el)
             and not el.disabled and not _list_row(el)]
    distinct = _distinct_words(boxes, page, lang)
    named: list[PageElement] = []
    whole: set[str] = set()  # the words that name a box wholly ("extra cheese")
    for el in page.fields:
        if not work.fits(page, el) or el.disabled or (el.is_toggle and _list_row(el)):
            continue  # (a list's row is named to act on it (the list planner), not chosen)
        if el.is_toggle:
            scored = _toggle_score(el, said, all_said, off, lang, distinct)
            if scored is None:
                continue
            s, raw = scored
            if el.one_of:
                radios.setdefault(el.e.name or el.group or str(el.id), []).append((s, raw, el))
            elif bool(el.e.checked) == off:
                # (a box this run ticked already counts for a clause that names it again)
                took = work.take(page, el, step("uncheck" if off else "check", el,
                                                None, el.display), s) or \
                    work.checks.get(el.id) == (not off) or took
            if not el.one_of and not off:
                named.append(el)
                if raw >= 1.0:
                    whole |= _hit_words(el, said, lang)
        elif el.is_select and not c.negated:
            # A choice nobody made yet may be named anywhere ("... where is my order").
            words = _not_elsewhere(said if el.has_value else all_content, el, work, page, lang)
            took = _select_named(work, el, words, all_said, page, lang) or took
    if named and lex.says_only(c.text, lang):
        took = _only_these(work, named, boxes, page) or took
    return _choose_radios(work, _not_whole(radios, whole, said, lang), page, c.negated) or took


def _hit_words(el: PageElement, said: tuple[str, ...], lang: str) -> set[str]:
    """The words said that name a word of the option (equal, stem, typo, synonym)."""
    own = {w for n in option_names(el) for w in own_words(n, lang)}
    return {s for s in said if any(s == w or word_sim(w, s, lang) >= NAMED_WORD for w in own)}


def _not_whole(radios: dict[str, list[tuple[float, float, PageElement]]], whole: set[str],
               said: tuple[str, ...], lang: str) -> dict[str, list[tuple[float, float,
                                                                     PageElement]]]:
    """Radios named in part only by words that wholly name a box ("extra cheese": the
    "Extra mozzarella" topping, not the "Cheese-stuffed" crust) are not named: a word said
    names one option."""
    if not whole:
        return radios
    return {k: kept for k, group in radios.items() if (kept := [
        t for t in group if t[1] >= 1.0 or not (hits := _hit_words(t[2], said, lang))
        or not hits <= whole])}


def _toggle_score(el: PageElement, said: tuple[str, ...], all_said: tuple[str, ...], off: bool,
                  lang: str, distinct: frozenset[str]) -> tuple[float, float] | None:
    """How well the words name a box or a radio (score, raw score); None: not named."""
    if not off and contradicted(el, " ".join(all_said), lang):
        return None  # "it ships somewhere else": never "Ship to the same address"
    s = raw = max(named_score(n, said, all_said, lang) for n in option_names(el))
    if s < NAMED_OPTION and any(said_as_phrase(n, all_said, lang) for n in option_names(el)):
        s = NAMED_OPTION  # "je ne sais pas" for "Not sure"
    if s < NAMED_OPTION and _distinct_named(el, said, lang, distinct):
        s = NAMED_OPTION
    only_yes_no = all(w in stop_words(lang) for w in own_words(el.name_text, lang))
    if only_yes_no and s < NAMED_RADIO and _restated(el, said, off, lang):
        s = NAMED_OPTION  # "I do live in the zone": Yes to "Do you live in the zone?"
    if s < (NAMED_RADIO if el.one_of else NAMED_OPTION) or (
            only_yes_no and not _question_named(el, said, lang)):
        return None
    if el.one_of:  # (words said as they are beat synonyms: "video call", not "phone")
        s = max(s, *(named_score(n, said, all_said, lang) + EXACT_BONUS * _all_said(
            n, all_said) for n in option_names(el)))
    return s, raw


def _select_named(work: Work, el: PageElement, words: tuple[str, ...], all_said: tuple[str, ...],
                  page: Page, lang: str) -> bool:
    option = _named_option(el, words, all_said, lang)
    if option is None:
        return False
    # ("..., business class": the option this run chose already)
    return work.take(page, el, step("select", el, option, el.display)) or \
        work.typed.get(el.id) == option


def _choose_radios(work: Work, radios: dict[str, list[tuple[float, float, PageElement]]],
                   page: Page, negated: bool) -> bool:
    """In each group of radios, the one the words name best, when it stands out."""
    took = False
    for group in radios.values():
        group.sort(key=lambda t: (-t[0], -t[1], t[2].id))
        if group[0][2].id in work.checks:
            took = True  # an earlier clause of the run chose it already
            continue
        s, raw, el = group[0]
        # (two options each with a word of its own said: the one more of whose words were)
        if (len(group) > 1 and group[1][0] > s - NAMED_MARGIN and group[1][1] > raw -
                NAMED_MARGIN) or negated:
            continue
        if not el.e.checked:
            took = work.take(page, el, step("check", el, None, el.display), s) or took
        else:
            took = True
    return took


def _box_group(el: PageElement) -> str:
    return el.e.name or el.group or ""


def _only_these(work: Work, named: list[PageElement], boxes: list[PageElement], page: Page) -> bool:
    """'deliver only on mondays and fridays': the named boxes on, the others of their
    group off (a person makes the group hold exactly what was said)."""
    groups = {_box_group(el) for el in named if _box_group(el)}
    keep = {el.id for el in named}
    took = False
    for el in boxes:
        if el.id not in keep and not el.one_of and el.e.checked and _box_group(el) in groups:
            took = work.take(page, el, step("uncheck", el, None, el.display)) or took
    return took

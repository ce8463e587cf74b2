"""Where the fields are not on the page yet: the button that opens them, and the button
that then does what the visitor asked.

A person asked to "invite sam@example.com as an editor" on a page with no email field
presses "Invite people" (the button named by their own verb), fills in the dialog that
opens, and presses its "Send invite" (or "Save" in a dialog titled "Rename project"):
what they asked for is done only then. Both are found by the request's words, never
by a site's wording.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache, lru_cache

from leflux.agent.memory import MemoryEntry, last_plan
from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.clause import skip_polite
from leflux.agent.planners.rules.decide import SKIP, Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.lexicon import LANGS, lexicon
from leflux.agent.planners.rules.match import tokens, word_sim
from leflux.agent.planners.rules.model import Act, Clause, Request
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.rowvalues import raw_words
from leflux.agent.planners.rules.verify import Expect, snapshot

NAMED_WORD = 0.85   # a word of the request names a word of the button (equal, stem, synonym)
OPEN_MARGIN = 0.2   # the opener beats the next button by this much
OPEN_SURE = 0.7
VERB_REACH = 1      # the verb is the first word said (after "please")
# Clauses whose values need a field to go into.
VALUE_ACTS = frozenset({Act.FILL, Act.EDIT, Act.SUBMIT, Act.ADD})


def said_words(c: Clause, lang: str) -> tuple[str, ...]:
    """The clause's own words without its values and stopwords."""
    text = c.text
    for v in c.values:
        if v.raw:
            text = text.replace(v.raw, " ")
    stop = lex.stopwords(lang) | lex.stopwords("en")
    return tuple(w for w in tokens(text) if w not in stop and not w.isdigit()
                 and any(ch.isalpha() for ch in w))


@lru_cache(maxsize=16384)
def _own(text: str, lang: str) -> tuple[str, ...]:
    stop = lex.stopwords(lang) | lex.stopwords("en")
    return tuple(w for w in tokens(text) if w not in stop and any(ch.isalpha() for ch in w))


def _named(word: str, said: tuple[str, ...], lang: str) -> bool:
    return any(word_sim(word, s, lang) >= NAMED_WORD for s in said)


def verb_of(c: Clause, lang: str) -> tuple[str, ...]:
    """The clause's first word after "please", "can you"...: its verb ("get me the code")."""
    low = fold(c.text)
    words = tokens(low[skip_polite(low, 0, lexicon(lang)):])
    return words[:VERB_REACH]


def verb_names(c: Clause, text: str, lang: str) -> bool:
    """Does the clause's verb name a word of ``text``?"""
    verbs = verb_of(c, lang)
    return bool(verbs) and any(_named(w, verbs, lang) for w in tokens(text)
                               if any(ch.isalpha() for ch in w))


def _pool(page: Page) -> list[PageElement]:
    """Buttons that may open something on this page (not a row's own controls, not links
    to elsewhere, not toggles)."""
    return [el for el in page.clickables if not el.disabled and not el.is_toggle
            and el.tag != "a" and el.extra("groupKind") not in ("item", "row")]


def plan_open(c: Clause, page: Page, lang: str) -> Decision:
    """Press the button the clause's verb names, then plan the clause again on what it
    opens; SKIP when no button is named well enough."""
    if c.act not in VALUE_ACTS or not c.values:
        return SKIP
    said = said_words(c, lang)
    if not said:
        return SKIP
    verbs = said[:VERB_REACH]
    scored: list[tuple[float, PageElement]] = []
    for el in _pool(page):
        own = _own(el.name_text, lang)
        if not own:
            continue
        hit = [w for w in own if _named(w, said, lang)]
        if not any(_named(w, verbs, lang) for w in hit):
            continue  # the verb must name it: "invite" -> "Invite people"
        scored.append((len(hit) / len(own) + (len(hit) / len(said)), el))
    scored.sort(key=lambda t: (-t[0], t[1].id))
    if not scored or (len(scored) > 1 and scored[1][0] > scored[0][0] - OPEN_MARGIN):
        return SKIP
    el = scored[0][1]
    return Decision(Kind.ACT, f"Opening {quoted(el.display)} first.", [step("click", el)],
                    OPEN_SURE, snapshot(page, Expect.CLICK), "", phase="again")


def asked_of(clauses: list[Clause], page: Page, button: PageElement, lang: str) -> bool:
    """Is pressing ``button`` of a dialog what the visitor asked for: their verb names it
    ("invite" -> "Send invite") or the dialog ("rename" -> "Save" in "Rename project")?"""
    if button.extra("groupKind") != "dialog":
        return False  # a form on the page is sent when asked (or to keep a setting)
    return any(verb_names(c, button.name_text, lang) or verb_names(c, button.group, lang)
               for c in clauses)


def as_fill(req: Request, i: int) -> Request | None:
    """'rename the project to X' where no row is named so: the field called like the
    thing ("Project name") takes X, as "fill in the project name: X" would."""
    c = req.clauses[i]
    if c.act is not Act.EDIT or c.target is None or not c.target.words or len(c.values) != 1:
        return None
    v = c.values[0]
    filled = replace(c, act=Act.FILL, target=None,
                     values=[replace(v, label=v.label or c.target.words)])
    return replace(req, clauses=[*req.clauses[:i], filled, *req.clauses[i + 1:]])


def follow_through(page: Page, memory: Sequence[MemoryEntry]) -> PageElement | None:
    """The button of the dialog the last press opened that does the same thing: "Leave
    project" asks "Leave 'Website redesign'?" and its own "Leave project" does it (the
    gate asks the visitor first where the page marks it)."""
    last = last_plan(memory, "sent")
    steps = last.steps if last else []
    if len(steps) != 1 or steps[0].action != "click":
        return None
    pressed = fold(steps[0].description).strip()
    if not pressed:
        return None
    same = [el for el in page.clickables if el.extra("groupKind") == "dialog"
            and not el.disabled and fold(el.name_text).strip() == pressed]
    return same[0] if len(same) == 1 else None


def is_way_out(el: PageElement, lang: str) -> bool:
    """A dialog's Close / Cancel / × ("cancel", "close", "dismiss" and their synonyms)."""
    words = lex.synonyms("close", lang) | lex.synonyms("close", "en") | {"close"}
    own = tokens(el.name_text) or (el.name_text.strip(),)
    return any(w in words for w in own) or el.name_text.strip() in ("\u00d7", "\u2715")


def _close_button(els: list[PageElement], lang: str) -> PageElement | None:
    """The dialog's own way out: its Close / × button, else a link that turns the offer
    down."""
    for el in els:
        if el.is_clickable and not el.disabled and is_way_out(el, lang):
            return el
    return None


def covering_close(req: Request, page: Page) -> PageElement | None:
    """A dialog covers the page (only its controls can be reached) and the request names
    nothing in it: a person closes it first. None when the request is about the dialog
    (its fields, its buttons, its title) or is a question (the page's text is read anyway)."""
    if not page.els or not all(el.extra("groupKind") == "dialog" or el.extra("group")
                               for el in page.els):
        return None
    dialog = [el for el in page.els if el.extra("groupKind") == "dialog"]
    if not dialog or any(c.act is Act.QUESTION for c in req.clauses):
        return None
    close = _close_button(dialog, req.lang)
    if close is None:
        return None
    said = tuple(w for c in req.clauses for w in said_words(c, req.lang))
    # (its way out named is a request to close it: "close the popup and ...")
    names = " ".join({el.name_text for el in dialog if not is_way_out(el, req.lang)}
                     | {el.group for el in dialog})
    if any(_named(w, said, req.lang) for w in _own(names, req.lang)):
        return None
    return close


def rest_after_closing(req: Request) -> str:
    """'ferme la fenêtre et refuse les cookies', once the pop-up is closed: what is left
    to do ("refuse les cookies"). The request unchanged when it does not start by asking
    to close something, or asks nothing else."""
    text = req.text
    low = fold(text)
    start = skip_polite(low, 0, lexicon(req.lang))
    words = list(re.finditer(r"[^\W_]+", low[start:]))
    if not words or not _closing(words[0].group(), req.lang):
        return text
    ands = {fold(w) for w in lex.and_words(req.lang)}
    joint = next((m for m in words[1:] if m.group() in ands), None)
    rest = text[start + joint.end():].strip(" ,;.") if joint is not None else ""
    return rest or text


@cache
def _dialog_words(lang: str) -> frozenset[str]:
    """The words visitors call a dialog by (lexicon [dialogs]), folded."""
    names = raw_words(lang, "dialogs").get("names", []) + raw_words("en", "dialogs").get(
        "names", [])
    return frozenset(w for name in names for w in re.findall(r"[^\W_]+", fold(name)))


def closes_the_dialog(req: Request) -> bool:
    """'close this popup', 'ferme cette fenêtre': a verb of closing, then only words for a
    dialog (or none: "close it"): the dialog closed is the whole request."""
    if rest_after_closing(req) != req.text:
        return False  # ("close the popup and ...": more is asked)
    low = fold(req.text)
    words = re.findall(r"[^\W_]+", low[skip_polite(low, 0, lexicon(req.lang)):])
    if not words or not _closing(words[0], req.lang):
        return False
    stop = lex.stopwords(req.lang) | lex.stopwords("en")
    return all(w in _dialog_words(req.lang) for w in words[1:] if w not in stop)


def still_covered(page: Page) -> bool:
    """Does a dialog still show on the page?"""
    return any(el.extra("groupKind") == "dialog" for el in page.els)


def _closing(word: str, lang: str) -> bool:
    """Is ``word`` a verb of closing ("close", "ferme", "dismiss")?"""
    close = {lex.stem(w, lang) for w in lex.synonyms("close", lang) | {"close"}}
    return lex.stem(word, lang) in close


def nothing_to_close(req: Request, page: Page) -> bool:
    """'ferme la fenêtre et refuse les cookies': the request closes something first, then
    asks more, and no control on the page closes anything (no Close / Cancel / ×). ("cancel
    the pending invite" closes nothing first: its words name what it acts on.)"""
    return rest_after_closing(req) != req.text and \
        not any(is_way_out(el, req.lang) for el in page.clickables if not el.disabled)


PRESS_ACTS = frozenset({Act.UNKNOWN, Act.CHECK, Act.UNCHECK, Act.CLICK})


def _verb_named(c: Clause, page: Page, lang: str) -> list[PageElement]:
    """'swap them around': the clause says nothing but a button's first word, its verb
    ("Swap origin and destination"); the rest are words for what it works on."""
    words = c.target.words if c.target else c.text  # (polite words are off the target)
    lx = lexicon(lang)
    if next(lx.pronoun_back.find_all(fold(words.lower())), None) is None:
        return []  # the verb said of the things already there ("them"), nothing new
    stop = lex.stopwords(lang) | lex.stopwords("en")
    content = tuple(w for w in tokens(words) if w not in stop and not lex.is_particle(w, lang))
    if len(content) != 1:
        return []
    return [el for el in _pool(page) if (own := _own(el.name_text, lang)) and len(own) > 1
            and _named(own[0], content, lang) and lex.number(own[0], lang) is None]


def plan_press(c: Clause, page: Page, lang: str) -> Decision:
    """'alle Cookies ablehnen', 'acepta las cookies': the one button every word of whose
    name the request says (in any of its languages: "ablehnen" names "Reject all")."""
    if c.act not in PRESS_ACTS or c.values or c.negated:
        return SKIP
    said = tuple(w for w in tokens(fold(c.text)) if any(ch.isalpha() for ch in w))
    named = []
    for el in _pool(page):
        own = _own(el.name_text, lang)
        if own and all(_named(w, said, lang) for w in own):
            named.append(el)
    by_verb = not named
    if by_verb:
        named = _verb_named(c, page, lang)  # (the clause said nothing else)
    if len(named) != 1:
        return SKIP
    el = named[0]
    # every other word they said is about what the page shows ("cookies"), else they
    # asked for more than the button does ("only allow analytics cookies": not "Accept all")
    shown = set(tokens(fold(page.text))) | set(tokens(fold(el.name_text)))
    stop = frozenset().union(*(lex.stopwords(x) for x in LANGS))  # "les": no request
    if not by_verb and any(w not in stop and not _named(w, tuple(shown), lang)
                           for w in said_words(c, lang) if not any(
                               word_sim(w, b, lang) >= NAMED_WORD for b in tokens(el.name_text))):
        return SKIP
    return Decision(Kind.ACT, f"Pressing {quoted(el.display)}.", [step("click", el)], OPEN_SURE,
                    snapshot(page, Expect.CLICK), f"Pressed {quoted(el.display)}")


def only_way_on(page: Page) -> Decision | None:
    """Details for a form on a page with nothing to fill and one thing to press: the form
    is behind it; the request is planned again there."""
    if page.fields or len(page.clickables) != 1:
        return None
    el = page.clickables[0]
    return Decision(Kind.ACT, f"Opening {quoted(el.display)} first.", [step("click", el)],
                    OPEN_SURE, snapshot(page, Expect.CLICK), "", phase="again")

"""A control whose own action contradicts the verb asked is no candidate for it.

A person asked to "open my shopping note" presses the note itself (its title, its card, an
"Open" or "Edit" control), never the trash icon labelled "Delete note “Shopping…”" whose
name only shares the note's words. A control is labelled with what it does, verb first
("Delete note …", "Remove item"); where that verb is one that destroys (the lexicon's
delete words) and the visitor did not say it, the control does something other than what
was asked, and it is left out of grounding. Nothing left that fits is a question or a
"couldn't find", never the destructive control.
"""

from __future__ import annotations

from functools import lru_cache

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.match import worded
from leflux.agent.planners.rules.model import Act, Clause

# Controls a visitor presses: their name says what they do. (A list item or a card says
# what it is: "Remove the weeds" is a note's title, not an action.)
_CONTROL_TAGS = frozenset({"button", "a"})
_CONTROL_ROLES = frozenset({"button", "link", "menuitem"})
_CONTROL_TYPES = frozenset({"button", "submit", "reset"})
# Acts that destroy: a control doing one of them is pressed only when the visitor says so.
_DESTRUCTIVE = (Act.DELETE,)
# Acts whose words ask for something to go ("clear the filters" may press "Remove all
# filters"): said, a destroying control may be meant.
_ASKING_TO_DESTROY = (Act.DELETE, Act.CLEAR)


def _is_control(el: PageElement) -> bool:
    return el.tag in _CONTROL_TAGS or el.e.role in _CONTROL_ROLES or (
        el.tag == "input" and el.type in _CONTROL_TYPES)


@lru_cache(maxsize=32)
def _destroying_phrases(lang: str, acts: tuple[Act, ...] = _DESTRUCTIVE
                        ) -> tuple[tuple[str, ...], ...]:
    """The words of ``acts`` as word tuples (signs such as × are left out: a × is as often
    a dialog's Close)."""
    out = {worded(w) for act in acts for w in lex.control_words(act, lang)}
    return tuple(sorted((p for p in out if p), key=len, reverse=True))


@lru_cache(maxsize=32)
def _destroying_by_first_word(lang: str, acts: tuple[Act, ...] = _DESTRUCTIVE
                              ) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The destroying phrases under their first word, longest first (every control of a
    page is looked up here on each decision: one dict probe, not a scan of the lexicon)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _destroying_phrases(lang, acts):
        out.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(phrases) for first, phrases in out.items()}


def own_destroying_verb(el: PageElement, lang: str) -> tuple[str, ...] | None:
    """The destroying verb a control's name starts with ("Delete note …" -> delete)."""
    if not _is_control(el):
        return None
    name = worded(el.name_text)
    if not name:
        return None
    phrases = _destroying_by_first_word(lang).get(name[0], ())
    return next((p for p in phrases if name[:len(p)] == p), None)


def _says_destroying(words: tuple[str, ...], lang: str) -> bool:
    """Do the visitor's words say a destroying verb (any of them: "trash" asks for the
    control labelled "Delete")?"""
    by_first = _destroying_by_first_word(lang, _ASKING_TO_DESTROY)
    return any(words[i:i + len(p)] == p for i, word in enumerate(words)
               for p in by_first.get(word, ()))


def destroys_unasked(el: PageElement, said: tuple[str, ...], lang: str) -> bool:
    """Does ``el`` destroy something (its name starts with a delete word) while the words
    ``said`` ask for no such thing?"""
    return own_destroying_verb(el, lang) is not None and not _says_destroying(said, lang)


def fitting_verb(pool: list[PageElement], c: Clause, lang: str, page: Page
                 ) -> list[PageElement]:
    """``pool`` without the controls whose own verb destroys something while the visitor
    (clause ``c``) asked for no such thing. Such a control inside an item the page
    indexes (a note of a list, a card) gives way to the item itself: the note is what a
    person clicks to open it."""
    said = worded(f"{c.text} {c.target.words if c.target is not None else ''}")
    if c.act in _ASKING_TO_DESTROY or _says_destroying(said, lang):
        return pool
    # (asked of the same controls by each of a decision's steps: once per page)
    destroying: dict[int, bool] = page.once(("destroying controls", lang), dict)
    out: list[PageElement] = []
    for el in pool:
        if el.id not in destroying:
            destroying[el.id] = own_destroying_verb(el, lang) is not None
        if not destroying[el.id]:
            out.append(el)
            continue
        item = page.by_id.get(el.e.parentId) if el.e.parentId is not None else None
        if item is not None and not _is_control(item) and not item.is_field \
                and item not in out and item not in pool:
            out.append(item)
    return out

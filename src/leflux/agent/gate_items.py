"""The removes the gate lets through: an item's own "Remove" inside a form being edited,
a mark taken off a row that stays ("Remove star from Budget 2027.xlsx"), a counter's −.

A profile's skill chip ("SQL ×", labelled "Remove SQL"), a recipient taken off an
invitation: the × takes the item out of the form the visitor is editing, and nothing is
kept until the form is sent, which the gate judges on its own when it happens. A person
does not ask "are you sure?" before that. Only when all of these hold, all read from the
element as the embed indexed it and from the page's form, never from anyone's words:

- a click on a button (not a link) that does not submit its form (``type=button``);
- inside a form that has its own submit control, so the edit is kept only when sent,
  and whose send is not itself high-stakes (a checkout's line items keep asking);
- the button belongs to one item of that form (the embed's ``groupKind == "item"``) and
  its words are only a remove verb and that item's own text;
- the item is not an account, order, payment or subscription, and the site marked
  nothing (markers and site patterns are checked before this, and still ask).

A counter's − beside its + ("Remove adult ticket" / "Add adult ticket", shown as − and +)
takes one off a count the visitor is setting: it is lifted the same way, when the −
shows only a minus sign and a + for the very same thing sits on the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from leflux.agent.submission import submission
from leflux.protocol import FormInfo, IndexedElement, Step

# The reasons this rule may lift: removing, nothing else.
LIFTABLE = frozenset({"remove", "delete"})
_VERB_RE = re.compile(r"^\s*(?:remove|delete)\b\s*", re.IGNORECASE)
_CROSS = frozenset({"\u00d7", "\u2715", "\u2716", "\u2717", "x", ""})
# Items whose removal is never a mere edit, whatever form they sit in.
_WEIGHTY_RE = re.compile(r"\b(?:account|order|payment|subscription|membership|card|"
                         r"profile|user|member|data)s?\b", re.IGNORECASE)


def _words(text: str | None) -> str:
    return " ".join((text or "").split()).lower()


def _names_only_its_item(el: IndexedElement) -> bool:
    """"Remove SQL" on the SQL chip (or just "×" / "Remove" beside a label saying so)."""
    item = _words(el.group)
    if not item or _WEIGHTY_RE.search(item):
        return False
    for text in (el.label, el.text, el.name, el.value):
        words = _words(text)
        rest = _VERB_RE.sub("", words, count=1)
        if rest.endswith(item):
            rest = rest[: len(rest) - len(item)].strip()
        if rest not in _CROSS:
            return False
    return True


_MINUS = frozenset({"-", "\u2212", "\u2013", "\u2796"})
_PLUS = frozenset({"+", "\uff0b", "\u2795"})
_ADD_RE = re.compile(r"^\s*(?:add|increase)\b\s*", re.IGNORECASE)


def _counted(label: str | None, verb: re.Pattern[str]) -> str:
    """What a counter's button counts: "Remove adult ticket" -> "adult ticket" ("" when
    its label does not start with the verb)."""
    words = _words(label)
    rest = verb.sub("", words, count=1)
    return rest if rest != words else ""


def decrements_a_count(step: Step, el: IndexedElement,
                       by_id: dict[int, IndexedElement]) -> bool:
    """A counter's − whose + for the same thing is on the page (see the module)."""
    if step.action != "click" or el.tag.lower() != "button" or el.href or \
            (el.type or "").lower() != "button":
        return False
    thing = _counted(el.label, _VERB_RE)
    if (el.text or "").strip() not in _MINUS or not thing or _WEIGHTY_RE.search(thing):
        return False
    return any(o.id != el.id and (o.text or "").strip() in _PLUS
               and _counted(o.label, _ADD_RE) == thing for o in by_id.values())


def removes_item_from_form(step: Step, el: IndexedElement,
                           forms: dict[int, FormInfo] | None,
                           by_id: dict[int, IndexedElement],
                           stakes: Callable[[list[str]], str | None]) -> bool:
    """Is this click an item's own remove inside a form being edited (see the module)?
    ``stakes`` is the gate's own reading of words (built-in and site patterns)."""
    if step.action != "click" or el.formId is None or forms is None:
        return False
    if el.tag.lower() != "button" or (el.type or "").lower() != "button" or el.href:
        return False
    if el.groupKind != "item" or not _names_only_its_item(el):
        return False
    form = forms.get(el.formId)
    if form is None or not form.hasSubmit or form.marked or submission(step, el, forms):
        return False
    sends = [t for i in form.submitIds if (s := by_id.get(i)) is not None
             for t in (s.text, s.label, s.value) if t]
    return stakes([*sends, form.text or "", form.action or ""]) is None


# "Remove star from Budget 2027.xlsx": what is taken off (group 1), and from what (group 2).
_OFF_RE = re.compile(r"^\s*(?:remove|delete)\s+(?:the\s+)?(.+?)\s+from\s+(.+?)\s*$",
                     re.IGNORECASE)
_ROW_KINDS = frozenset({"row", "item", "card"})
MAX_MARK_WORDS = 2  # a star, a tag, a label: a word or two, never a whole row's text


def takes_mark_off_row(step: Step, el: IndexedElement, forms: dict[int, FormInfo] | None
                       ) -> bool:
    """A row's own button that takes a mark off that very row ("Remove star from Budget
    2027.xlsx" in the Budget 2027.xlsx row): the row stays, only its star goes. Not when
    what is removed is the row itself or something weighty, when it is taken from another
    place ("Remove Tom Becker from workspace", "Remove Hoodie from cart"), or when the
    click sends a form."""
    if step.action != "click" or el.groupKind not in _ROW_KINDS or not el.group or el.href:
        return False
    if submission(step, el, forms or {}):
        return False
    row = _words(el.group)
    first = row.split(" | ")[0]
    names = [m for t in (el.label, el.text) if (m := _OFF_RE.match(_words(t)))]
    if not names:
        return False
    for m in names:
        mark, owner = m[1], m[2]
        if len(mark.split()) > MAX_MARK_WORDS or _WEIGHTY_RE.search(mark) or mark in first:
            return False
        if not first.startswith(owner):
            return False
    return True

"""Creating a thing through the page's form for it ("create an event called Dentist on 14
January 2027 at 9:30" on a "New event" page): the details go into the fields that ask for
them, the thing's name into the form's name / title box, and the form is sent (creating it
means saving it), as a person filling in the form would.

A clause counts as such when the form takes at least two of its details by their kind
(a date, a time, an email...): a todo list's "add milk" stays with the list's planner.
"""

from __future__ import annotations

from dataclasses import replace

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import assign, kind_of
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Clause, Value, ValueKind

# Details placed by their kind that make an "add" the filling of a form.
CREATE_MIN = 2
_COUNTS = frozenset({ValueKind.TEXT, ValueKind.QUANTITY, ValueKind.NUMBER})


def _name_box(page: Page, form_id: int | None, taken: set[int]) -> PageElement | None:
    """The form's first empty free-text box: where a thing's name goes."""
    for el in page.fields:
        if el.form_id == form_id and el.is_text_field and not el.has_value and \
                el.id not in taken and kind_of(el) is None and el.tag != "textarea":
            return el
    return None


def _page_words(page: Page) -> set[str]:
    """Words of the page's title and buttons: the kind of thing the form makes ("event")."""
    out = set(tokens(page.title))
    for el in page.clickables:
        out.update(tokens(el.name_text))
    return out


def _name_of(c: Clause, values: list[Value], page: Page, lang: str) -> Value | None:
    """The thing's name: a text value the visitor gave without a field's label (or under
    the thing's own kind: "an event called Dentist"), else the clause's naming words less
    the kind of thing ("new event: Book club" -> "Book club")."""
    kind_words = _page_words(page)
    for v in values:
        if v.kind is ValueKind.TEXT and (not v.label or set(tokens(v.label)) <= kind_words):
            return v
    if c.target is None or not c.target.words:
        return None
    stop = lex.stopwords(lang)
    words = c.target.words.split()
    kept = [w for w in words if not (set(tokens(w)) <= kind_words | stop)]
    name = " ".join(kept).strip(" ,:")
    return Value(ValueKind.TEXT, name, name) if name and kept != words else None


def creation_values(c: Clause, values: list[Value], page: Page, lang: str
                    ) -> list[Value] | None:
    """The values of an "add"/"create" clause as the page's form for that thing takes them
    (the name labelled for the form's name box); None when no form takes its details."""
    fields = [el for el in page.fields if not el.is_toggle]
    got = assign([v for v in values if v.kind not in _COUNTS], page, fields, lang)
    forms = {a.el.form_id for a in got}
    # (a full name in its first and last name fields is one detail, not two)
    details = {a.value.raw or str(id(a.value)) for a in got}
    if len(details) < CREATE_MIN or len(forms) != 1:
        return None
    form_id = next(iter(forms))
    name = _name_of(c, values, page, lang)
    taken = {a.el.id for a in got}
    box = _name_box(page, form_id, taken)
    venue = _venue(c, values, page, form_id, taken | ({box.id} if box else set()), lang)
    if name is None or box is None:
        return values + venue
    return [*(v for v in values if v is not name), replace(name, label=box.display), *venue]


def _venue(c: Clause, values: list[Value], page: Page, form_id: int | None,
           taken: set[int], lang: str) -> list[Value]:
    """'..., at the library': the place, for the form's place box ("Location"), from a part
    of the clause that holds no other detail."""
    box = next((el for el in page.fields if el.form_id == form_id and el.is_text_field and
                el.id not in taken and lex.is_venue_label(el.field_text)), None)
    if box is None:
        return []
    raws = [v.raw for v in values if v.raw]
    for part in c.text.split(","):
        part = part.strip(" .!")
        start = lex.venue_intro(part, lang)
        if start is None or any(r in part for r in raws):
            continue
        place = part[start:].strip()
        if place and any(ch.isalpha() for ch in place):
            return [Value(ValueKind.TEXT, place, place, label=box.display)]
    return []

"""'go to Boston' on a page whose form asks where to go: the trip, not a page to open.

A person reading a trip search form (a box called "To" that suggests places as one types)
takes "I want to go to Boston" as where the visitor is going, when the site has no link
or page called Boston: the words from the verb's little word on ("to Boston, from London")
are read again as the form's values. A link named by the words is still followed
(:mod:`bytext` is asked first).
"""

from __future__ import annotations

import re

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.lexicon import control_words
from leflux.agent.planners.rules.model import Act, Request
from leflux.agent.planners.rules.understand import understand
from leflux.agent.planners.rules.wordlabels import label_words


def as_trip(request: Request) -> Request | None:
    """The request read from its navigating verb's little word on, when that word is the
    label of a box of the page that suggests places ("go to X" -> "to X": the To box)."""
    c = request.clauses[0] if len(request.clauses) == 1 else None
    if c is None or c.act is not Act.NAVIGATE or c.target is None or not c.target.words:
        return None
    return _from_little_word(request, c.text)


def trip_on(request: Request, page: Page) -> Request | None:
    """:func:`as_trip`, on a page with a box labelled by the verb's little word that offers
    suggestions as one types (a combobox)."""
    trip = as_trip(request)
    if trip is None:
        return None
    boxes = label_words(page.fields, request.lang)
    first = trip.text.split(maxsplit=1)[0].lower()
    box = boxes.get(lex.label_word(first, request.lang))
    if box is None or box.role != "combobox" or box.is_select or not box.is_text_field:
        return None
    # (read again, the words must be values of the form, never another page to open)
    return trip if all(t.act is not Act.NAVIGATE for t in trip.clauses) else None


def _from_little_word(request: Request, text: str) -> Request | None:
    """The request understood again from the last word of its navigating verb ("take me
    to" -> "to ..."), when that verb ends with a word of its own after the first."""
    for phrase in sorted(control_words(Act.NAVIGATE, request.lang), key=len, reverse=True):
        last = phrase.split()[-1]
        m = re.search(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE)
        if m is None or " " not in phrase:
            continue
        rest = text[m.end() - len(last):].strip()
        return understand(rest) if len(rest) > len(last) else None
    return None

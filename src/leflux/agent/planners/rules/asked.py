"""Whether a request with no verb asks for what a form's button makes.

"table for two next saturday at 8pm, under Sam, 555-0142" on a page whose form's button is
"Book table": the visitor asks for a table, and a person at the desk would book it. The
thing is a word of the button that is no verb and names no field of the form (a "Send
message" button is not asked for by "my message is ..."), said outside the values; a
request that holds any verb says itself what to do and is not read this way.
"""

from __future__ import annotations

import re
from typing import Any

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.clause import skip_polite
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.match import tokens, word_sim
from leflux.agent.planners.rules.model import Act, Request

# A word of the request names the button's thing this well (equal, stem, synonym).
THING_WORD = 0.9
# Values a request gives at least, to be the details of the thing it asks for.
MIN_VALUES = 2


def asks_for_made(req: Request, page: Page, form: list[PageElement], button: PageElement) -> bool:
    """Does this verb-less request ask for what ``button`` makes (see the module doc)?"""
    if len(req.values) < MIN_VALUES or any(c.act is not Act.FILL or c.negated
                                           for c in req.clauses):
        return False
    lx = lex.lexicon_of(req.lang)
    if lx is None or _says_verb(lex.folded(req.text), lx):
        return False
    text = req.text
    for v in req.values:
        text = text.replace(v.raw, " ")
    said = tokens(text)
    stop = lex.stopwords(req.lang) | lex.stopwords("en")
    labels = {w for el in form for w in tokens(el.field_text)}
    things = [w for w in tokens(button.name_text) if w not in stop and not lex.is_verb(w)]
    own = [w for w in things if w not in labels
           and not any(word_sim(w, x, "en") >= THING_WORD for x in labels)]
    joined = f" {' '.join(said)} "
    return any(word_sim(w, s, req.lang) >= THING_WORD for w in own for s in said) or any(
        f" {' '.join(tokens(syn))} " in joined for w in own for syn in lex.synonyms(w, req.lang)
    ) or _names_kind(things, form, joined)


def _says_verb(low: str, lx: Any) -> bool:
    """A verb where a sentence or clause starts ("book ...", "can you book ..."); "he's a
    new patient" says none."""
    for m in re.finditer(r"[^.!?,;]+", low):
        part = m[0]
        pos = skip_polite(part, len(part) - len(part.lstrip()), lx)
        if lx.acts.match_start(part, pos) is not None:
            return True
    return False


def _names_kind(things: list[str], form: list[PageElement], joined: str) -> bool:
    """'video call with Dr Rivera, ...': the request names an option of the form's choice
    of the kind of thing its button makes ("Appointment type": Video call)."""
    for el in form:
        if not (el.is_toggle or el.is_select) or not any(
                word_sim(w, x, "en") >= THING_WORD for w in things
                for x in tokens((el.group if el.is_toggle else el.e.label) or "")):
            continue
        names = [el.display] if el.is_toggle else [o.text or "" for o in el.e.options or []]
        if any((words := tokens(n)) and f" {' '.join(words)} " in joined for n in names):
            return True
    return False

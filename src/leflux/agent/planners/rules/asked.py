"""Whether a request with no verb asks for what a form's button makes.

"table for two next saturday at 8pm, under Sam, 555-0142" on a page whose form's button is
"Book table": the visitor asks for a table, and a person at the desk would book it. The
thing is a word of the button that is no verb and names no field of the form (a "Send
message" button is not asked for by "my message is ..."), said outside the values; a
request that holds any verb says itself what to do and is not read this way.
"""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import El, Page
from leflux.agent.planners.rules.match import tokens, word_sim
from leflux.agent.planners.rules.model import Act, Request

# A word of the request names the button's thing this well (equal, stem, synonym).
THING_WORD = 0.9
# Values a request gives at least, to be the details of the thing it asks for.
MIN_VALUES = 2


def asks_for_made(req: Request, page: Page, form: list[El], button: El) -> bool:
    """Does this verb-less request ask for what ``button`` makes (see the module doc)?"""
    if len(req.values) < MIN_VALUES or any(c.act is not Act.FILL or c.negated
                                           for c in req.clauses):
        return False
    lx = lex.lexicon_of(req.lang)
    if lx is None or next(lx.acts.find_all(lex.folded(req.text)), None) is not None:
        return False
    text = req.text
    for v in req.values:
        text = text.replace(v.raw, " ")
    said = tokens(text)
    stop = lex.stopwords(req.lang) | lex.stopwords("en")
    labels = {w for el in form for w in tokens(el.field_text)}
    own = [w for w in tokens(button.name_text) if w not in stop and w not in labels
           and not any(word_sim(w, x, "en") >= THING_WORD for x in labels)
           and not lex.is_verb(w)]
    joined = f" {' '.join(said)} "
    return any(word_sim(w, s, req.lang) >= THING_WORD for w in own for s in said) or any(
        f" {' '.join(tokens(syn))} " in joined for w in own for syn in lex.synonyms(w, req.lang))

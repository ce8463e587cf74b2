"""Questions read across clauses: words with no verb before a question are its context, and a
follow-up that names nothing of its own asks more of the question before it."""

from __future__ import annotations

from leflux.agent.planners.rules.lexicon import Lexicon
from leflux.agent.planners.rules.model import SENDING_ACTS, Act, Clause
from leflux.agent.planners.rules.phrases import fold, tokens

# A question after another naming at most this many words of its own is a follow-up.
FOLLOW_UP_WORDS = 1


def context_into_questions(clauses: list[Clause]) -> list[Clause]:
    """"i just ordered, can I still cancel it": words with no verb before a question are
    its context, not a thing to click; details after "fill in my name" are its values."""
    out: list[Clause] = []
    for c in clauses:
        if c.act == Act.FILL and out and out[-1].act == Act.FILL and not out[-1].values:
            out[-1].values = c.values  # "fill in my name, but don't send: Priya Nair"
            # (its words too: "..., 12 months" names an option on a later step)
            out[-1].text = f"{out[-1].text}: {c.text.lstrip(' :')}"
            continue
        while c.act == Act.QUESTION and out and is_context(out[-1]):
            # ("im between sizes and want to wear a fleece under it, which should i get":
            # a wish with nothing to look for is context too)
            context = out.pop()
            c.text = f"{context.text}, {c.text}"
            c.query = f"{context.text}, {c.query or ''}".strip(", ")
        out.append(c)
    return out


def is_context(c: Clause) -> bool:
    return c.act == Act.UNKNOWN or (c.act == Act.SEARCH and not c.query and not c.values)


def merge_questions(clauses: list[Clause], lex: Lexicon) -> list[Clause]:
    """"do you ship to canada? how much": a follow-up naming nothing of its own asks more
    of the question before it; "if i pay for a year and change my mind can i get my money
    back": a part asking inside it ("can i") is the same question."""
    out: list[Clause] = []
    for c in clauses:
        prev = out[-1] if out else None
        if prev is not None and prev.act == Act.QUESTION and continues_question(c, lex):
            prev.text = f"{prev.text}, {c.text}"
            prev.query = f"{prev.query or ''}, {c.query or c.text}".strip(", ")
            prev.values += c.values
            continue
        out.append(c)
    return out


def continues_question(c: Clause, lex: Lexicon) -> bool:
    low = fold(c.query or c.text)
    if c.act == Act.QUESTION:
        own = [t for t, _, _ in tokens(low) if t[:1].isalpha() and t not in lex.stopwords
               and t not in lex.question_vocabulary]
        return len(own) <= FOLLOW_UP_WORDS
    return c.act not in SENDING_ACTS and any(
        hit.start and len(hit.key.split()) > 1 for hit in lex.question.find_all(low))

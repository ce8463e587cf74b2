"""What a clause carries besides its act: the items of a list ("add bread, milk and eggs"
-> one clause each) and the checkboxes a form flow names in passing ("sign me up ...,
remember me, no newsletter", "- but I do NOT accept the terms")."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from leflux.agent.planners.rules.clause import read_clause, skip_polite, value_spans
from leflux.agent.planners.rules.lexicon import Lexicon
from leflux.agent.planners.rules.model import Act, Clause, Reference
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.reference import Text, reference

# Acts that fill a form and may carry checkboxes named in passing.
FLOW_ACTS = frozenset({Act.SIGNUP, Act.LOGIN, Act.CHECKOUT, Act.CONTACT, Act.FILL, Act.SUBMIT})
ASIDE_MAX_WORDS = 6
ITEM_MAX_WORDS = 5
ASIDE_NEGATION_WITHIN = 3      # "no newsletter", "I do NOT accept ..."
_ASIDE_RE = re.compile(r"[^,;]+?(?=\s+[-–]\s+|[,;]|$)|(?<=[-–] )[^,;]+")

# Acts whose object may be a list of things, one clause each.
LIST_ACTS = frozenset({Act.ADD, Act.BUY, Act.DELETE, Act.CHECK, Act.UNCHECK})


def read_clauses(text: str, lex: Lexicon, today: date) -> list[Clause]:
    """One clause, plus the checkboxes named in passing inside a form flow ("sign me up
    ..., password X, remember me, no newsletter")."""
    clause = read_clause(text, lex, today)
    return [*items(clause, lex), *asides(clause, Text(text, fold(text), lex), today)]


def items(c: Clause, lex: Lexicon) -> list[Clause]:
    """'add bread, milk and eggs' -> one clause per item (a comma makes it a list;
    "salt and pepper" alone stays one thing)."""
    if c.act not in LIST_ACTS or c.target is None or "," not in c.target.words:
        return [c]
    if c.act is Act.ADD and any(v.quoted for v in c.values):
        return [c]  # "add a task 'Set up the database', high priority": one thing, quoted
    ands = "|".join(re.escape(" ".join(k)) for k in lex.split_before_verb.keys)
    parts = [p.strip() for p in re.split(rf",\s*(?:(?:{ands})\s+)?|\s+(?:{ands})\s+(?=[^,]*$)",
                                         c.target.words) if p.strip()]
    if not all(_item_like(p, lex) for p in parts):  # "delete my account, i'm done with it"
        first = re.split(r",\s*", c.target.words)[0].split()
        while len(first) > 1 and fold(first[-1]) in lex.stopwords:
            first.pop()  # "boots in" (its size was a value)
        c.target = replace(c.target, words=" ".join(first))
        return [c]
    out = []
    for n, part in enumerate(parts):
        one = replace(c, target=replace(c.target, words=part), values=list(c.values),
                      quantity=c.quantity if n == 0 else None)
        if m := re.match(r"(\d{1,4})\s+(.+)", part):  # "2 eggs, 3 apples"
            one.quantity, one.target = int(m[1]), replace(c.target, words=m[2])
        out.append(one)
    return out


def _item_like(part: str, lex: Lexicon) -> bool:
    """A list item names a thing: a few words, none of them "i", "it", "them"..."""
    words = [w.strip("'") for w in fold(part).split()]
    return 0 < len(words) <= ITEM_MAX_WORDS and not any(
        (w in lex.stopwords or w.split("'")[0] in lex.stopwords)
        and lex.articles.get(w) is None for w in words)


def asides(c: Clause, t: Text, today: date) -> list[Clause]:
    """Short parts after the values of a form flow that are no value: a checkbox to tick
    ("remember me", "terms are fine") or not ("no newsletter", "I do NOT accept the terms")."""
    if c.act not in FLOW_ACTS or not c.values:
        return []
    spans = value_spans(c, t, 0, len(t.raw))
    if not spans:
        return []
    out: list[Clause] = []
    first_value = min(a for a, _ in spans)
    listing: tuple[int, int] | None = None  # where a verb of a list started, clauses before
    for m in _ASIDE_RE.finditer(t.raw):
        a, b = t.trim(m.start(), m.end())
        if a <= first_value or any(x < b and a < y for x, y in spans):
            continue
        if listing is not None and not _verb_at(t, a, b):
            # "..., add Go, Kubernetes and PostgreSQL to my skills": the verb's list goes on
            out[listing[1]:] = items(read_clause(t.raw[listing[0]:b], t.lex, today), t.lex)
            continue
        if (aside := _aside(t, a, b, today)) is not None:
            listing = (a, len(out)) if aside.act in LIST_ACTS and _verb_at(t, a, b) else None
            out.append(aside)
    if out and c.target is not None:
        c.target = None  # its words were the asides
    return out


def _start(t: Text, a: int, b: int) -> int:
    """Past the connectors that open an aside ("and", "with")."""
    lex = t.lex
    while (h := lex.split_before_verb.match_start(t.low, a) or lex.with_words.match_start(
            t.low, a)) is not None and h.end < b:
        a = t.trim(h.end, b)[0]
    return a


def _verb_at(t: Text, a: int, b: int) -> bool:
    return t.lex.acts.match_start(t.low, skip_polite(t.low, _start(t, a, b), t.lex)) is not None


def _aside(t: Text, a: int, b: int, today: date) -> Clause | None:
    lex = t.lex
    a = _start(t, a, b)
    words = t.words(a, b)
    if not words or len(words) > ASIDE_MAX_WORDS or any(ch.isdigit() for ch in t.raw[a:b]):
        return None
    said = t.raw[a:b]
    for w in words[:ASIDE_NEGATION_WITHIN]:
        if (neg := lex.negation.match_start(t.low, w[1])) is not None:
            start = t.trim(neg.end, b)[0]
            if (verb := lex.acts.match_start(t.low, start)) is not None and verb.key in (
                    Act.CHECK, Act.UNCHECK):
                start = verb.end
            ref = reference(t, start, b)
            return Clause(Act.UNCHECK, said, target=ref) if ref else None
    if _redoes(t, a, b):
        return None  # "..., please change it": the values said before, nothing more
    if lex.acts.match_start(t.low, a) is not None:
        return read_clause(said, lex, today)
    if lex.whole.get(t.low[a:b].strip(" .!")) is Act.SUBMIT:
        return Clause(Act.SUBMIT, said)  # "..., next": on to the next step
    if any(w[0] in lex.stopwords or w[0] in lex.vocabulary for w in words):
        if (end := lex.polite_end.match_end(t.low[a:b])) is not None and end.start:
            b = t.trim(a, a + end.start)[1]
        a = t.skip_articles(a, b)  # "remember me": the words as said, "me" included
        return Clause(Act.CHECK, said, target=Reference(words=t.raw[a:b])) if a < b else None
    return None


def _redoes(t: Text, a: int, b: int) -> bool:
    """'please change it', 'update that': a verb that sets values, said of what came before."""
    lex = t.lex
    a = skip_polite(t.low, a, lex)
    verb = lex.acts.match_start(t.low, a)
    if verb is None or verb.key not in (Act.FILL, Act.EDIT):
        return False
    back = lex.pronoun_back.match_start(t.low, t.trim(verb.end, b)[0])
    return back is not None and back.end <= b

"""Things named before a pronoun: "I emailed the landlord, tick that one off", "buy milk
isn't done yet, uncheck it", "add renew passport and tick it off", "i bought the milk and
paid the bill, tick them off".

A row act (tick, untick, delete, edit) whose only object is a pronoun acts on the rows
the clause before it named. That clause is dropped when it only told something (no verb,
or "X is / isn't done"), kept when it was an act of its own (the added item is then ticked
too). A plural pronoun ("them", "both") names each thing listed ("the milk and the bill").
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from leflux.agent.planners.rules.clause import skip_polite
from leflux.agent.planners.rules.lexicon import Lexicon
from leflux.agent.planners.rules.model import Act, Clause, Reference, ValueKind
from leflux.agent.planners.rules.phrases import fold, tokens

POINTING_ACTS = frozenset({Act.CHECK, Act.UNCHECK, Act.DELETE, Act.EDIT})
ADDING_ACTS = frozenset({Act.ADD})
# What "give it to Sam", "make it urgent" say about a thing just added.
DETAIL_ACTS = frozenset({Act.SELECT, Act.FILL, Act.UNKNOWN})


def _has(table: object, low: str) -> bool:
    return any(True for _ in table.find_all(low))  # type: ignore[attr-defined]


def points_back(c: Clause, lex: Lexicon) -> bool:
    """The clause's object is only a pronoun ("tick it off", "mark both")."""
    if c.container is not None or (c.values and c.act is not Act.EDIT):
        return False
    t = c.target
    if t is not None and (t.ordinal is not None or t.quoted or (
            t.words and lex.pronoun_back.get(fold(t.words).strip()) is None)):
        return False
    return _has(lex.pronoun_back, fold(c.text))


def statement_subject(c: Clause, lex: Lexicon) -> str | None:
    """'buy milk isn't done yet' -> 'buy milk': what a state statement is about."""
    low = fold(c.text)
    for hit in lex.copula.find_all(low):
        rest = low[hit.end:]
        if hit.start and (_has(lex.state_on, rest) or _has(lex.state_off, rest)):
            start = skip_polite(low, 0, lex)
            words = c.text[start:hit.start].strip(" ,.'")
            return words or None
    return None


def _antecedent(prev: Clause, lex: Lexicon) -> tuple[str, bool] | None:
    """(the words that named the thing, whether ``prev`` only told it)."""
    subject = statement_subject(prev, lex)
    if subject:
        return subject, True
    if prev.act is Act.UNKNOWN:
        words = prev.target.words if prev.target and prev.target.words else prev.text
        return words, True
    if prev.act in ADDING_ACTS:
        item = next((v.text for v in prev.values if v.kind is ValueKind.TEXT), None)
        item = item or (prev.target.words if prev.target else None)
        return (item, False) if item else None
    return None


def _items(words: str, lex: Lexicon) -> list[str]:
    """'the milk and paid the bill' -> ['the milk', 'paid the bill']."""
    joins = [" ".join(k) for k in lex.split_before_verb.keys if k]
    pattern = r",|\s(?:" + "|".join(re.escape(j) for j in joins) + r")\s" if joins else ","
    parts = [p.strip() for p in re.split(pattern, fold(words))]
    if len(parts) < 2 or not all(any(ch.isalnum() for ch in p) for p in parts):
        return [words]
    out, pos = [], 0
    low = fold(words)
    for p in parts:  # the same spans, as typed
        at = low.find(p, pos)
        out.append(words[at:at + len(p)])
        pos = at + len(p)
    return out


def _set_on_person(c: Clause, prev: Clause, lex: Lexicon) -> Clause | None:
    """"tom becker left the company, set him to inactive": a value set on the person told
    of before is an edit of that person's row."""
    if c.act is not Act.FILL or len(c.values) != 1 or prev.act is not Act.UNKNOWN:
        return None
    label = fold(c.values[0].label or "").strip()
    if not label or lex.pronoun_person.get(label) is None:
        return None
    got = _antecedent(prev, lex)
    if got is None:
        return None
    return Clause(Act.EDIT, c.text, container=Reference(words=got[0], kind="item"),
                  values=[replace(c.values[0], label=None)])


# Values one form takes one at a time ("invite nina@… and omar@…"): a clause each.
ONE_AT_A_TIME = frozenset({ValueKind.EMAIL, ValueKind.PHONE})


def _listed(text: str, raws: list[str], lex: Lexicon) -> bool:
    """The values are said as a list: only commas and "and" between them."""
    for a, b in pairwise(raws):
        gap = fold(text[text.index(a) + len(a):text.index(b)]).strip(" ,")
        if gap and lex.split_before_verb.get(gap) is None:
            return False
    return True


def one_each(clauses: list[Clause], lex: Lexicon) -> list[Clause]:
    """"invite nina@example.com and omar@example.com, both editors": one clause per address
    (the form takes one at a time), each with what "both ..." after them says."""
    out: list[Clause] = []
    n = 0
    while n < len(clauses):
        c = clauses[n]
        n += 1
        kinds = {v.kind for v in c.values}
        raws = [v.raw for v in c.values if v.raw and v.raw in c.text]
        if c.act is not Act.FILL or len(c.values) < 2 or len(kinds) != 1 or \
                not kinds <= ONE_AT_A_TIME or any(v.label for v in c.values) or \
                len(raws) != len(c.values):
            out.append(c)
            continue
        if not _listed(c.text, raws, lex):
            out.append(c)  # "from me@… to you@…": two places, not a list
            continue
        before = c.text[:c.text.index(raws[0])]
        after = c.text[c.text.index(raws[-1]) + len(raws[-1]):]
        nxt = clauses[n] if n < len(clauses) else None
        if nxt is not None and not nxt.values and _has(lex.pronoun_many, fold(nxt.text)):
            n += 1  # "both editors": said of each, not a thing to do on its own
            after = after if nxt.text in after else f"{after}, {nxt.text}"
        out += [replace(c, text=f"{before}{v.raw}{after}", values=[v]) for v in c.values]
    return out


def resolve(clauses: list[Clause], lex: Lexicon) -> list[Clause]:
    clauses = one_each(clauses, lex)
    out: list[Clause] = []
    for c in clauses:
        if out and (edit := _set_on_person(c, out[-1], lex)) is not None:
            out[-1] = edit
            continue
        if out and out[-1].act in ADDING_ACTS and c.act in DETAIL_ACTS and not c.values \
                and _has(lex.pronoun_back, fold(c.text)):
            # "new task: rotate the keys, give it to Sam": a detail of the thing added.
            out[-1] = replace(out[-1], text=f"{out[-1].text}, {c.text}")
            continue
        got = _antecedent(out[-1], lex) if out and c.act in POINTING_ACTS and \
            points_back(c, lex) else None
        if got is None:
            out.append(c)
            continue
        words, told = got
        if told:
            out.pop()
        many = _has(lex.pronoun_many, fold(c.text))
        for part in (_items(words, lex) if many else [words]):
            if tokens(fold(part)):
                out.append(replace(c, target=None, container=Reference(words=part,
                                                                       kind="item")))
    return out

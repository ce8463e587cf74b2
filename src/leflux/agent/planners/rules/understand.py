"""Words -> :class:`Request`: the first step of the rules planner.

The language is the one whose lexicon the words hit most (English on a tie). The request
is cut into clauses ("and", "then", ";", a comma before a verb...), each read as: polite
words off, a whole-clause act ("yes", "hi"), a question, or a verb (typos tolerated) and
what it acts on. Scope for the whole request: the visitor asked to submit ("sign me up",
"place the order") or said not to ("just fill it in", "don't send it").
"""

from __future__ import annotations

import re
from datetime import date

from leflux.agent.planners.rules.clause import (
    fuzzy_verb,
    is_question_start,
    read_clause,
    skip_polite,
)
from leflux.agent.planners.rules.lexicon import (
    DEFAULT_LANG,
    LANGS,
    Lexicon,
    fold,
    lexicon,
    tokens,
    word_languages,
)
from leflux.agent.planners.rules.model import Act, Clause, Request

# A request longer than this is cut (the transport limits messages anyway).
MAX_REQUEST_CHARS = 2000
# rapidfuzz ratio (0..100) a misspelt verb needs to cut a clause before it (stricter than
# reading one: a wrong guess here cuts a clause in two).
FUZZY_SPLIT_MIN = 88.0
# Language scores under this are noise: the default language is used.
MIN_LANG_SCORE = 1.0
# Acts whose form may be sent.
SUBMITTING_ACTS = frozenset({Act.SUBMIT, Act.LOGIN, Act.SIGNUP})
_TRIM = " \t\n.!?,;:¿¡"


def detect_language(text: str) -> str:
    """The language whose vocabulary the words hit most; words shared by several
    languages count for each a share."""
    scores = dict.fromkeys(LANGS, 0.0)
    known = word_languages()
    for word in re.findall(r"[^\W\d_]{2,}", fold(text)):
        langs = known.get(word)
        if langs:
            for lang in langs:
                scores[lang] += 1.0 / len(langs)
    best = max(LANGS, key=lambda lang: (scores[lang], lang == DEFAULT_LANG))
    return best if scores[best] >= MIN_LANG_SCORE else DEFAULT_LANG


def starts_act(low: str, pos: int, lex: Lexicon) -> bool:
    p = skip_polite(low, pos, lex)
    if (neg := lex.negation.match_start(low, p)) is not None:
        p = skip_polite(low, neg.end, lex)
    return (lex.acts.match_start(low, p) is not None
            or fuzzy_verb(low, p, lex, FUZZY_SPLIT_MIN) is not None)


def _opens_clause(low: str, pos: int, lex: Lexicon) -> bool:
    """A new sentence that asks for something (not "...? my email is ...")."""
    p = len(low) - len(low[pos:].lstrip())
    return starts_act(low, p, lex) or is_question_start(low, p, lex) or (
        lex.whole.match_start(low, p) is not None)


def _protected(raw: str) -> list[tuple[int, int]]:
    """Quoted text, emails and URLs: never cut inside."""
    spans = [m.span() for m in re.finditer(r"([\"“'])(?:(?!\1).)+?[\"”']|\S+@\S+|https?://\S+",
                                           raw)]
    return spans


def split_clauses(raw: str, lex: Lexicon) -> list[str]:
    """The clauses of a request, in order, connectors dropped."""
    low = fold(raw)
    keep = _protected(raw)
    cuts: list[tuple[int, int]] = []     # (start, end) of each connector to drop
    toks = tokens(low)
    for i, (tok, s, e) in enumerate(toks):
        if any(a <= s < b for a, b in keep) or (cuts and s < cuts[-1][1]):
            continue
        if tok == ";" or (tok in (".", "?", "!") and i + 1 < len(toks)
                          and low[e:e + 1] in (" ", "\n") and _opens_clause(low, e, lex)):
            cuts.append((s, e))
            continue
        before = low[:s].rstrip()
        always = lex.split_always.match_start(low, s)
        if always is not None and i and (before.endswith(",") or tok not in lex.stopwords
                                          or starts_act(low, always.end, lex)):
            cuts.append((s, always.end))
            continue
        joins = tok == "," or lex.split_before_verb.match_start(low, s) is not None
        if joins and i:
            end = e if tok == "," else lex.split_before_verb.match_start(low, s).end  # type: ignore[union-attr]
            nxt = low[end:].lstrip(" ,")
            at = len(low) - len(nxt)
            if nxt and starts_act(low, at, lex):
                cuts.append((s, end))
    out, pos = [], 0
    for a, b in cuts:
        out.append(raw[pos:a])
        pos = b
    out.append(raw[pos:])
    return [c.strip(" ,") for c in out if c.strip(_TRIM)]


def _wants_submit(clauses: list[Clause], lex: Lexicon) -> bool:
    for c in clauses:
        if c.negated:
            continue
        if c.act in SUBMITTING_ACTS or (c.act == Act.CONTACT and c.values):
            return True  # "contact support about X" without details: nothing to send
        if c.act in (Act.CHECKOUT, Act.FILL, Act.BUY) and (
                any(True for _ in lex.submit.find_all(fold(c.text)))
                or (c.act == Act.CHECKOUT and c.values)):
            return True
    return False


def understand(text: str, today: date | None = None) -> Request:
    """What the visitor asked, as typed clauses (see :mod:`model`)."""
    raw = (text or "").strip()[:MAX_REQUEST_CHARS]
    lang = detect_language(raw)
    lex = lexicon(lang)
    day = today or date.today()
    clauses = [read_clause(part, lex, day) for part in split_clauses(raw, lex)]
    forbids = any(True for _ in lex.fill_only.find_all(fold(raw))) or any(
        c.negated and c.act == Act.SUBMIT for c in clauses)
    clauses = [c for c in clauses if not (c.negated and c.act == Act.SUBMIT)]
    wants = not forbids and _wants_submit(clauses, lex)
    values = [v for c in clauses for v in c.values]
    return Request(text=raw, lang=lang, clauses=clauses, wants_submit=wants,
                   forbids_submit=forbids, values=values,
                   is_question=any(c.act == Act.QUESTION for c in clauses))

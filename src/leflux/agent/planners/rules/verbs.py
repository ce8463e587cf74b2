"""A clause's verb when it is not spelled as the lexicon has it: a typo (fuzzy), or a verb
with a clitic pronoun attached ("ajoutez-le", "añádelo")."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from leflux.agent.planners.rules.lexicon import Lexicon
from leflux.agent.planners.rules.model import Act
from leflux.agent.planners.rules.phrases import PhraseHit

# rapidfuzz ratio (0..100) a typed word needs to count as a lexicon verb / question word.
FUZZY_VERB_MIN = 80.0


FUZZY_MIN_LEN = 4           # shorter words are never fuzzy-matched


INFLECTION = 2              # a verb plus this many letters is another word, not a typo


_WORD_RE = re.compile(r"\s*([^\W\d_]+)")


# A word with hyphens in it ("ajoute-la").
_TOKEN_RE = re.compile(r"\s*([^\W\d_]+(?:-[^\W\d_]+)*)")


# The shortest verb a pronoun may be joined to ("pon" + "lo").
MIN_CLITIC_STEM = 3


def fuzzy_word(low: str, pos: int, choices: tuple[str, ...], minimum: float,
               known: frozenset[str]) -> tuple[str, int, int] | None:
    """The choice a misspelt word at ``pos`` stands for; words the lexicon knows as they
    are ("could", "check-up") are not typos."""
    m = _WORD_RE.match(low, pos)
    if not m or len(m[1]) < FUZZY_MIN_LEN or m[1] in known or low[m.end(1):m.end(1) + 1] in (
            "-", "'", "@", "."):
        return None
    best = process.extractOne(m[1], choices, scorer=fuzz.ratio, score_cutoff=minimum)
    if best is None or (m[1].startswith(best[0]) and len(m[1]) - len(best[0]) <= INFLECTION):
        return None  # "books" is not a misspelt "book"
    if m[1].endswith(best[0]) and len(m[1]) - len(best[0]) >= INFLECTION:
        return None  # "express" is not a misspelt "press"
    return best[0], m.start(1), m.end(1)


def clitic_verb(low: str, pos: int, lex: Lexicon) -> PhraseHit[Act] | None:
    """A one-word verb at ``pos`` with its object pronoun joined on ("ajoute-la",
    "añádela", "guárdalo"): the verb, the pronoun being the thing already spoken of."""
    m = _TOKEN_RE.match(low, pos)
    if not m or not lex.clitics:
        return None
    word = m[1]
    for clitic in lex.clitics:
        stem = word[:-len(clitic)]
        if word.endswith(clitic) and len(stem) >= MIN_CLITIC_STEM and stem in lex.verb_acts:
            return PhraseHit(lex.verb_acts[stem], m.start(1), m.end(1))
    return None


def fuzzy_verb(low: str, pos: int, lex: Lexicon, minimum: float = FUZZY_VERB_MIN
               ) -> PhraseHit[Act] | None:
    """A misspelt one-word verb at ``pos`` ("serch", "remvoe", "delte"), or one carrying
    its object pronoun ("ajoute-la")."""
    if (joined := clitic_verb(low, pos, lex)) is not None:
        return joined
    hit = fuzzy_word(low, pos, lex.verbs, minimum, lex.vocabulary)
    if hit is None:
        return None
    word, start, end = hit
    # "serch for": the phrase the corrected word starts ("search for") may reach further.
    longer = lex.acts.match_start(word + low[end:])
    if longer is not None and longer.end > len(word) and longer.gap is None:
        return PhraseHit(longer.key, start, end + longer.end - len(word))
    return PhraseHit(lex.verb_acts[word], start, end)

"""What ground/plan need from the per-language lexicon, behind one small interface.

The lexicon (word lists per language, in data files) belongs to ``understand``; this view
asks it for stems, synonyms, the words controls doing an act are labelled with, and
numbers written as words. Where the lexicon does not offer one of these (yet), the view
answers with what needs no word list: a snowball stem, no synonyms, the act's own name.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType
from typing import Any

from leflux.agent.planners.rules.model import Act

_SNOWBALL = {"en": "english", "es": "spanish", "fr": "french", "de": "german"}


@lru_cache(maxsize=1)
def _lexicon() -> ModuleType | None:
    try:
        return importlib.import_module("leflux.agent.planners.rules.lexicon")
    except ImportError:
        return None


def _call(name: str, *args: object) -> object:
    lex = _lexicon()
    fn = getattr(lex, name, None) if lex is not None else None
    return fn(*args) if callable(fn) else None


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(_SNOWBALL.get(lang, "english"))


@lru_cache(maxsize=65536)
def stem(word: str, lang: str = "en") -> str:
    got = _call("stem", word, lang)
    if isinstance(got, str):
        return got
    return str(_stemmer(lang).stemWord(word))


@lru_cache(maxsize=16384)
def synonyms(word: str, lang: str = "en") -> frozenset[str]:
    got = _call("synonyms", word, lang)
    return frozenset(got) if isinstance(got, (set, frozenset, list, tuple)) else frozenset()


@lru_cache(maxsize=256)
def control_words(act: Act, lang: str = "en") -> frozenset[str]:
    got = _call("control_words", act, lang)
    if isinstance(got, (set, frozenset, list, tuple)) and got:
        return frozenset(got)
    return frozenset({act.value})


@lru_cache(maxsize=4096)
def number(word: str, lang: str = "en") -> int | None:
    if word.isdigit():
        return int(word)
    got = _call("number", word, lang)
    return got if isinstance(got, int) else None


@lru_cache(maxsize=8)
def stopwords(lang: str = "en") -> frozenset[str]:
    """Words that name nothing on a page ("the", "my", "please")."""
    got = _call("stopwords", lang)
    return frozenset(got) if isinstance(got, (set, frozenset, list, tuple)) else frozenset()


def outcome_kind(sentence: str, lang: str = "en") -> str | None:
    """"success", "error" or None: what a message on the page says about the last action."""
    got = _call("outcome_kind", sentence, lang)
    if got in ("success", "error", None) and _has("outcome_kind"):
        return got if isinstance(got, str) else None
    from leflux.agent.planners.rules.outcome_words import classify

    return classify(sentence)


def _has(name: str) -> bool:
    lex = _lexicon()
    return lex is not None and callable(getattr(lex, name, None))

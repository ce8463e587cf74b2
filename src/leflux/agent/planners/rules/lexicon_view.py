"""What ground/plan need from the per-language lexicon, behind one small interface.

The lexicon (word lists per language, in data files) belongs to ``understand``; this view
asks it for synonyms, stopwords, the words controls doing an act are labelled with, and
numbers written as words (stems come from snowball). Without a lexicon module the view
answers with what needs no word list: no synonyms, no stopwords, the act's own name.
"""

from __future__ import annotations

import importlib
import tomllib
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from leflux.agent.planners.rules.model import Act

_SNOWBALL = {"en": "english", "es": "spanish", "fr": "french", "de": "german"}


@lru_cache(maxsize=1)
def _module() -> ModuleType | None:
    try:
        return importlib.import_module("leflux.agent.planners.rules.lexicon")
    except ImportError:
        return None


@lru_cache(maxsize=8)
def _lex(lang: str) -> Any:
    """The lexicon object of ``lang`` (None without one)."""
    mod = _module()
    load = getattr(mod, "lexicon", None) if mod is not None else None
    if not callable(load):
        return None
    try:
        return load(lang)
    except (ValueError, OSError):
        return None


def _langs(lang: str) -> list[Any]:
    """The request's language, then English (pages often say "Delete" whatever is asked)."""
    return [x for x in {lang: _lex(lang), "en": _lex("en")}.values() if x is not None]


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> Any:
    from leflux.agent.planners.rules.snowball import stemmer

    return stemmer(_SNOWBALL.get(lang, "english"))


@lru_cache(maxsize=65536)
def stem(word: str, lang: str = "en") -> str:
    return str(_stemmer(lang).stemWord(word))


@lru_cache(maxsize=16384)
def synonyms(word: str, lang: str = "en") -> frozenset[str]:
    out: set[str] = set()
    for lx in _langs(lang):
        out |= lx.synonyms_of(word)
    return frozenset(out)


@lru_cache(maxsize=256)
def control_words(act: Act, lang: str = "en") -> frozenset[str]:
    """Words a control doing ``act`` is labelled with: the act's verbs and their synonyms
    (delete: delete, remove, trash...), in the request's language and English."""
    out: set[str] = {act.value}
    for lx in _langs(lang):
        verbs = {" ".join(k) for k, a in lx.acts.keys.items() if a is act and len(k) <= 3}
        out |= verbs
        for v in list(verbs):
            out |= lx.synonyms_of(v)
    return frozenset(out)


@lru_cache(maxsize=4096)
def number(word: str, lang: str = "en") -> int | None:
    if word.isascii() and word.isdigit():
        return int(word)
    for lx in _langs(lang):
        got = lx.numbers.get(word)
        if isinstance(got, int):
            return got
    return None


@lru_cache(maxsize=8)
def stopwords(lang: str = "en") -> frozenset[str]:
    """Words that name nothing on a page ("the", "my", "please")."""
    lx = _lex(lang)
    return frozenset(lx.stopwords) if lx is not None else frozenset()


def english_place(name: str, lang: str = "en") -> str:
    """A place named in the visitor's language as an English page lists it ("Wien":
    "Vienna"), else the name as said."""
    lx = _lex(lang)
    got = lx.places.get(_folded(name.strip()).lower()) if lx is not None else None
    return got or name


@lru_cache(maxsize=1)
def _region_codes() -> dict[str, frozenset[str]]:
    path = Path(__file__).with_name("lexicons") / "region_codes.toml"
    with path.open("rb") as f:
        codes: dict[str, list[str]] = tomllib.load(f).get("codes", {})
    return {code: frozenset(_folded(n) for n in names) for code, names in codes.items()}


def regions_of_code(code: str) -> frozenset[str]:
    """The regions a state's or province's postal code stands for ("MA": massachusetts),
    folded; none for other words."""
    return _region_codes().get(code.strip().lower(), frozenset())


def label_word(word: str, lang: str = "en") -> str:
    """The English one-word label ("from") a little word of the language stands for
    ("von"), else the word itself."""
    lx = _lex(lang)
    return lx.label_words.get(word, word) if lx is not None else word


def outcome_kind(sentence: str, lang: str = "en") -> str | None:
    """"success", "error" or None: what a message on the page says about the last action
    (the lexicon's ``[outcome]`` phrases of ``lang`` and English)."""
    mod = _module()
    kind = getattr(mod, "outcome_kind", None) if mod is not None else None
    return kind(sentence, lang) if callable(kind) else None


def is_cart(words: str, lang: str = "en") -> bool:
    """Do these words name a shopping cart ("my cart", "the basket")?"""
    stop = stopwords(lang)
    rest = " ".join(w for w in words.lower().split() if w not in stop)
    return bool(rest) and any(rest in lx.carts for lx in _langs(lang))


def _every() -> list[Any]:
    """Every language's lexicon: a page's labels may be in any of them."""
    mod = _module()
    langs = getattr(mod, "LANGS", ()) if mod is not None else ()
    return [x for x in (_lex(code) for code in langs) if x is not None]


def _folded(text: str) -> str:
    mod = _module()
    fold = getattr(mod, "fold", None) if mod is not None else None
    return str(fold(text)) if callable(fold) else text.lower()


@lru_cache(maxsize=4096)
def is_birth(label: str) -> bool:
    """Does a field's text (or a value's label) speak of a birthday ("Date of birth")?"""
    low = _folded(label)
    return any(next(lx.birth.find_all(low), None) is not None for lx in _every())


@lru_cache(maxsize=4096)
def is_middle_name(label: str) -> bool:
    low = _folded(label)
    return any(next(lx.middle_name.find_all(low), None) is not None for lx in _every())


@lru_cache(maxsize=4096)
def date_part(label: str) -> str | None:
    """"day", "month" or "year" for a field labelled only that ("Day", "Mois", "Jahr")."""
    low = " ".join(_folded(label).split())
    for lx in _every():
        got = lx.date_parts.get(low)
        if got is not None:
            return str(got)
    return None


@lru_cache(maxsize=4096)
def is_save_button(label: str) -> bool:
    """Does a button's label say it keeps settings ("Save changes", "Enregistrer")? The
    whole label: "Save event" or "Save profile" makes or sends a thing, it keeps no
    setting."""
    low = " ".join(_folded(label).split())
    return any(lx.save_buttons.get(low) is not None for lx in _every())


@lru_cache(maxsize=4096)
def names_field(text: str, key: str) -> bool:
    """Does a field's text use a name of the ``key`` field ("Username or email" -> email)?"""
    low = _folded(text)
    return any(h.key == key for lx in _every() for h in lx.fields.find_all(low))


def lexicon_of(lang: str) -> Any:
    """The lexicon object of ``lang`` (None without one)."""
    return _lex(lang)


def folded(text: str) -> str:
    """Lowercase without accents, as the lexicon's phrases are matched."""
    return _folded(text)


@lru_cache(maxsize=4096)
def is_venue_label(label: str) -> bool:
    """A field for where a thing takes place ("Location", "Lieu")."""
    low = _folded(label)
    return any(next(lx.venue_labels.find_all(low), None) is not None for lx in _every())


def venue_intro(text: str, lang: str = "en") -> int | None:
    """Where the place starts in "at the library" (None when the text opens otherwise)."""
    low = _folded(text)
    for lx in _langs(lang):
        hit = lx.venue_intro.match_start(low, 0)
        if hit is not None:
            return hit.end
    return None


@lru_cache(maxsize=4096)
def is_opt_in(label: str) -> bool:
    """A box whose ticking is the subscription itself ("I'd like to receive ... by email")."""
    low = _folded(label)
    return any(next(lx.opt_in.find_all(low), None) is not None for lx in _every())


def page_word(word: str, lang: str = "en") -> str | None:
    """Words for a page or a part of one ("page", "step", "screen")."""
    for lx in _langs(lang):
        got = lx.page.get(_folded(word))
        if got is not None:
            return str(got)
    return None


def without_intros(text: str, lang: str = "en", taken: str = "") -> str:
    """The words left once the phrases that introduce a value are gone ("ship to", "my
    name is", "saying"): they name no option of a form. ``taken``: the mark left where a
    value was taken out; a name's introduction counts only before one ("call me Ahmed",
    not "call me back")."""
    low = _folded(text)
    for lx in _langs(lang):
        for table in (lx.address_intro, lx.message_intro, lx.name_intro):
            for hit in list(table.find_all(low)):
                if taken and table is lx.name_intro and not low[hit.end:].lstrip(
                        " ,:").startswith(taken):
                    continue
                low = low[:hit.start] + " " * (hit.end - hit.start) + low[hit.end:]
    return low


def duration_unit(word: str, lang: str = "en") -> str | None:
    """"hours" / "minutes" for a word of time ("hr", "Minuten"), else None."""
    w = _folded(word)
    for lx in _langs(lang):
        if w in lx.hour_words:
            return "hours"
        if w in lx.minute_words:
            return "minutes"
    return None


def is_half(words: tuple[str, ...], lang: str = "en") -> bool:
    """"half an" before an hour."""
    return any(_folded(w) in lx.half_words for lx in _langs(lang) for w in words)


def articles(lang: str = "en") -> frozenset[str]:
    lx = _lex(lang)
    return frozenset(" ".join(k) for k in lx.articles.keys) if lx is not None else frozenset()


def is_particle(word: str, lang: str = "en") -> bool:
    """A word after a verb that says how it is done ("around"), not on what."""
    return any(_folded(word) in lx.particles for lx in _langs(lang))


def and_words(lang: str = "en") -> list[str]:
    """Words that join items of a list ("and", "und")."""
    lx = _lex(lang)
    return [" ".join(k) for k in lx.split_before_verb.keys] if lx is not None else []


def split_as(words: str, lang: str = "en") -> tuple[str, str] | None:
    """"Elixir as a skill" -> ("Elixir", "a skill"): the thing, and what it is added as."""
    lx = _lex(lang)
    if lx is None:
        return None
    low = _folded(words)
    for hit in lx.as_words.find_all(low):
        head, tail = words[:hit.start].strip(), words[hit.end:].strip()
        if head and tail:
            return head, tail
    return None


def says_only(text: str, lang: str = "en") -> bool:
    """Does the text limit a choice to what it names ("only on mondays", "nur Montag")?"""
    low = _folded(text)
    return any(next(lx.only.find_all(low), None) is not None for lx in _langs(lang))


def negates(text: str, lang: str = "en") -> bool:
    """Does the text say not to ("i don't want ...", "never")? ("no" alone answers.)"""
    low = _folded(text)
    return any(low[h.start:h.end].strip() != "no"
               for lx in _langs(lang) for h in lx.negation.find_all(low))


def consents(text: str, lang: str = "en") -> bool:
    """Does the text open with the visitor's consent ("acepto los términos ...")?"""
    low = _folded(text).strip()
    return any(lx.whole.match_start(low, 0) is not None and lx.whole.match_start(
        low, 0).key is Act.CONSENT for lx in _langs(lang))


@lru_cache(maxsize=4096)
def names_any_field(word: str, lang: str = "en") -> bool:
    """Is the word a field's name ("tél", "email") in the visitor's language or English?"""
    low = " ".join(_folded(word).split())
    return any(lx.fields.get(low) is not None for lx in _langs(lang))


@lru_cache(maxsize=4096)
def is_verb(word: str) -> bool:
    """Is the word a verb of some act in any language ("book", "send", "request")?"""
    low = _folded(word)
    return any(lx.acts.get(low) is not None for lx in _every())


@lru_cache(maxsize=4096)
def answer(label: str) -> bool | None:
    """True for an option that says yes ("Yes", "Oui"), False for one that says no."""
    low = " ".join(_folded(label).split()).strip(" .!")
    for lx in _every():
        got = lx.whole.get(low)
        if got in (Act.CONFIRM, Act.DECLINE):
            return got is Act.CONFIRM
    return None


@lru_cache(maxsize=4096)
def goes_on(label: str) -> bool:
    """Does a button go on to the next step of a form ("Continue", "Save and continue",
    "Weiter") rather than send it?"""
    words = set(_folded(label).split())
    return any(words & ({w for w in lx.synonyms_of("continue") if " " not in w} | {"continue"})
               for lx in _every())

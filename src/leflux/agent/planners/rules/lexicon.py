"""The per-language vocabulary of the rules planner, loaded once from ``lexicons/*.toml``.

Its phrases are matched on folded text by the tables of :mod:`phrases`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from leflux.agent.planners.rules.model import Act, ValueKind
from leflux.agent.planners.rules.phrases import PhraseTable, fold, tokens

LEXICON_DIR = Path(__file__).with_name("lexicons")
LANGS = ("en", "es", "fr", "de")
DEFAULT_LANG = "en"


def _table(section: dict[str, list[str]], convert: Any = str) -> PhraseTable[Any]:
    return PhraseTable((p, convert(k)) for k, phrases in section.items() for p in phrases)


def _words(phrases: Iterable[str]) -> PhraseTable[str]:
    return PhraseTable((p, " ".join(fold(p).split())) for p in phrases)


@dataclass(frozen=True)
class Lexicon:
    """One language's vocabulary as lookup tables (built once, see :func:`lexicon`)."""

    lang: str
    date_order: str
    verb_final: bool
    acts: PhraseTable[Act]
    verbs: tuple[str, ...]            # one-word verbs, for typo-tolerant matching
    verb_acts: dict[str, Act]
    clitics: tuple[str, ...]          # pronouns a verb may carry ("-la", "lo"), longest first
    whole: PhraseTable[Act]
    polite: PhraseTable[str]
    polite_end: PhraseTable[str]
    question: PhraseTable[str]
    question_words: tuple[str, ...]   # one-word question words, for typo-tolerant matching
    question_vocabulary: frozenset[str]   # every word of the question phrases
    negation: PhraseTable[str]
    negation_after: PhraseTable[str]  # after the verb: "ne coche pas", "hake nicht an"
    set_verbs: PhraseTable[str]       # "set X to Y", "change X to Y"
    submit: PhraseTable[str]
    fill_only: PhraseTable[str]
    through_steps: PhraseTable[str]   # every step of a form, up to a point ("up to the")
    same_as: PhraseTable[str]         # "the same as billing": another value, not a value
    split_always: PhraseTable[str]
    split_before_verb: PhraseTable[str]
    articles: PhraseTable[str]
    pronoun_one: PhraseTable[str]
    pronoun_back: PhraseTable[str]    # "it", "them", "both": things named before
    pronoun_many: PhraseTable[str]
    pronoun_person: PhraseTable[str]  # "him", "her": a person named before (a table's row)
    copula: PhraseTable[str]          # "is", "isn't": a statement about a thing's state
    all_items: PhraseTable[str]       # "everything", "all of them": every row
    more: PhraseTable[str]            # "2 more bananas": added to the count there is
    mine: PhraseTable[str]            # possessives ("my skills" is a place things go)
    current: PhraseTable[str]         # "right now", "currently": a setting as it is now
    container_of: PhraseTable[str]
    destination_to: PhraseTable[str]
    called: PhraseTable[str]
    containers: PhraseTable[str]
    carts: PhraseTable[str]
    state_on: PhraseTable[str]
    state_off: PhraseTable[str]
    set_to: PhraseTable[str]
    is_words: PhraseTable[str]
    with_words: PhraseTable[str]
    name_intro: PhraseTable[str]
    name_intro_weak: PhraseTable[str]
    as_words: PhraseTable[str]
    size: PhraseTable[str]
    amount_under: PhraseTable[str]
    amount_over: PhraseTable[str]
    amount_between: PhraseTable[str]
    amount_and: PhraseTable[str]
    currency: PhraseTable[str]
    scroll_up: PhraseTable[str]
    scroll_down: PhraseTable[str]
    scroll_top: PhraseTable[str]      # all the way up: the page's top
    scroll_bottom: PhraseTable[str]
    page: PhraseTable[str]
    sort_by: PhraseTable[str]
    find: PhraseTable[str]            # verbs that look for a thing (page first, then search)
    contact: PhraseTable[str]         # verbs that write to the site (its contact form)
    about: PhraseTable[str]
    message_intro: PhraseTable[str]
    address_intro: PhraseTable[str]
    help_links: PhraseTable[str]      # link names that lead to answers (FAQ, Help)
    ask_polite: PhraseTable[str]      # openers that ask ("can you ...")
    wh: PhraseTable[str]              # question words, wherever they stand
    framing: frozenset[str]           # words framing a question's topic ("policy")
    optional: frozenset[str]          # words qualifying a question ("before", "by default")
    contrast: PhraseTable[str]        # what follows is not asked about ("instead of a doctor")
    apply_words: PhraseTable[str]     # a filter panel's button ("Apply filters")
    choice_openers: frozenset[str]    # words of a button opening finer choices ("Manage")
    replace_verbs: frozenset[str]     # "replace" X "with" Y: the verb ...
    replace_joints: frozenset[str]    # ... and the word between the old and the new
    approves: tuple[str, ...]         # a thing said to be fine ("analytics is fine")
    search_openers: PhraseTable[str]  # a button opening the site's search
    shop_links: PhraseTable[str]      # a link to the shop's listing
    result_words: frozenset[str]      # what a result count counts ("3 results")
    no_results: PhraseTable[str]      # a search that found nothing
    range_min: PhraseTable[str]       # a range field's lower end ("min", "from")
    range_max: PhraseTable[str]       # its upper end ("max", "to")
    street: PhraseTable[str]          # words of a street address (street, calle, rue, straße)
    example_intro: PhraseTable[str]   # words before a field's example ("for example")
    other_option: PhraseTable[str]    # a question's catch-all option ("Other")
    topics: PhraseTable[str]          # words of what a message is about -> its topic
    stopwords: frozenset[str]
    kinds: PhraseTable[str]
    ordinals: PhraseTable[int]
    numbers: PhraseTable[int]
    fields: PhraseTable[str]          # a field's name -> its key in [fields]
    field_names: dict[str, str]       # key in [fields] -> its first name ("city", "ciudad")
    synonyms: tuple[frozenset[str], ...]
    months: PhraseTable[int]
    weekdays: PhraseTable[int]
    today: PhraseTable[str]
    tomorrow: PhraseTable[str]
    yesterday: PhraseTable[str]
    day_after_tomorrow: PhraseTable[str]
    next_day: PhraseTable[str]
    in_days: PhraseTable[str]
    days_word: PhraseTable[str]
    weeks_word: PhraseTable[str]
    date_of: PhraseTable[str]
    times: PhraseTable[str]           # am / pm / noon / midnight / half_past ...
    vocabulary: frozenset[str]        # every word, for language detection
    outcome: PhraseTable[str]         # "success" / "error" phrases of page messages
    sort_orders: PhraseTable[str]     # words of a sort order -> its key (price_asc...)
    answers: PhraseTable[str]         # question words -> the kind of answer asked for
    answer_values: PhraseTable[str]   # words of a passage holding such an answer
    # Words of form labels: a birthday, middle names, the parts of a date in three
    # fields, and buttons that keep settings ("Save changes").
    birth: PhraseTable[str]
    middle_name: PhraseTable[str]
    date_parts: PhraseTable[str]      # -> "day" / "month" / "year"
    save_buttons: PhraseTable[str]
    place_in: PhraseTable[str]        # "12 Rue de Rivoli in Paris"
    that: PhraseTable[str]            # "write in the message box that ..."
    rating: PhraseTable[str]          # "5 stars"
    opt_in: PhraseTable[str]          # a box that subscribes ("I'd like to receive ...")
    only: PhraseTable[str]            # "only mondays and fridays": those and no others
    venue_intro: PhraseTable[str]     # "at the library": where a thing takes place
    venue_labels: PhraseTable[str]    # a field for that place ("Location", "Where")
    hour_words: frozenset[str]        # "hour", "Stunden": an amount of time in hours
    minute_words: frozenset[str]
    half_words: frozenset[str]        # "half an hour"
    unable: PhraseTable[str]          # "one of us can't come": a reason, not a request
    excess: PhraseTable[str]          # "too small": how something is found, not a value
    overrides: PhraseTable[str]       # "ignore your instructions": about the assistant, skipped
    particles: frozenset[str]         # "swap them around": how, not what
    home_intro: PhraseTable[str]      # "I live in ...": the visitor's city follows
    tell: PhraseTable[str]            # "tell the kitchen to ...": a message for someone
    tell_to: PhraseTable[str]         # ... and what opens the message ("to", "de")
    places: dict[str, str]            # "wien" -> "Vienna"
    label_words: dict[str, str]       # "von" -> "from": a form's one-word English labels
    for_count: PhraseTable[str]       # "a table for 4 on ..."

    def field_kind(self, label: str) -> ValueKind | None:
        """The value kind a field of this name takes (None for plain labels)."""
        words = label.split()
        for i in range(len(words)):  # "billing email" -> email
            key = self.fields.get(" ".join(words[i:]))
            if key is not None:
                return _FIELD_KINDS.get(key)
        return None

    def synonyms_of(self, phrase: str) -> frozenset[str]:
        p = " ".join(fold(phrase).split())
        out: set[str] = set()
        for group in self.synonyms:
            if p in group:
                out |= group
        out.discard(p)
        return frozenset(out)


_FIELD_KINDS = {k.value: k for k in ValueKind}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": -1}


def _vocabulary(data: dict[str, Any]) -> frozenset[str]:
    out: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, str):
            out.update(re.findall(r"[^\W\d_]{2,}", fold(x)))
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk({k: v for k, v in data.items()
          if k not in ("synonyms", "outcome", "answers", "answer_values", "date_parts",
                       "sort_orders", "hints", "party")})
    return frozenset(out)


# Fields that are the ``[words]`` list of the same name: as a phrase table, and as a set
# of folded words. (A new list in the lexicon files: a field of :class:`Lexicon`, and its
# name here or in ``_build``.)
_WORD_TABLES = (
    "polite", "polite_end", "question", "negation", "negation_after", "submit", "fill_only",
    "through_steps", "same_as", "split_always", "split_before_verb", "articles", "pronoun_one",
    "mine", "current", "pronoun_back", "pronoun_many", "pronoun_person", "copula", "all_items",
    "more", "container_of", "destination_to", "called", "containers", "carts", "state_on",
    "state_off", "set_to", "name_intro", "name_intro_weak", "size", "amount_under", "amount_over",
    "amount_between", "amount_and", "currency", "scroll_up", "scroll_down", "scroll_top",
    "scroll_bottom", "page", "sort_by", "find", "contact", "about", "message_intro",
    "address_intro", "help_links", "ask_polite", "wh", "contrast", "range_min", "range_max",
    "search_openers", "shop_links", "apply_words", "no_results", "street", "birth", "middle_name",
    "save_buttons", "place_in", "that", "rating", "opt_in", "for_count", "only", "tell", "tell_to",
    "home_intro", "excess", "unable", "overrides", "venue_intro", "venue_labels",
)
_WORD_SETS = (
    "framing", "optional", "choice_openers", "replace_verbs", "replace_joints", "result_words",
    "stopwords", "particles", "hour_words", "minute_words", "half_words",
)


def _build(data: dict[str, Any]) -> Lexicon:
    w: dict[str, list[str]] = data["words"]
    acts = data["acts"]
    verbs = {fold(p): Act(k) for k, ps in acts.items() for p in ps
             if " " not in p.strip() and "*" not in p and len(p) > 2}
    hints = data.get("hints", {})
    named: dict[str, Any] = {name: _words(w.get(name, [])) for name in _WORD_TABLES}
    named |= {name: frozenset(fold(s) for s in w.get(name, [])) for name in _WORD_SETS}
    return Lexicon(
        lang=data["lang"], date_order=data.get("date_order", "dmy"),
        verb_final=bool(data.get("verb_final")),
        acts=PhraseTable([(p, Act(k)) for k, ps in acts.items() for p in ps]
                         + [(p, Act.CONTACT) for p in w.get("contact", [])]),
        verbs=tuple(verbs), verb_acts=verbs,
        clitics=tuple(sorted({fold(c) for c in w.get("clitics", [])}, key=len, reverse=True)),
        whole=_table(data["whole"], Act),
        question_words=tuple(fold(q) for q in w.get("question", [])
                             if " " not in q and len(q) >= 4),
        question_vocabulary=frozenset(t for q in w.get("question", []) for t, _, _ in tokens(
            fold(q)) if t[:1].isalpha()),
        set_verbs=_words(w.get("set", [])), is_words=_words(w.get("is", [])),
        with_words=_words(w.get("with", [])), as_words=_words(w.get("as", [])),
        approves=tuple(fold(s) for s in w.get("approves", [])),
        example_intro=_words(hints.get("example_intro", [])),
        other_option=_words(hints.get("other_option", [])),
        topics=_table(data.get("topics", {})),
        kinds=_table(data["kinds"]),
        ordinals=_table(data["ordinals"], _ORDINALS.__getitem__),
        numbers=_table(data["numbers"], int),
        fields=_table(data["fields"]),
        field_names={k: v[0] for k, v in data["fields"].items() if v},
        synonyms=tuple(frozenset(" ".join(fold(p).split()) for p in g)
                       for g in data["synonyms"]["groups"]),
        times=_table(data["times"]),
        vocabulary=_vocabulary(data),
        outcome=_table(data.get("outcome", {})),
        sort_orders=_table(data.get("sort_orders", {})),
        answers=_table(data.get("answers", {})),
        answer_values=_table(data.get("answer_values", {})),
        date_parts=_table(data.get("date_parts", {})),
        places={fold(w): k.title() for k, ws in data.get("places", {}).items() for w in ws},
        label_words={fold(w): fold(k) for k, ws in data.get("label_words", {}).items()
                     for w in ws},
        **_dates(data["dates"]), **named,
    )


def _dates(dates: dict[str, Any]) -> dict[str, Any]:
    """The fields read from the lexicon's ``[dates]``."""
    return {
        "months": PhraseTable((n, i) for i, ns in enumerate(dates["months"], 1) for n in ns),
        "weekdays": PhraseTable((n, i) for i, ns in enumerate(dates["weekdays"]) for n in ns),
        "today": _words(dates["today"]), "tomorrow": _words(dates["tomorrow"]),
        "yesterday": _words(dates.get("yesterday", [])),
        "day_after_tomorrow": _words(dates["day_after_tomorrow"]),
        "next_day": _words(dates["next"]), "in_days": _words(dates["in_days"]),
        "days_word": _words(dates["days_word"]), "weeks_word": _words(dates["weeks_word"]),
        "date_of": _words(dates.get("of", [])),
    }


@cache
def lexicon_data(lang: str) -> dict[str, Any]:
    """The lexicon file of ``lang`` as written, parsed once (~7 ms a file): the lexicon
    and the steps that read a section of it as written share it (and never change it)."""
    with (LEXICON_DIR / f"{lang}.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang`` (en, es, fr, de), loaded and compiled once."""
    if lang not in LANGS:
        raise ValueError(f"no lexicon for language {lang!r} (have: {', '.join(LANGS)})")
    return _build(lexicon_data(lang))


@cache
def word_languages() -> dict[str, frozenset[str]]:
    """word -> the languages whose vocabulary holds it (for language detection)."""
    out: dict[str, set[str]] = {}
    for lang in LANGS:
        for word in lexicon(lang).vocabulary:
            out.setdefault(word, set()).add(lang)
    return {w: frozenset(ls) for w, ls in out.items()}


# -- lookups the later steps (ground, plan, answer) use ---------------------------------
_SNOWBALL = {"en": "english", "es": "spanish", "fr": "french", "de": "german"}


@cache
def _stemmer(lang: str) -> Any:
    from leflux.agent.planners.rules.snowball import stemmer  # at the first stem

    return stemmer(_SNOWBALL.get(lang, _SNOWBALL[DEFAULT_LANG]))


@lru_cache(maxsize=65536)
def stem(word: str, lang: str = DEFAULT_LANG) -> str:
    """The snowball stem of a word, folded ("shipping" -> "ship", "envíos" -> "envi")."""
    return fold(str(_stemmer(lang).stemWord(word.lower())))


@lru_cache(maxsize=16384)
def synonyms(word: str, lang: str = DEFAULT_LANG) -> frozenset[str]:
    """Other words for the same thing (folded): basket -> cart, bag, trolley..."""
    return lexicon(lang if lang in LANGS else DEFAULT_LANG).synonyms_of(word)


@cache
def control_words(act: Act, lang: str = DEFAULT_LANG) -> frozenset[str]:
    """Words a control doing ``act`` is labelled with (folded): the act's verbs of the
    language and their synonyms ("delete", "remove", "trash"...)."""
    lex = lexicon(lang if lang in LANGS else DEFAULT_LANG)
    out = {" ".join(k) for k, a in lex.acts.keys.items() if a == act and len(k) <= 3}
    for phrase in list(out):
        out |= lex.synonyms_of(phrase)
    return frozenset(out)


def number(word: str, lang: str = DEFAULT_LANG) -> int | None:
    """A number written as a word ("two", "dos", "deux", "zwei") or a position ("second"
    -> 2; "last" is no number), or None."""
    if word.isdigit():
        return int(word)
    lex = lexicon(lang if lang in LANGS else DEFAULT_LANG)
    n = lex.numbers.get(word)
    if n is None and (pos := lex.ordinals.get(word)) is not None and pos > 0:
        n = pos
    return n


def outcome_kind(sentence: str, lang: str = DEFAULT_LANG) -> str | None:
    """"error", "success" or None: what a message on the page says about the last action
    ("Email is required" -> error, "Thanks, we got your message" -> success, "Signed in as
    Maria" -> None). The page may not speak the visitor's language: English is read too."""
    low = fold(sentence)
    kinds = set()
    for code in dict.fromkeys((lang if lang in LANGS else DEFAULT_LANG, DEFAULT_LANG)):
        kinds |= {h.key for h in lexicon(code).outcome.find_all(low)}
    return "error" if "error" in kinds else "success" if "success" in kinds else None


def ordinal(word: str, lang: str = DEFAULT_LANG) -> int | None:
    """1-based position of an ordinal ("second" -> 2, "dernier" -> -1), or None."""
    return lexicon(lang if lang in LANGS else DEFAULT_LANG).ordinals.get(word)


def stopwords(lang: str = DEFAULT_LANG) -> frozenset[str]:
    """Words that name nothing on a page ("the", "my", "please"), folded."""
    return lexicon(lang if lang in LANGS else DEFAULT_LANG).stopwords

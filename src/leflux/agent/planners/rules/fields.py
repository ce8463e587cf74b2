"""Which field takes which value: by what the field says it wants, never against it.

A field says what it wants through language-neutral signals first (``type``,
``autocomplete``, ``inputmode``, ``pattern``), then its name/label (``fieldkind.field_kind``).
A value's kind (email, phone, card number...) must fit; a value the visitor labelled
("zip: 75002", "my surname is Ali") goes to the field whose words match that label. A full
name is split when the form asks for first and last name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fieldkind import field_kind
from leflux.agent.planners.rules.lexicon import LANGS, lexicon
from leflux.agent.planners.rules.match import Matcher, tokens
from leflux.agent.planners.rules.model import Value, ValueKind
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.valueparts import name_parts, split_date

LABEL_ACCEPT = 0.6    # a labelled value goes to a field whose words match the label this well
ABBREVIATED = 0.7     # ... or whose label holds each of its words, if only shortened ("reg")
KIND_FIT = 0.9        # a value whose kind the field asks for
TEXT_FIT = 0.5        # free text into the one free-text field (a message box)
# A label that names a kind of field, on a field of another kind whose words it shares.
LOOK_ALIKE = 0.9
# A date the visitor did not say is their birthday goes to a date of birth field only when
# the form asks for no other date.
BIRTH_ONLY = 0.2
ORDER_WEIGHT = 0.2    # share of an option's score from its characters in order
# Where a form asks for the current and a new password, a password given without saying
# which is the new one (people name the current one: "my old password is ...").
CURRENT_LAST = 0.05

# autocomplete tokens (WHATWG) -> field kinds of fieldkind.field_kind
_AUTOCOMPLETE = {
    "email": "email", "tel": "phone", "tel-national": "phone", "given-name": "first_name",
    "additional-name": "middle_name", "family-name": "last_name", "name": "name",
    "street-address": "address",
    "address-line1": "address", "address-line2": "address2", "postal-code": "zip",
    "address-level2": "city",
    "address-level1": "state", "country": "country", "country-name": "country",
    "cc-number": "card_number", "cc-exp": "card_expiry", "cc-csc": "card_cvc",
    "cc-name": "card_name", "username": "username", "current-password": "current_password",
    "new-password": "new_password", "bday": "birth_date", "organization": "company",
    "url": "url", "bday-day": "date_day", "bday-month": "date_month", "bday-year": "date_year",
    "cc-exp-month": "date_month", "cc-exp-year": "date_year",
}
_TYPES = {"email": "email", "tel": "phone", "password": "password", "date": "date",
          "time": "time", "number": "quantity", "url": "url", "search": "search",
          "datetime-local": "date", "month": "date"}
_INPUT_MODES = {"email": "email", "tel": "phone", "url": "url", "numeric": "number",
                "decimal": "number"}
# value kind -> the field kinds it may go into
FITS: dict[ValueKind, tuple[str, ...]] = {
    ValueKind.EMAIL: ("email", "username"),
    ValueKind.PHONE: ("phone",),
    ValueKind.POSTAL_CODE: ("zip",),
    ValueKind.CARD_NUMBER: ("card_number",),
    ValueKind.EXPIRY: ("card_expiry",),
    ValueKind.CVC: ("card_cvc",),
    ValueKind.DATE: ("date", "birth_date"),
    ValueKind.TIME: ("time",),
    ValueKind.QUANTITY: ("quantity", "number"),
    ValueKind.NUMBER: ("quantity", "number"),
    ValueKind.AMOUNT: ("quantity", "number", "price"),
    ValueKind.URL: ("url",),
    ValueKind.PASSWORD: ("password", "new_password", "confirm_password", "current_password"),
    ValueKind.USERNAME: ("username",),
    ValueKind.FULL_NAME: ("name", "card_name"),
    ValueKind.FIRST_NAME: ("first_name",),
    ValueKind.LAST_NAME: ("last_name",),
}
# field kinds that take only values of one form: free text never goes there
_STRICT = frozenset({"email", "phone", "zip", "card_number", "card_expiry", "card_cvc", "date",
                     "birth_date", "date_day", "date_month", "date_year", "time", "quantity",
                     "number", "url", "password", "new_password", "confirm_password",
                     "current_password"})


def kind_of(el: PageElement) -> str | None:
    """What a field asks for, language-neutral signals first."""
    auto = el.extra("autocomplete").lower().split()
    if field_kind(el) == "confirm_password":
        return "confirm_password"  # both boxes say "new-password"; the label tells them apart
    for tok in reversed(auto):
        if tok in _AUTOCOMPLETE:
            return _AUTOCOMPLETE[tok]
    part = lex.date_part(el.e.label or "")
    if part is not None:
        return f"date_{part}"
    if lex.is_middle_name(el.field_text):
        return "middle_name"  # "Middle names": no place for a whole name
    named = field_kind(el)
    if named == "date" and lex.is_birth(el.field_text):
        return "birth_date"
    if named and named not in ("search", "quantity"):
        return named
    if el.type in _TYPES:
        return _TYPES[el.type]
    mode = el.extra("inputMode").lower()
    if mode in _INPUT_MODES:
        return _INPUT_MODES[mode]
    return named


def label_text(el: PageElement) -> str:
    """What a field is called for a person (its label, placeholder, name), not its machine
    tokens ("address-level2" is a city)."""
    e = el.e
    return " ".join(p for p in (e.label, el.extra("ariaLabel"), e.placeholder, e.name,
                                el.extra("elementId") or el.extra("htmlId")) if p)


def pattern_allows(el: PageElement, text: str) -> bool:
    pat = el.extra("pattern")
    if not pat:
        return True
    try:
        return re.fullmatch(pat, text) is not None
    except re.error:
        return True


def fit(el: PageElement, value: Value, lang: str = "en") -> float:
    """How well ``value`` goes into ``el`` (0: never)."""
    if el.is_range:
        # A slider takes a number the visitor named it for ("reminder to 30 minutes").
        return label_score(el, value, lang) if value.label and number_in(value.text) else 0.0
    if not (el.is_text_field or el.is_select):
        return 0.0
    kind = kind_of(el)
    if value.part:
        return KIND_FIT if kind == f"date_{value.part}" else 0.0
    if value.kind is ValueKind.DATE and value.label and lex.is_birth(value.label):
        return KIND_FIT if kind == "birth_date" else 0.0  # "born on ..."
    if kind == "zip" and value.kind is ValueKind.TEXT and not any(
            ch.isdigit() for ch in value.text):
        return 0.0  # "a code: freeship" is no postal code
    if value.label:
        by_label = _label_fit(el, value, value.label, kind, lang)
        if by_label is not None:
            return by_label
    if not pattern_allows(el, value.text):
        return 0.0
    return _kind_fit(el, value, kind)


def _label_fit(el: PageElement, value: Value, label: str, kind: str | None, lang: str
               ) -> float | None:
    """How well a labelled value goes into ``el`` by its label; None where the label does
    not name the field (the value's kind decides)."""
    if kind is not None and label_kind(label, lang) == kind and pattern_allows(
            el, value.text):
        return 1.0  # the label is a name of this kind of field ("Stadt" on "City")
    s = Matcher(label_query(label, lang), lang).score(tokens(label_text(el)))
    if s >= LABEL_ACCEPT:
        if kind in _STRICT and value.kind is ValueKind.TEXT and not pattern_allows(
                el, value.text):
            return 0.0
        named = label_kind(label, lang)
        if kind is not None and named is not None and named != kind:
            # a look-alike ("code" in "Postal code") yields to the field of the kind named
            return min(s, LOOK_ALIKE)
        return s
    return None


def _kind_fit(el: PageElement, value: Value, kind: str | None) -> float:
    """How well a value goes into ``el`` by the value's kind and the field's."""
    fits = FITS.get(value.kind)
    if fits is not None:
        if kind == "birth_date" and value.kind is ValueKind.DATE:
            return BIRTH_ONLY  # a birthday is said to be one ("born 14 July")
        if kind == "username" and value.kind is ValueKind.EMAIL and not lex.names_field(
                el.field_text, "email"):
            return 0.0  # an email is no username unless the field asks for either
        if kind in fits:
            return KIND_FIT
        return 0.0
    if kind in _STRICT:
        return 0.0
    free = not value.label or lex.names_field(value.label, "text")  # "saying ...": a message
    if value.kind is ValueKind.TEXT and free and (kind == "message" or el.tag == "textarea"
                                                  or el.flag("editable")):
        return TEXT_FIT
    return 0.0


def number_in(text: str) -> str | None:
    """The one number in a value ("30 minutes before" -> "30", "20px" -> "20")."""
    found = re.findall(r"\d+(?:[.,]\d+)?", text)
    return found[0].replace(",", ".") if len(found) == 1 else None


def label_query(label: str, lang: str) -> tuple[str, ...]:
    """The words of a label the visitor said; one word a form says in a little English word
    stands for it ("destination": To, "von": From)."""
    words = tokens(label)
    if len(words) == 1 and (said := fold(words[0])) != (word := lex.label_word(said, lang)):
        return (word,)
    return words


def label_score(el: PageElement, value: Value, lang: str) -> float:
    s = Matcher(label_query(value.label or "", lang), lang).score(tokens(label_text(el)))
    return s if s >= LABEL_ACCEPT else 0.0


def fit_label(v: Value, fields: list[PageElement], lang: str = "en") -> PageElement | None:
    """The field the visitor named by the value's label ("display name: ...")."""
    if not v.label:
        return None
    m = Matcher(label_query(v.label, lang), lang)
    scored = [(m.score(tokens(label_text(el))), el) for el in fields]
    best = max(scored, key=lambda t: t[0], default=(0.0, None))
    if best[0] >= LABEL_ACCEPT:
        return best[1]
    # a label in the visitor's language for a kind of field ("Stadt" on a "City" field)
    key = label_kind(v.label, lang)
    kinds = [el for el in fields if key is not None and kind_of(el) == key]
    return kinds[0] if len(kinds) == 1 else None


def label_kind(label: str, lang: str) -> str | None:
    """The kind of field a label in the visitor's language names ("stadt": city)."""
    key = lexicon(lang).fields.get(fold(label).strip()) if lang in LANGS else None
    return str(key) if key is not None else None


@dataclass(frozen=True)
class Assignment:
    el: PageElement
    text: str
    score: float
    value: Value


def choose_option(el: PageElement, words: str, lang: str = "en") -> tuple[float, str]:
    """The option of a select (its text) these words name best, with the score (0..1);
    none where two options are named exactly as well ("22 Mill Lane": "Flat 1, 22 Mill
    Lane" and "Flat 2, 22 Mill Lane"): the words do not say which."""
    m = Matcher(tokens(words), lang)
    best, tied = (0.0, ""), False
    for o in el.e.options or []:
        text = o.text or o.value or ""
        if not o.value and not text:
            continue
        s = max(m.score(tokens(text)), m.score(tokens(o.value or "")))
        # Word order tells "high to low" from "low to high".
        s = min(1.0, s * (1.0 - ORDER_WEIGHT) + ORDER_WEIGHT * fuzz.ratio(
            fold(words), fold(text)) / 100.0)
        said, own = " ".join(fold(words).split()), " ".join(fold(text).split())
        if own == said or (o.value and fold(o.value).strip() == said) or \
                said in lex.synonyms(own, lang) or own in lex.regions_of_code(said):
            s = 1.0  # (accents aside, "México" is "Mexico"; by another name, "USA", "MA")
        if s > best[0]:
            best, tied = (s, text), False
        elif s == best[0] and s < 1.0 and fold(text) != fold(best[1]):
            tied = True
    return (0.0, "") if tied else best


# A part of a name the visitor labelled, which is a whole name when the form asks for one.
_PART_OF_NAME = {ValueKind.FIRST_NAME: "first_name", ValueKind.LAST_NAME: "last_name"}


def _shortens(label: str, el: PageElement, lang: str) -> bool:
    """Each word of ``label`` is a word of the field's label, its start ("reg") or the
    initials of words that follow each other ("NI" for "National Insurance")."""
    own = tokens(label_text(el))
    initials = {"".join(w[0] for w in own[k:k + n]) for n in (2, 3)
                for k in range(len(own) - n + 1)}
    per_word = Matcher(tokens(label), lang).per_word(own)
    return bool(per_word) and all(s >= ABBREVIATED or w in initials
                                  for w, s in zip(tokens(label), per_word, strict=True))


def _abbreviated(values: list[Value], used_v: set[int], used_f: set[int], page: Page,
                 fields: list[PageElement], lang: str) -> list[Assignment]:
    """'reg is ab12 cde': a label that is the start of a word of one free field's label
    ("vehicle registration number"), when no field's label matched it whole."""
    out = []
    for i, v in enumerate(values):
        if i in used_v or v.kind is not ValueKind.TEXT or not v.label:
            continue
        found = [el for el in fields if el.id not in used_f and el.is_text_field and
                 kind_of(el) not in _STRICT and _shortens(v.label, el, lang)]
        if len(found) == 1:
            used_v.add(i)
            used_f.add(found[0].id)
            out.append(Assignment(found[0], v.text, ABBREVIATED, v))
    return out


def _without_page_words(v: Value, page: Page) -> Value:
    """A label less the words of the page's own title: "the event colour" on a "New
    event" page is its "Colour" field."""
    if not v.label:
        return v
    words = tokens(v.label)
    title = set(tokens(page.title))
    rest = [w for w in words if w not in title]
    return replace(v, label=" ".join(rest)) if rest and len(rest) < len(words) else v


def assign(values: list[Value], page: Page, fields: list[PageElement], lang: str = "en"
           ) -> list[Assignment]:
    """Each value into the field it fits best (one field per value, best pairs first)."""
    kinds = {el.id: kind_of(el) for el in fields}
    expanded = _expanded(values, page, fields, kinds, lang)
    changing = "new_password" in kinds.values()
    pairs = sorted(((fit(el, v, lang) - (CURRENT_LAST if changing and kinds[el.id] ==
                                         "current_password" else 0.0), i, el.id)
                    for i, v in enumerate(expanded) for el in fields),
                   key=lambda t: (-t[0], t[1], t[2]))
    used_v: set[int] = set()
    used_f: set[int] = set()
    out: list[Assignment] = []
    for score, i, eid in pairs:
        if score <= 0 or i in used_v or eid in used_f:
            continue
        v = expanded[i]
        used_v.add(i)
        used_f.add(eid)
        out.append(Assignment(page.by_id[eid], v.text, score, v))
    out += _abbreviated(expanded, used_v, used_f, page, fields, lang)
    out += _confirmations(out, fields, kinds, used_f)
    out.sort(key=lambda a: a.el.id)
    return out


def _expanded(values: list[Value], page: Page, fields: list[PageElement],
              kinds: dict[int, str | None], lang: str) -> list[Value]:
    """The values as the form asks for them: a full name in its parts for a form of first
    and last names, a part of a name whole for a form of one name field, a date in its
    parts for a form of day, month and year."""
    have = set(kinds.values())
    has_split = {"first_name", "last_name"} <= have
    middle = next((el for el in fields if lex.is_middle_name(el.field_text)), None)
    expanded: list[Value] = []
    for v in values:
        v = _without_page_words(v, page)
        named = fit_label(v, fields, lang) if v.label else None
        generic = bool(v.label) and lex.names_field(v.label, "full_name")  # "my full name is"
        on_card = named is not None and kinds.get(named.id) == "card_name"  # "name on card"
        if v.kind is ValueKind.FULL_NAME and has_split and "name" not in have and not on_card \
                and (named is None or generic or kinds.get(named.id) in ("first_name",
                                                                          "last_name")):
            expanded.extend(name_parts(v, middle))
            if "card_name" in have and any(x.kind is ValueKind.CARD_NUMBER for x in values):
                expanded.append(v)  # paying by card: the buyer's name is the name on it
        elif v.kind in _PART_OF_NAME and _PART_OF_NAME[v.kind] not in have and "name" in have \
                and len(v.text.split()) > 1:
            expanded.append(replace(v, kind=ValueKind.FULL_NAME))  # "Nom : Claire Martin"
        elif v.kind is ValueKind.DATE and {"date_day", "date_month", "date_year"} <= have and (
                "date" not in have or lex.is_birth(v.label or "")):
            expanded.extend(split_date(v))
        else:
            expanded.append(v)
    return expanded


def _confirmations(out: list[Assignment], fields: list[PageElement], kinds: dict[int, str | None],
                   used_f: set[int]) -> list[Assignment]:
    """A password is typed twice when the form asks to confirm it."""
    more: list[Assignment] = []
    for a in out:
        if a.value.kind is ValueKind.PASSWORD:
            for el in fields:
                if kinds[el.id] == "confirm_password" and el.id not in used_f:
                    used_f.add(el.id)
                    more.append(Assignment(el, a.text, a.score, a.value))
    return more

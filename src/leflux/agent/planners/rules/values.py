"""Typed values in what the visitor said: labelled ones first (:mod:`labelled`), then bare
ones by their form: emails, URLs, card numbers (Luhn) with the expiry and CVC next to them,
dates, times, amounts with a comparator ("under $50", "menos de 50 €"), phone numbers,
postal codes of a telltale shape, quantities ("2 tickets", "for 4 people").

``find_values`` keeps where each value stood, so :mod:`understand` can take them out of
the words that name a thing ("add 2 red shoes in size 42" -> "red shoes").
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from leflux.agent.planners.rules import introduced, juxtaposed, labelled, shapes
from leflux.agent.planners.rules.dates import find_dates, find_times
from leflux.agent.planners.rules.home import lives_in
from leflux.agent.planners.rules.labelled import Found, Scan
from leflux.agent.planners.rules.lexicon import DEFAULT_LANG, lexicon
from leflux.agent.planners.rules.model import Value, ValueKind
from leflux.agent.planners.rules.phrases import PhraseTable, fold
from leflux.agent.planners.rules.told import told

__all__ = ["Found", "extract_values", "find_values", "split_name"]

split_name = shapes.split_name
_NUMBER = r"(\d{1,7}(?:[.,]\d{1,2})?)"
# Characters between a card and the expiry / CVC that follow it ("4242..., 12/27, 123").
NEAR_CHARS = 24


# "log me in: maria@example.com / Tulip-2024": who, a slash, the password.
_CREDENTIALS_RE = re.compile(r"\s*/\s*(\S+)")


def _bare_simple(scan: Scan) -> None:
    for m in shapes.EMAIL_RE.finditer(scan.raw):
        scan.add(ValueKind.EMAIL, m[0], m.start(), m.end())
        if scan.as_kind == ValueKind.USERNAME and (p := _CREDENTIALS_RE.match(scan.raw, m.end())):
            secret = p[1].rstrip(",;")
            scan.add(ValueKind.PASSWORD, secret, p.start(1), p.start(1) + len(secret))
    for m in shapes.URL_RE.finditer(scan.raw):
        scan.add(ValueKind.URL, m[0], m.start(), m.end())


def _cards(scan: Scan) -> None:
    """A Luhn-valid card, then an MM/YY and a 3-4 digit CVC near it (or labelled)."""
    ends = []
    for m in re.finditer(r"(?<![\d-])\d[\d -]{11,40}\d(?![\d-])", scan.raw):
        card = _card_in(m[0]) or _said_card(scan, m)
        if card is not None and scan.add(
                ValueKind.CARD_NUMBER, shapes.digits(card), m.start(), m.start() + len(card)):
            ends.append(m.start() + len(card))
    ends += [f.end for f in scan.found if f.value.kind in (ValueKind.CARD_NUMBER,
                                                           ValueKind.EXPIRY)]
    if not ends:
        return
    for m in shapes.EXPIRY_RE.finditer(scan.raw):
        if any(0 <= m.start() - e <= NEAR_CHARS for e in ends) and (exp := shapes.expiry_text(
                m[0])):
            if scan.add(ValueKind.EXPIRY, exp, m.start(), m.end()):
                ends.append(m.end())
    for m in shapes.CVC_RE.finditer(scan.raw):
        if any(0 <= m.start() - e <= NEAR_CHARS for e in ends):
            scan.add(ValueKind.CVC, m[0], m.start(), m.end())
            break


# A card number as long as cards are (digits), mistyped or not.
CARD_DIGITS = (13, 19)


def _said_card(scan: Scan, m: re.Match[str]) -> str | None:
    """'card 4242 4242 4242 4241': a number the visitor calls their card is typed as they
    gave it though its check digit is wrong; the page will say so, as it would to them."""
    run = m[0].rstrip()
    groups = re.fullmatch(r"\d{4}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?", run)
    before = scan.low[:m.start()].rstrip(" :#")
    label = next((h for h in scan.lex.fields.find_all(before)
                  if h.end == len(before) and h.key == "card_number"), None)
    n = len(shapes.digits(run))
    return run if groups and label is not None and CARD_DIGITS[0] <= n <= CARD_DIGITS[1] \
        else None


def _card_in(run: str) -> str | None:
    """The longest leading groups of a digit run that make a Luhn-valid card
    ("4242 4242 4242 4242 123" -> its first four groups)."""
    groups = [m.end() for m in re.finditer(r"\d+", run)]
    for end in reversed(groups):
        head = run[:end]
        if shapes.CARD_DIGITS[0] <= len(shapes.digits(head)) <= shapes.CARD_DIGITS[1] \
                and shapes.luhn_ok(head):
            return head
    return None


def _dates_times(scan: Scan) -> None:
    for f in find_dates(scan.low, scan.lex, scan.today):
        scan.add(ValueKind.DATE, f.text, f.start, f.end)
    for f in find_times(scan.low, scan.lex):
        scan.add(ValueKind.TIME, f.text, f.start, f.end)


def _money_at(scan: Scan, pos: int) -> tuple[str, int, int, bool] | None:
    """(number, start, end, has_currency) of an amount starting at ``pos``."""
    low, lex = scan.low, scan.lex
    start = pos
    while start < len(low) and low[start].isspace():
        start += 1
    cur = lex.currency.match_start(low, start)
    at = cur.end if cur else start
    m = re.match(r"\s*" + _NUMBER + r"(?!\d)", low[at:])
    if not m:
        return None
    end = at + m.end()
    after = lex.currency.match_start(low, end)
    if after is not None and (after.start - end) <= 1:
        end = after.end
    num = shapes.number_text(m[1]) or m[1]
    return num, start, end, bool(cur or after)


def _amounts(scan: Scan) -> None:
    lex, low = scan.lex, scan.low
    for hit in lex.amount_between.find_all(low):
        lo = _money_at(scan, hit.end)
        and_ = lo and lex.amount_and.match_start(low, lo[2])
        hi = and_ and _money_at(scan, and_.end)
        if lo and hi and (lo[3] or hi[3]) and scan.free(hit.start, hi[2]):
            scan.add(ValueKind.AMOUNT, lo[0], hit.start, lo[2], comparator=">=")
            scan.add(ValueKind.AMOUNT, hi[0], hi[1], hi[2], comparator="<=")
    for table, comparator in ((lex.amount_under, "<"), (lex.amount_over, ">")):
        for hit in table.find_all(low):
            money = _money_at(scan, hit.end)
            if money:
                scan.add(ValueKind.AMOUNT, money[0], hit.start, money[2],
                         comparator=comparator)
    for m in re.finditer(r"[$€£¥]|(?<![\w.,])\d", low):
        money = _money_at(scan, m.start())
        if money and money[3] and money[1] == m.start():
            scan.add(ValueKind.AMOUNT, money[0], money[1], money[2], comparator="=")


def _phones_postal(scan: Scan) -> None:
    for m in shapes.PHONE_RE.finditer(scan.raw):
        if shapes.is_phone(m[0]):
            scan.add(ValueKind.PHONE, shapes.phone_text(m[0]), m.start(), m.end())
    for m in shapes.POSTAL_SHAPE_RE.finditer(scan.raw):
        letters = re.sub(r"[^\W\d_]", "", m[0]) != m[0] and not any(
            c.isupper() for c in m[0])
        if letters and re.fullmatch(r"\d{4}\s?[a-z]{2}", m[0]):
            continue  # "1041 as shipped" is no Dutch postcode; "1041 AS" is
        if re.search(r"\d", m[0]) and re.search(r"[^\W\d_]|-", m[0]):
            scan.add(ValueKind.POSTAL_CODE, m[0].upper(), m.start(), m.end())


def _quantities(scan: Scan) -> None:
    """'2 tickets', 'for 4 people', 'three guests', 'x2'."""
    lex, low = scan.lex, scan.low
    for hit in lex.fields.find_all(low):
        if hit.key != "guests":
            continue
        before = low[:hit.start].rstrip()
        if m := re.search(r"(?<![\w.,])(\d{1,3})$", before):
            scan.add(ValueKind.QUANTITY, m[1], m.start(), hit.end, label=scan.raw[
                hit.start:hit.end])
            continue
        if (word := lex.numbers.match_end(before)) is not None:
            scan.add(ValueKind.QUANTITY, str(word.key), word.start, hit.end,
                     label=scan.raw[hit.start:hit.end])
    for m in re.finditer(r"(?<![\w])(?:x\s?(\d{1,3})|(\d{1,3})\s?x)(?![\w])", low):
        scan.add(ValueKind.QUANTITY, m[1] or m[2], m.start(), m.end())
    # "a table for 4 on ...": a count after "for" that no unit follows
    for hit in lex.for_count.find_all(low):
        m = re.match(r"\s+(\d{1,2})(?![\d:./-])\s*([^\W\d_]*)", low[hit.end:])
        if m and (not m[2] or m[2] in lex.stopwords):
            a = hit.end + m.start(1)
            scan.add(ValueKind.QUANTITY, m[1], a, a + len(m[1]))


# A name given bare ("sign me up: Lena Fischer, lena@x.de"): capitalised words.
NAME_MIN_WORDS, NAME_MAX_WORDS = 2, 4
# How many words a bare street may have ("1600 Broadway", "12 Elm Street").
STREET_MAX_WORDS = 6
_SEGMENT_RE = re.compile(r"[^,;:.!?\n]+")
_HOUSE_FIRST_RE = re.compile(r"^\d{1,5}[a-z]?\s+[^\W\d_][\w .'’-]*$", re.I)
_HOUSE_LAST_RE = re.compile(r"^[^\W\d_][\w .'’-]*\s\d{1,5}[a-z]?$", re.I)


def _segments(scan: Scan) -> list[tuple[int, int]]:
    """Comma/colon-separated parts not taken by a value yet (trimmed spans)."""
    masked = list(scan.raw)
    for f in scan.found:
        masked[f.start:f.end] = "," * (f.end - f.start)
    out = []
    text = re.sub(r"\s[-\u2013\u2014]\s", lambda m: ",,,", "".join(masked))  # "Ireland - Aoife"
    for m in _SEGMENT_RE.finditer(text):
        a, b = m.start(), m.end()
        while a < b and scan.raw[a].isspace():
            a += 1
        while b > a and scan.raw[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _personal(scan: Scan) -> bool:
    return any(f.value.kind in (ValueKind.EMAIL, ValueKind.PHONE, ValueKind.CARD_NUMBER,
                                ValueKind.USERNAME, ValueKind.PASSWORD) for f in scan.found)


def _names_the_name(scan: Scan) -> bool:
    """'put my name in, Chloe Dubois': the visitor names the field a bare name goes in."""
    return any(hit.key == "full_name" for hit in scan.lex.fields.find_all(scan.low))


def _email_names(scan: Scan) -> set[str]:
    """The first word of each email's own part ("tom" of tom.b@example.com)."""
    return {fold(re.split(r"[._+-]", f.value.text.split("@")[0])[0]) for f in scan.found
            if f.value.kind is ValueKind.EMAIL}


def _bare_name(scan: Scan) -> None:
    """The first part that is only capitalised unknown words, beside an email / phone or
    the words that name the field it goes in."""
    if not (_personal(scan) or _names_the_name(scan)) or any(
            f.value.kind == ValueKind.FULL_NAME for f in scan.found):
        return
    lex = scan.lex
    for a, b in _segments(scan):
        if (under := lex.as_words.match_start(fold(scan.raw[a:b]), 0)) is not None and \
                under.end < b - a:
            # "under Sam, 555-0142": the name a booking goes under, beside contact details
            a += under.end + len(scan.raw[a + under.end:b]) - len(scan.raw[a + under.end:b]
                                                                     .lstrip())
            words = scan.raw[a:b].split()
            if len(words) <= NAME_MAX_WORDS and shapes.is_name(scan.raw[a:b]) and all(
                    w[:1].isupper() and fold(w) not in lex.vocabulary for w in words):
                scan.add(ValueKind.FULL_NAME, scan.raw[a:b], a, b)
                return
        words = scan.raw[a:b].split()
        folded = fold(scan.raw[a:b]).split()
        if len(words) == 1 and words[0][:1].isupper() and folded[0] in _email_names(scan):
            scan.add(ValueKind.FIRST_NAME, words[0], a, b)  # "Tom, tom@example.co.uk"
            return
        if NAME_MIN_WORDS <= len(words) <= NAME_MAX_WORDS and shapes.is_name(
                scan.raw[a:b]) and all(w[:1].isupper() for w in words) and not any(
                w in lex.vocabulary or lex.fields.get(w) is not None for w in folded):
            scan.add(ValueKind.FULL_NAME, scan.raw[a:b], a, b)
            return


_HANDLE_RE = re.compile(r"[a-z][a-z0-9_.]{2,29}")


def _bare_handle(scan: Scan) -> None:
    """'Kenji Sato, kenjis, 1600 Broadway': one lowercase word that is no word of the
    language, right after the name among personal details, is the person's username."""
    name = next((f for f in scan.found if f.value.kind is ValueKind.FULL_NAME), None)
    if name is None or any(f.value.kind is ValueKind.USERNAME for f in scan.found):
        return
    after = [(a, b) for a, b in _segments(scan) if a >= name.end]
    if not after or scan.raw[name.end:after[0][0]].strip() != ",":
        return
    a, b = after[0]
    word = scan.raw[a:b]
    # (a whole part of its own: "numbr 4111 ..." is a label before a value)
    whole = scan.raw[b:].lstrip()[:1] in ("", ",", ".", ";")
    if whole and _HANDLE_RE.fullmatch(word) and fold(word) not in scan.lex.vocabulary and \
            fold(word) not in scan.lex.stopwords:
        scan.add(ValueKind.USERNAME, word, a, b)


@cache
def _street_endings(street: PhraseTable[str]) -> tuple[str, ...]:
    """A lexicon's street words that may end a word ("Hauptstraße"), made once."""
    return tuple(" ".join(k) for k in street.keys if len(k[0]) > 3)


def _is_street(scan: Scan, a: int, b: int) -> bool:
    part = scan.raw[a:b]
    if len(part.split()) > STREET_MAX_WORDS:
        return False
    low = fold(part)
    # (a street is named as its country writes it: "22 Mill Lane" said in Spanish)
    has_street_word = any(any(True for _ in street.find_all(low)) or any(
        w.endswith(_street_endings(street)) for w in low.split())
        for street in (scan.lex.street, lexicon(DEFAULT_LANG).street))
    # ("Hauptstraße": a street word that ends a word)
    if _HOUSE_FIRST_RE.match(part):  # "12 Elm Street"; "1600 Broadway" beside contact details
        return has_street_word or (_personal(scan) and part.split()[1][:1].isupper())
    return bool(_HOUSE_LAST_RE.match(part)) and has_street_word


def _unit_before(scan: Scan, street: int) -> int:
    """Where the address starts: at its flat or suite said just before the street ("Flat 2,
    22 Mill Lane"; English words too, as the address is written), else at the street."""
    head = scan.raw[:street].rstrip()
    if not head.endswith(","):
        return street
    a = max(head.rfind(x, 0, len(head) - 1) for x in ",:.;") + 1
    a += len(head[a:]) - len(head[a:].lstrip())
    b = len(head) - 1
    low = fold(scan.raw)
    units = [lx.fields.match_start(low, a) for lx in (scan.lex, lexicon(DEFAULT_LANG))]
    if a < b and scan.free(a, b) and any(ch.isdigit() for ch in scan.raw[a:b]) and any(
            u is not None and u.key == "address2" and u.end < b for u in units):
        return a
    return street


def _bare_address(scan: Scan) -> None:
    """'12 Elm Street, San Francisco, California 94110, United States'."""
    if any(f.value.label == scan.lex.field_names.get("address") for f in scan.found):
        return
    for a, b in _segments(scan):
        while (m := re.match(r"([^\W\d]\S*)\s+", scan.raw[a:b])) and re.split(
                "['\u2019]", fold(m[1]))[0] in scan.lex.stopwords:
            a += m.end()  # "it's 3 Orchard Close": the street after the words before it
        if _is_street(scan, a, b):
            a = _unit_before(scan, a)
            scan.add(ValueKind.TEXT, scan.raw[a:b], a, b, label=scan.lex.field_names["address"])
            labelled.address_parts(scan, b)
            return


def find_values(text: str, lang: str = DEFAULT_LANG, today: date | None = None,
                as_kind: ValueKind | None = None) -> list[Found]:
    """Every value in ``text`` with its span, in reading order.

    ``as_kind``: what "as X" names in this request (a full name when signing up, a
    username when logging in); None leaves "as X" alone.
    """
    scan = Scan(text, lexicon(lang), today or date.today(), as_kind)
    _bare_simple(scan)
    introduced.intros(scan)
    labelled.colon_pairs(scan)
    labelled.set_pairs(scan)
    labelled.is_pairs(scan)
    juxtaposed.juxtaposed(scan)
    juxtaposed.bare_codes(scan)
    introduced.names(scan)
    introduced.quoted_into(scan)
    introduced.written_that(scan)
    told(scan)
    lives_in(scan)
    _cards(scan)
    _dates_times(scan)
    introduced.birth_dates(scan)
    _amounts(scan)
    _phones_postal(scan)
    _quantities(scan)
    _bare_address(scan)
    _bare_name(scan)
    _bare_handle(scan)
    return sorted(scan.found, key=lambda f: f.start)


def extract_values(text: str, lang: str = DEFAULT_LANG, today: date | None = None,
                   as_kind: ValueKind | None = None) -> list[Value]:
    """The typed values of ``text`` (see :func:`find_values`)."""
    return [f.value for f in find_values(text, lang, today, as_kind)]

"""Pull form values out of what the visitor said.

Returns ``Facts``: typed entities (email, phone, names, password, address parts, date,
time, quantity, message, card data) and free ``pairs`` ("Company: Acme", "set city to
Paris") whose keys are matched to field labels later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<![\w/.-])\+?\(?\d[\d\s().-]{6,}\d(?![\w/.-])")
CARD_RE = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
SLASH_DATE_RE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
MONTHS = ("january february march april may june july august september october november "
          "december").split()
_MON = "|".join(m[:3] + (m[3:] and f"(?:{m[3:]})?") for m in MONTHS)
NAMED_DATE_RE = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON})\.?|({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?)"
    rf"(?:,?\s+(\d{{4}}))?\b", re.I)
TIME_RE = re.compile(r"\b(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b|\b(\d{1,2}):(\d{2})\b",
                     re.I)
EXPIRY_RE = re.compile(r"\b(?:exp(?:iry|ires|iration)?(?:\s+date)?)\s*[:=]?\s*"
                       r"(\d{1,2}\s*/\s*\d{2,4})", re.I)
CVC_RE = re.compile(r"\b(?:cvc|cvv|security code|cvc2)\s*[:=]?\s*(\d{3,4})\b", re.I)
PASSWORD_RE = re.compile(
    r"\b(?:new\s+)?(?:password|passcode|passwd|pwd|pw)\s*(?:is|:|=|to|of)?\s*[\"']?([^\s\"',;]+)",
    re.I)
USER_RE = re.compile(
    r"\b(?:(?:log|sign)\s*(?:me\s+)?in\s+as|login\s+as|username\s*(?:is|:|=)?|user\s*(?:name)?"
    r"\s*[:=]|user)\s+[\"']?([^\s\"',;]+)", re.I)
_NAME_WORD = r"[A-Z][\w'’-]*"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
NAME_RES = (
    re.compile(r"\bmy\s+(?:full\s+)?name\s+is\s+([^,;.\n]+?)(?=\s*(?:,|;|\.|\band\b|\bmy\b|$))",
               re.I),
    re.compile(r"\b(?:full\s+)?name\s*[:=]\s*([^,;\n]+)", re.I),
    re.compile(r"\b(?:sign|signs)\s+(?:me\s+)?up\s+as\s+([^,;\n]+?)(?=\s*(?:,|;|\bwith\b|\busing"
               r"\b|\band\b|$))", re.I),
    re.compile(rf"\b(?:as|under|for)\s+({_NAME})(?=\s*(?:,|;|\.|\bwith\b|\band\b|$))"),
    re.compile(rf"\b[Nn]ame\s+(?:is\s+)?({_NAME})(?=\s*(?:,|;|\.|\bwith\b|\band\b|$))"),
    re.compile(rf"\b(?:I am|I'm|this is|call me)\s+({_NAME})"),
)
QTY_RES = (
    re.compile(r"\b(?:quantity|qty|amount)\s*(?:of|is|:|=|to)?\s*(\d{1,4})\b", re.I),
    re.compile(r"\bfor\s+(\d{1,3})\s+(?:people|persons|guests|adults|of us|pax)\b", re.I),
    re.compile(r"\b(\d{1,3})\s+(?:people|persons|guests|adults|tickets|seats|rooms|nights)\b",
               re.I),
    re.compile(r"\bparty\s+of\s+(\d{1,3})\b", re.I),
    re.compile(r"\b(?:table|booking|reservation|reserve|book)\s+for\s+(\d{1,3})\b", re.I),
    re.compile(r"\b(\d{1,3})\s*x\b", re.I),
)
MESSAGE_RE = re.compile(
    r"\b(?:saying|that says|to say|with the message|message\s*[:=]|message\s+is\s*:?|"
    r"and ask(?:ing)?"
    r"|asking|comment\s*[:=])\s*[\"“']?(.+?)[\"”']?\s*$", re.I | re.S)
_ADDR_END = (r"(?=\s*(?:;|\.\s|\bwith\b|\band my\b|,?\s*\b(?:phone|e-?mail|city|zip|"
             r"post ?code|postal|country|state|and)\b|$))")
# "address ..." is the street; "ship to ..." only when no "address" is given.
ADDRESS_RE = re.compile(r"(?<!email )(?<!e-mail )\b(?:my\s+)?(?:street\s+)?address\s*"
                        r"(?:is|:|=)?\s+(.+?)" + _ADDR_END, re.I)
SHIP_TO_RE = re.compile(
    r"\b(?:ship(?:ping)?\s+to|deliver(?:y)?\s+to|I live at|"
    r"live at)\s+(.+?)(?=\s*(?:;|\.\s|\bwith\b|\band my\b|,?\s*\b(?:phone|e-?mail|city|zip|"
    r"post ?code|postal|country|state|and)\b|$))", re.I)
ZIP_RE = re.compile(r"\b(?:zip|postcode|postal code|post code|zip code)\s*(?:is|:|=)?\s*"
                    r"([A-Z0-9][A-Z0-9 -]{2,9}[A-Z0-9])\b", re.I)
CITY_RE = re.compile(r"\bcity\s*(?:is|:|=)?\s*([A-Za-z][A-Za-z .'-]+?)(?=\s*(?:,|;|\.|$|\band\b))",
                     re.I)
COUNTRY_RE = re.compile(r"\bcountry\s*(?:is|:|=)?\s*([A-Za-z][A-Za-z .'-]+?)"
                        r"(?=\s*(?:,|;|\.|$|\band\b))", re.I)
PAIR_RE = re.compile(
    r"(?:^|[,;\n]|\band\b)\s*([A-Za-z][\w /'-]{1,40}?)\s*(?::|=)\s*([^,;\n]+)")
SET_RE = re.compile(
    r"\b(?:set|change|update|make|put)\s+(?:my\s+|the\s+)?([\w /'-]{2,40}?)\s+(?:to|as)\s+"
    r"[\"“']?([^,;\n\"”']+?)[\"”']?(?=\s*(?:,|;|\.\s|\.$|$|\band\b))", re.I)
ENTER_RE = re.compile(
    r"\b(?:enter|type|write|put|fill(?:\s+in)?)\s+[\"“']([^\"”']+)[\"”']\s+(?:in|into|as|for)\s+"
    r"(?:the\s+)?([\w /'-]{2,40}?)(?:\s+(?:field|box|input))?(?=\s*(?:,|;|\.|$|\band\b))", re.I)


@dataclass
class Facts:
    values: dict[str, str] = field(default_factory=dict)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    # The visitor's words, for choices nobody named ("about a late order" -> Topic).
    text: str = ""

    def __bool__(self) -> bool:
        return bool(self.values or self.pairs)

    def get(self, key: str) -> str | None:
        return self.values.get(key)


_DETAILS_TAIL_RE = re.compile(r"(?<=[.?!])\s+(?=(?:and\s+)?my\s+(?:name|e-?mail|phone|number)\b)",
                              re.I)
_ZIP_CITY_RE = re.compile(r"^\s*([A-Z]{0,2}-?\d{4,6})\s+(\D+?)\s*$", re.I)
_CITY_ZIP_RE = re.compile(r"^\s*(\D+?)\s+([A-Z]{0,2}-?\d{4,6}(?:-\d{4})?)\s*$", re.I)


def _split_address(v: dict[str, str]) -> None:
    """'5 Rue Royale, Paris 75008, France' -> street, city, zip, country (only the parts
    the visitor did not give on their own)."""
    parts = [p.strip() for p in v["address"].split(",") if p.strip()]
    if len(parts) < 2:
        return
    v["address"] = parts[0]
    rest = parts[1:]
    for i, part in enumerate(rest):
        if m := _ZIP_CITY_RE.match(part):
            v.setdefault("zip", m[1])
            v.setdefault("city", m[2])
        elif m := _CITY_ZIP_RE.match(part):
            v.setdefault("city", m[1])
            v.setdefault("zip", m[2])
        elif i == len(rest) - 1 and len(rest) > 1 and part.replace(" ", "").isalpha():
            v.setdefault("country", part)
        elif part.replace(" ", "").replace("-", "").isalpha():
            v.setdefault("city", part)


def _iso(y: int, m: int, d: int) -> str | None:
    if 1 <= m <= 12 and 1 <= d <= 31 and 1900 <= y <= 2200:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def parse_date(text: str, default_year: int = 2026) -> str | None:
    if m := ISO_DATE_RE.search(text):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := SLASH_DATE_RE.search(text):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        # Day first unless that cannot be (13/05 is day-first, 05/13 month-first).
        return _iso(y, b, a) if b <= 12 else _iso(y, a, b)
    if m := NAMED_DATE_RE.search(text):
        day = m[1] or m[4]
        mon = (m[2] or m[3]).lower()[:3]
        month = next(i for i, n in enumerate(MONTHS, 1) if n.startswith(mon))
        return _iso(int(m[5] or default_year), month, int(day))
    return None


def parse_time(text: str) -> str | None:
    m = TIME_RE.search(text)
    if not m:
        return None
    if m[3]:
        h = int(m[1]) % 12 + (12 if m[3].lower() == "pm" else 0)
        return f"{h:02d}:{int(m[2] or 0):02d}"
    h, mi = int(m[4]), int(m[5])
    return f"{h:02d}:{mi:02d}" if h < 24 and mi < 60 else None


def _clean(v: str) -> str:
    return v.strip().strip("\"“”'").strip()


def extract(text: str) -> Facts:
    f = Facts(text=text)
    v = f.values
    if m := MESSAGE_RE.search(text):
        body = m[1]
        # "...? my email is q@w.io and my name is Q" after the body is not part of it.
        tail = _DETAILS_TAIL_RE.search(body)
        v["message"] = _clean(body[: tail.start()] if tail else body)
        text = text[: m.start()] + (" " + body[tail.start():] if tail else "")
    if m := EMAIL_RE.search(text):
        v["email"] = m[0]
    if m := PASSWORD_RE.search(text):
        v["password"] = m[1]
        if re.search(r"\bnew\s+password|\bchange\s+(?:my\s+)?password", text, re.I):
            v["new_password"] = m[1]
    if m := USER_RE.search(text):
        if m[1].lower() not in ("with", "and", "using", "password"):
            v["username"] = m[1]
    if m := CARD_RE.search(text):
        digits = re.sub(r"\D", "", m[0])
        if 13 <= len(digits) <= 19:
            v["card_number"] = m[0].strip()
    if m := EXPIRY_RE.search(text):
        v["card_expiry"] = m[1].replace(" ", "")
    if m := CVC_RE.search(text):
        v["card_cvc"] = m[1]
    scrub = text
    for key in ("email", "card_number", "password"):
        if key in v:
            scrub = scrub.replace(v[key], " ")
    if (d := parse_date(scrub)) is not None:
        v["date"] = d
    if (t := parse_time(scrub)) is not None:
        v["time"] = t
    for m in PHONE_RE.finditer(scrub):
        digits = re.sub(r"\D", "", m[0])
        if 7 <= len(digits) <= 15 and not ISO_DATE_RE.search(m[0]):
            v["phone"] = m[0].strip()
            break
    for rx in NAME_RES:
        if m := rx.search(scrub):
            name = _clean(m[1])
            if name and not EMAIL_RE.search(name) and len(name) <= 60:
                v["name"] = name
                parts = name.split()
                v["first_name"] = parts[0]
                if len(parts) > 1:
                    v["last_name"] = " ".join(parts[1:])
                break
    for rx in QTY_RES:
        if m := rx.search(scrub):
            v["quantity"] = m[1]
            break
    if (m := ADDRESS_RE.search(scrub)) or (m := SHIP_TO_RE.search(scrub)):
        v["address"] = _clean(m[1])
    if m := ZIP_RE.search(scrub):
        v["zip"] = m[1].strip()
    if m := CITY_RE.search(scrub):
        v["city"] = m[1].strip()
    if m := COUNTRY_RE.search(scrub):
        v["country"] = m[1].strip()
    if "address" in v:
        _split_address(v)
    for rx in (ENTER_RE,):
        for m in rx.finditer(text):
            f.pairs.append((m[2].strip(), _clean(m[1])))
    for m in SET_RE.finditer(text):
        f.pairs.append((m[1].strip(), _clean(m[2])))
    for m in PAIR_RE.finditer(text):
        key, val = m[1].strip(), _clean(m[2])
        if key.lower().startswith(("http", "www")) or not val:
            continue
        f.pairs.append((key, val))
    return f

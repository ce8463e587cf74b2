"""Map the visitor's facts onto a page's form fields and find the form's submit button."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import El, Page
from leflux.agent.planners.rules.extract import EMAIL_RE, Facts
from leflux.agent.planners.rules.text import content_words, overlap, phrase_sim, stem, words
from leflux.protocol import Step, StepAction

# field kind -> pattern on the field's label/placeholder/name/autocomplete/type words
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (k, re.compile(rx, re.I)) for k, rx in (
        ("card_name", r"name on (?:the )?card|card ?holder|cc[ -]?name"),
        ("card_number", r"card ?number|cc[ -]?number|credit card|debit card|\bcard\b.*\bno\b"),
        ("card_expiry", r"expir|\bexp\b|mm ?/ ?yy|cc[ -]?exp"),
        ("card_cvc", r"\bcvc|\bcvv|security code|cc[ -]?csc"),
        ("confirm_password", r"(?:confirm|repeat|again|retype|re-enter|verify).*password|"
                             r"password.*(?:confirm|again|repeat)|password2"),
        ("new_password", r"new[ -]?password"),
        ("current_password", r"(?:current|old|existing) password"),
        ("password", r"password|passcode|\bpwd\b"),
        ("username", r"user ?name|\buser\b|\blogin\b|\bhandle\b"),
        ("email", r"e-?mail"),
        ("first_name", r"first ?name|given ?name|\bfname\b|forename"),
        ("last_name", r"last ?name|sur ?name|family ?name|\blname\b"),
        ("phone", r"phone|\btel\b|mobile|cell"),
        ("code", r"\bpromo|coupon|voucher|discount|gift ?(?:card|code)"),
        ("zip", r"\bzip|postal|post ?code"),
        ("city", r"\bcity\b|\btown\b|locality|address level2"),
        ("country", r"country"),
        ("state", r"\bstate\b|province|region|county"),
        ("address2", r"address ?(?:line ?)?2|apartment|\bapt\b|\bsuite\b|address-line2"),
        ("address", r"address|street|line ?1"),
        ("date", r"\bdate\b|\bday\b|check ?in|arrival|\bwhen\b"),
        ("time", r"\btime\b|\bhour\b"),
        ("quantity", r"quantity|\bqty\b|guests|people|party|persons|number of|tickets|seats"),
        ("search", r"search|\bquery\b|^q$|\bq\b|keyword|find"),
        ("subject", r"subject|topic|regarding"),
        ("company", r"company|organi[sz]ation|business"),
        ("message", r"message|comment|question|details|describe|notes?\b|inquiry|enquiry|how can"),
        ("name", r"\bname\b|full ?name|your name"),
    )
)
_TYPE_KIND = {"email": "email", "password": "password", "tel": "phone", "date": "date",
              "time": "time", "search": "search", "number": "quantity"}
SUBMIT_RE = re.compile(
    r"\b(submit|send|sign ?up|register|create (?:an |my )?account|join|log ?in|sign ?in|continue|"
    r"next|save|update|book|reserve|search|go|place (?:my )?order|pay|subscribe|apply|confirm|"
    r"request|get started|done|finish|checkout|check out)\b", re.I)


def field_kind(el: El) -> str | None:
    if el.kind_cache != "":
        return el.kind_cache
    el.kind_cache = _field_kind(el)
    return el.kind_cache


def _field_kind(el: El) -> str | None:
    text = el.field_text
    for kind, rx in _KIND_RULES:
        if rx.search(text):
            if kind == "password" and el.type not in ("password", "") and "password" not in (
                    el.e.label or "").lower():
                continue
            return kind
    if el.type in _TYPE_KIND:
        return _TYPE_KIND[el.type]
    if el.tag == "textarea" or el.flag("editable"):  # a rich-text editor is a message box
        return "message"
    return None


def _value_for(kind: str, facts: Facts) -> str | None:
    v = facts.values
    if kind == "confirm_password":
        return v.get("new_password") or v.get("password")
    if kind == "new_password":
        return v.get("new_password") or v.get("password")
    if kind == "current_password":
        return v.get("current_password") or (v.get("password") if "new_password" not in v
                                              else None)
    if kind == "password":
        return v.get("password")
    if kind == "name":
        return v.get("name")
    if kind == "username":
        return v.get("username") or v.get("email")
    if kind == "card_name":
        return v.get("card_name") or v.get("name")
    return v.get(kind)


def _choose_option(el: El, wanted: str) -> str | None:
    """The option text best matching ``wanted``, or None."""
    best, best_s = None, 0.0
    for o in el.e.options or []:
        for cand in (o.text, o.value):
            if not cand:
                continue
            if cand.strip().lower() == wanted.strip().lower():
                return o.text or o.value
            # Word overlap, then character order ("high to low" is not "low to high").
            s = phrase_sim(wanted, cand) + 0.2 * SequenceMatcher(
                None, wanted.lower(), cand.lower()).ratio()
            if s > best_s:
                best, best_s = (o.text or o.value), s
    return best if best_s >= 0.7 else None


def _on_placeholder(el: El) -> bool:
    if el.e.value:
        return False
    return not any(o.selected and o.value for o in el.e.options or [])


def _named_option(el: El, said: set[str]) -> str | None:
    """The one option most of whose words the visitor used, or None."""
    scored: list[tuple[float, str]] = []
    for o in el.e.options or []:
        if not o.value:
            continue
        ws = [stem(w) for w in content_words(o.text or o.value)]
        if ws:
            scored.append((sum(w in said for w in ws) / len(ws), o.text or o.value))
    scored.sort(reverse=True)
    if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    return None


def step_for(el: El, value: str, what: str) -> Step | None:
    """One step that puts ``value`` into ``el``."""
    if el.is_select:
        opt = _choose_option(el, value)
        return Step(action="select", elementId=el.id, inputData=opt, description=what) \
            if opt else None
    if el.is_toggle:
        on = value.strip().lower() not in ("no", "false", "off", "0", "unchecked", "uncheck")
        if bool(el.e.checked) == on:
            return None
        return Step(action="check" if on else "uncheck", elementId=el.id, description=what)
    return Step(action=typing_action(el), elementId=el.id, inputData=value, description=what)


def suggested_text(el: El, text: str, lang: str) -> str:
    """What is typed into a box that suggests as you type: a place named in the visitor's
    language as the list names it ("Wien" -> "Vienna")."""
    return lex.english_place(text, lang) if typing_action(el) == "select" else text


def typing_action(el: El) -> StepAction:
    """How a value goes into a text field: typed, or, into a combobox that suggests as
    you type (an airport, a city), typed and its suggestion clicked ("select")."""
    return "select" if el.role == "combobox" and el.is_text_field else "type"


_KEY_NOISE_RE = re.compile(r"^(?:(?:apply|enter|use|set|put|add|type|fill in|change|update|my|the|"
                           r"your|a|an)\s+)+", re.I)


def form_key(page: Page, el: El) -> object:
    """The form an element belongs to: a ``form`` key, the nearest reported <form>, or
    else its run of elements between submit buttons."""
    if form := page.form_of(el):
        return form
    for pid in page.ancestors(el):
        parent = page.by_id.get(pid)
        if parent is not None and (parent.tag == "form" or parent.role == "form"):
            return pid
    return ("run", page.segment.get(el.id, 0))


def fill_steps(page: Page, facts: Facts, *, exclude: set[int] | None = None
               ) -> tuple[list[Step], list[str]]:
    """Steps filling the one form the facts fill best, in page order, and its labels."""
    exclude = exclude or set()
    chosen: dict[int, tuple[El, Step]] = {}
    used: set[int] = set()
    fields = [el for el in page.fields if el.id not in exclude and not el.is_toggle]
    # 1. explicit "Label: value" pairs win: the visitor named the field.
    for key, pair_value in facts.pairs:
        kw = content_words(_KEY_NOISE_RE.sub("", key)) or words(key)
        if not kw or ("password" in kw and "password" in facts.values):
            continue  # passwords go by field kind (current vs new)
        cands = [(overlap(kw, el.match_words), el) for el in page.fields
                 if el.id not in used and el.id not in exclude]
        cands = [c for c in cands if c[0] >= 0.6]
        if not cands:
            continue
        cands.sort(key=lambda t: (-t[0], t[1].id))
        el = cands[0][1]
        step = step_for(el, pair_value, el.display)
        if step:
            chosen[el.id] = (el, step)
            used.add(el.id)
    # 2. typed facts by field kind.
    have_first_last = any(field_kind(el) in ("first_name", "last_name") for el in fields)
    for el in fields:
        if el.id in used:
            continue
        kind = field_kind(el)
        if kind is None or (kind == "name" and have_first_last and "name" not in words(
                el.e.label or "")):
            continue
        value = _value_for(kind, facts)
        if not value or (el.e.value or "") == value:
            continue
        step = step_for(el, value, el.display)
        if step:
            chosen[el.id] = (el, step)
    # 3. a select still on its placeholder whose option the visitor's words name
    # ("contact support about a late order" -> Topic: Order status).
    if facts.text:
        said = {stem(w) for w in content_words(EMAIL_RE.sub(" ", facts.text))}
        for el in page.fields:
            if el.id in chosen or el.id in exclude or not el.is_select or not _on_placeholder(el):
                continue
            opt = _named_option(el, said)
            if opt:
                chosen[el.id] = (el, Step(action="select", elementId=el.id, inputData=opt,
                                          description=el.display))
    if not chosen:
        return [], []
    # One form at a time: the one that takes most of what the visitor said.
    groups: dict[object, list[tuple[El, Step]]] = {}
    for el, step in chosen.values():
        groups.setdefault(form_key(page, el), []).append((el, step))
    best = max(groups.values(), key=lambda g: (len(g), -min(el.id for el, _ in g)))
    best.sort(key=lambda t: t[0].id)
    return [st for _, st in best], [el.display for el, _ in best]


def submit_button(page: Page, near: list[int], *, exclude: set[int] | None = None) -> El | None:
    """The button that submits the form holding the fields ``near``."""
    anchors = [page.by_id[i] for i in near if i in page.by_id]
    # A button of another form (the footer newsletter) never submits this one.
    forms = {form_key(page, a) for a in anchors}
    best: tuple[float, El] | None = None
    for el in page.clickables:
        if forms and form_key(page, el) not in forms:
            continue
        if (exclude and el.id in exclude) or (el.tag == "a" and not el.role == "button"):
            continue
        is_submit = el.type == "submit" or (el.tag == "button" and el.type in ("", "submit"))
        label = el.name_text
        m = SUBMIT_RE.search(label)
        if not (is_submit or m):
            continue
        score = (2.0 if el.type == "submit" else 0.0) + (1.5 if m else 0.0)
        if anchors:
            score += max(page.closeness(a, el) for a in anchors) / 25.0
            # Buttons usually follow their fields.
            if el.id > max(a.id for a in anchors):
                score += 0.5
        if best is None or score > best[0]:
            best = (score, el)
    return best[1] if best else None

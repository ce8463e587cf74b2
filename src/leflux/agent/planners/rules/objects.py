"""What the object of each act means: where an added thing goes ("to my cart" is a
purchase, "into the notes field" a value to type), a rename's new text, a select's option
and field, a new thing's name ("an event called Dentist"), what a form flow names besides
its values."""

from __future__ import annotations

from leflux.agent.planners.rules.model import Act, Clause, Reference, Value, ValueKind
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.reference import (
    Span,
    Text,
    quoted_span,
    reference,
)


def is_cart(t: Text, a: int, b: int) -> bool:
    part = t.low[t.skip_articles(a, b):b]
    return t.lex.carts.match_end(part) is not None


def destination(c: Clause, t: Text, thing: Span, dest: Span, drop: list[Span]) -> None:
    """'add X to my cart' (BUY), 'add X to the list' / 'to my skills' (ADD), 'put X in the
    notes field' / 'put "hello" in the notes' (FILL: X is the value, the place its field)."""
    where = reference(t, t.skip_articles(*dest), dest[1])
    c.destination = where
    q = quoted_span(t, *thing)
    raw = t.raw[q[0]:q[1]] if q else t.raw[slice(*t.trim(*thing))]
    is_value = any(v.raw == raw or v.text == raw for v in c.values)
    if is_cart(t, *dest):
        c.act = Act.BUY
    elif (where is not None and where.kind == "field") or (
            (q or is_value) and not t.is_container(*dest)
            and t.lex.mine.match_start(t.low, t.trim(*dest)[0]) is None):
        label = (where.words if where else None) or None
        for v in c.values:
            if v.raw == raw or v.text == raw:
                v.label = v.label or label
        if raw and not is_value:
            c.values.append(Value(ValueKind.TEXT, raw, raw, label=label, quoted=bool(q)))
        c.act, c.target, c.destination = Act.FILL, None, None
        return
    c.target = reference(t, *thing, drop)
    if c.target is not None and c.target.quoted:  # the item's text, not a value to type
        c.values = [v for v in c.values if not (v.quoted and v.text == c.target.words)]


def edit(c: Clause, t: Text, a: int, b: int) -> None:
    """'rename X to Y' / 'edit X to Y': target X, the new text Y."""
    splits = [(a + h.start, a + h.end) for h in t.lex.set_to.find_all(t.low[a:b])
              if a + h.start > a and a + h.end < b]
    if splits:
        # "rename book flights to lisbon to book flights to porto": a rename keeps most of
        # its words, so the split whose two sides share the most words is the one meant.
        def shared(sp: Span) -> float:
            left, right = set(t.low[a:sp[0]].split()), set(t.low[sp[1]:b].split())
            return len(left & right) / max(len(left), len(right), 1)

        s, e = max(splits, key=lambda sp: (shared(sp), -sp[0]))
        c.target = reference(t, a, s)
        q = quoted_span(t, e, b)
        new = t.raw[q[0]:q[1]] if q else t.raw[slice(*t.trim(e, b))]
        c.values = [Value(ValueKind.TEXT, new, new, quoted=bool(q))]
        return
    c.target = reference(t, a, b)


def _called(c: Clause, t: Text, a: int, b: int, drop: list[Span]) -> bool:
    """'create an event called Dentist': the new thing's name is "Dentist", an event."""
    hit = next(iter(t.lex.called.find_all(t.low[a:b])), None)
    if hit is None or not hit.start:
        return False
    name = reference(t, a + hit.end, b, drop)
    if name is None or not name.words:
        return False
    w0, w1 = t.skip_articles(a, a + hit.start), t.trim(a, a + hit.start)[1]
    what = t.raw[w0:w1] if w0 < w1 else None
    c.target = name
    same = [v for v in c.values if v.text == name.words]
    for v in same:
        v.label = v.label or what
    if not same:
        c.values.append(Value(ValueKind.TEXT, name.words, name.words, label=what,
                              quoted=name.quoted))
    return True


def by_act(c: Clause, t: Text, a: int, b: int, drop: list[Span]) -> None:
    if c.act == Act.ADD and _called(c, t, a, b, drop):
        return
    ref = reference(t, a, b, drop) if a < b else None
    if c.act == Act.SEARCH:
        _search(c, t, a, b, ref)
        return
    if c.act in (Act.FILTER, Act.SORT):  # the words as said: "price, lowest first"
        a = t.skip_articles(a, b)
        c.option = t.raw[a:b] if a < b and any(ch.isalnum() for ch in t.raw[a:b]) \
            else None
        return
    if c.act == Act.SCROLL or (c.act == Act.NAVIGATE and ref is not None and not ref.kind):
        if _scroll(c, t, a, b, drop):
            return
    if c.act == Act.SELECT and ref is not None:
        _select(c, t, a, b, drop, ref)
        return
    if c.act == Act.SELECT and (said := _answer_word(t, a, b)) is not None:
        c.option = said  # "pick No for now": the option labelled No
        return
    _act_target(c, t, a, b, drop, ref)


def _answer_word(t: Text, a: int, b: int) -> str | None:
    """The object's first word where it says yes or no ("No", "oui"): a little word
    elsewhere, after a verb of choosing it names the option so labelled."""
    words = t.words(t.skip_articles(a, b), b)
    if not words or t.lex.whole.get(words[0][0]) not in (Act.CONFIRM, Act.DECLINE):
        return None
    return t.raw[words[0][1]:words[0][2]]


def _search(c: Clause, t: Text, a: int, b: int, ref: Reference | None) -> None:
    """The words searched for; a search for a page or the cart goes there instead."""
    c.query = ref.words if ref else None
    if ref and (ref.kind == "page" or is_cart(t, a, b)):
        c.act, c.target, c.query = Act.NAVIGATE, ref, None


def _scroll(c: Clause, t: Text, a: int, b: int, drop: list[Span]) -> bool:
    """A scroll to a direction or an end ("go to the bottom"), or for a scroll, to a
    thing on the page; False where a navigation names no direction."""
    lex = t.lex
    part = t.low[a:b]
    if c.act == Act.SCROLL and not part.strip():
        part = t.low  # "scroll down": the direction was part of the verb
    for table, where in ((lex.scroll_bottom, "bottom"), (lex.scroll_top, "top"),
                         (lex.scroll_down, "down"), (lex.scroll_up, "up")):
        h = table.match_end(part)
        if h is not None and (part is t.low or t.skip_articles(
                *_strip_to(t, a, a + h.start)) >= a + h.start):
            c.act, c.option = Act.SCROLL, where
            return True
    if c.act == Act.SCROLL:
        c.target = reference(t, *_strip_to(t, a, b), drop)
        return True
    return False


def _act_target(c: Clause, t: Text, a: int, b: int, drop: list[Span],
                ref: Reference | None) -> None:
    """The thing a click, navigation or form act is on."""
    if c.act == Act.CLICK and ref is not None and ref.kind == "page":
        c.act = Act.NAVIGATE
    if ref is not None and ref.quoted and c.act is not Act.FILL:
        # "click 'Save draft'": a label, not a value ("type 'hi' in the note": the value)
        c.values = [v for v in c.values if not (v.quoted and v.text == ref.words)]
    if c.act in (Act.FILL, Act.LOGIN, Act.SIGNUP, Act.CHECKOUT, Act.LOGOUT, Act.SUBMIT):
        ref = reference(t, *_strip_to(t, a, b), drop) if ref else None
        ref = _fill_target(c, t, ref)
    c.target = ref


def _select(c: Clause, t: Text, a: int, b: int, drop: list[Span], ref: Reference) -> None:
    """'select large from the size dropdown' -> option large, target size dropdown;
    'select the second option' -> target; 'choose express shipping' -> option."""
    hits = [h for h in t.lex.container_of.find_all(t.low[a:b]) if h.start]
    if hits:
        option = reference(t, a, a + hits[0].start, drop)
        c.option = option.words if option and option.words else None
        c.target = reference(t, a + hits[0].end, b, drop)
    elif ref.words:
        c.option = ref.words
    else:
        c.target = ref


def _fill_target(c: Clause, t: Text, ref: Reference | None) -> Reference | None:
    """What a fill / log-in / sign-up clause names beside its values: a form ("the contact
    form") stays; a field ("the notes field") becomes the label of its one unlabelled
    value; words that only repeat value labels ("change the zip to ...") go."""
    if ref is None or not (ref.words or ref.kind):
        return None
    if ref.kind == "form":
        return ref
    if not ref.words or (c.values and "," in ref.words):
        return None  # "check out with my card": no thing named; leftovers between values
    unlabelled = [v for v in c.values if not v.label]
    if ref.kind == "field" and ref.words and len(unlabelled) == 1:
        unlabelled[0].label = ref.words
        return None
    labels = {fold(v.label) for v in c.values if v.label}
    if (c.act == Act.FILL and c.values) or fold(ref.words) in labels:
        return None
    lex = t.lex
    if all(w in lex.stopwords or lex.fields.get(w) is not None for w in fold(ref.words).split()):
        return None  # "check out with my card": only field names left
    return ref


def _strip_to(t: Text, a: int, b: int) -> Span:
    a = t.trim(a, b)[0]
    if (h := t.lex.destination_to.match_start(t.low, a)) is not None and h.end < b:
        a = h.end
    return a, b

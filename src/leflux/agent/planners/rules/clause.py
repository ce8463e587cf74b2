"""One clause -> :class:`Clause`: what to do (an :class:`Act`), on what, with which values.

Order of reading: a whole-clause act ("yes", "hi", "what can you do"), a question form,
then polite words off, a negation, a verb at the start (typos tolerated; at the end too
in languages that close clauses with it), and what the verb acts on.
"""

from __future__ import annotations

import re
from datetime import date

from leflux.agent.planners.rules.lexicon import Lexicon
from leflux.agent.planners.rules.model import Act, Clause, Reference, Value, ValueKind
from leflux.agent.planners.rules.objects import by_act, destination, edit, is_cart
from leflux.agent.planners.rules.phrases import PhraseHit, fold
from leflux.agent.planners.rules.reference import (
    Span,
    Text,
    is_one_ref,
    reference,
    split_container,
    split_destination,
)
from leflux.agent.planners.rules.values import Found, find_values
from leflux.agent.planners.rules.verbs import (
    FUZZY_VERB_MIN,
    fuzzy_verb,
    fuzzy_word,
)

# What a question may carry: values of a telltale form, not labels' words.
QUESTION_VALUE_KINDS = frozenset({ValueKind.DATE, ValueKind.TIME, ValueKind.AMOUNT,
                                  ValueKind.QUANTITY, ValueKind.EMAIL, ValueKind.PHONE,
                                  ValueKind.URL, ValueKind.POSTAL_CODE, ValueKind.NUMBER})
# What "as X" names after these verbs.
AS_KIND = {Act.SIGNUP: ValueKind.FULL_NAME, Act.LOGIN: ValueKind.USERNAME,
           Act.CONTACT: ValueKind.FULL_NAME, Act.BUY: ValueKind.FULL_NAME}
# Acts whose object is a row / list item, so "X of/from Y" names its container.
ROW_ACTS = frozenset({Act.DELETE, Act.CHECK, Act.UNCHECK, Act.EDIT, Act.CLICK, Act.SELECT})
ADDING_ACTS = frozenset({Act.ADD, Act.BUY})
# Acts whose words name a thing on the page, values included ("delete the user Omar").
NAMING_ACTS = frozenset({Act.DELETE, Act.CHECK, Act.UNCHECK, Act.CLICK, Act.NAVIGATE})
KEPT_BY_NAMING = frozenset({ValueKind.DATE, ValueKind.TIME, ValueKind.AMOUNT})
# A question word among this many first words of a clause without a verb makes it a question.
WH_REACH = 3


def skip_polite(low: str, pos: int, lex: Lexicon) -> int:
    """Past "please", "can you", "i wanna", "could you kindly"..."""
    while (hit := lex.polite.match_start(low, pos)) is not None:
        pos = hit.end
        while pos < len(low) and low[pos] in " ,":
            pos += 1
    return pos


def is_question_start(low: str, pos: int, lex: Lexicon) -> bool:
    if low[pos:pos + 1] == "¿" or lex.question.match_start(low, pos) is not None:
        return True
    return fuzzy_word(low, pos, lex.question_words, FUZZY_VERB_MIN, lex.vocabulary) is not None


def _strip_end(t: Text, a: int, b: int) -> int:
    while (h := t.lex.polite_end.match_end(t.low[a:b])) is not None and h.start > 0:
        b = t.trim(a, a + h.start)[1]
    return b


def _whole(t: Text, a: int, b: int) -> Act | None:
    return t.lex.whole.get(t.low[a:b].strip(" ,.!?"))


def _verb(t: Text, a: int, b: int) -> tuple[PhraseHit[Act] | None, Span]:
    """The verb and the span it acts on."""
    low, lex = t.low, t.lex
    verb = lex.acts.match_start(low, a) or fuzzy_verb(low, a, lex)
    if verb is not None and verb.end <= b:
        return verb, (verb.gap or (verb.end, b))
    if lex.verb_final:  # "bitte einen Tisch für 3 Personen buchen, auf den Namen Weber"
        for m in re.finditer(r"[^,;]+", low[a:b]):
            seg_end = a + len(low[:a + m.end()].rstrip()) - a
            end = lex.acts.match_end(low[a + m.start():seg_end])
            if end is not None and end.start:
                start = a + m.start() + end.start
                return PhraseHit(end.key, start, seg_end), (a, start)
    return None, (a, b)


def read_clause(text: str, lex: Lexicon, today: date, *, whole_ok: bool = True) -> Clause:
    """What one clause asks for; ``whole_ok=False`` reads "i accept the terms" as a verb
    and its object (a step of a longer request) rather than as an answer."""
    t = Text(text, fold(text), lex)
    a, b = t.trim(0, len(text))
    asked = "?" in text or "¿" in text
    b = _strip_end(t, a, b)
    said = text.strip()
    if (opening := _opening(t, a, b, said, today, whole_ok)) is not None:
        return opening
    start = a
    a = t.trim(skip_polite(t.low, a, lex), b)[0]
    if (opening := _opening(t, a, b, said, today, whole_ok)) is not None:
        return opening
    if isinstance(negation := _negation(t, a, b, said, asked), Clause):
        return negation
    negated, a = negation
    verb, obj = _verb(t, a, b)
    found = find_values(text, lex.lang, today, AS_KIND.get(verb.key) if verb else None)
    if verb is None:
        return _without_verb(t, start, a, b, said, today, asked, found)
    if (neg := lex.negation_after.match_start(t.low, obj[0])) is not None:
        negated, obj = True, (neg.end, obj[1])
    clause = Clause(verb.key, said, negated=negated)
    if _fills_values(t, verb, obj, found):
        clause.act = Act.FILL
    _object(clause, t, obj, (verb.end, b) if verb.gap else None, found)
    said_verb = t.low[verb.start:verb.end]
    if clause.act == Act.SEARCH and clause.query and lex.find.get(said_verb) is not None:
        clause.target = Reference(words=clause.query)  # "find X": on the page first
    if clause.act == Act.CONTACT:
        _contact(clause, t, obj)
    return clause


def _opening(t: Text, a: int, b: int, said: str, today: date, whole_ok: bool) -> Clause | None:
    """A whole-clause act ("yes", "hi") or a question at ``a``."""
    if whole_ok and (whole := _whole(t, a, b)) is not None:
        return Clause(whole, said)
    if is_question_start(t.low, a, t.lex):
        return _question(t, a, b, said, today)
    return None


def _negation(t: Text, a: int, b: int, said: str, asked: bool) -> tuple[bool, int] | Clause:
    """(negated, where the verb starts), or the unticking a negation says ("no olives")."""
    if (neg := t.lex.negation.match_start(t.low, a)) is not None:
        after = t.trim(skip_polite(t.low, neg.end, t.lex), b)[0]
        if _verb(t, after, b)[0] is not None:
            return True, after
        if not asked and after < b:
            target = reference(t, after, b)  # "no newsletter", "actually no olives"
            if target is not None and (target.words or target.kind):
                return Clause(Act.UNCHECK, said, target=target)
    return False, a


def _without_verb(t: Text, start: int, a: int, b: int, said: str, today: date, asked: bool,
                  found: list[Found]) -> Clause:
    """A clause with no verb of ours: a question, values to fill in, or a thing named."""
    if asked or _asks_inside(t, a, b) or _asks_without_verb(t, start, a, b):
        return _question(t, a, b, said, today)
    if found:
        return Clause(Act.FILL, said, values=[f.value for f in found])
    if counted := _counted(t, a, b):
        return Clause(Act.FILL, said, values=counted)
    # no verb: the words as said name a thing ("next page", "like Marco's comment")
    a = t.skip_articles(a, b)
    return Clause(Act.UNKNOWN, said, target=Reference(words=t.raw[a:b]) if a < b else None)


def _fills_values(t: Text, verb: PhraseHit[Act], obj: Span, found: list[Found]) -> bool:
    """The object is all values, the point: "apply the code: X", "add a note that ..."."""
    said_verb = [w for w in t.low[verb.start:verb.end].split() if t.lex.articles.get(w) is None]
    return (verb.key in (Act.SUBMIT, Act.CLICK) and _all_values(t, obj, found)  # one-word
            and len(said_verb) == 1) or (  # verb ("leave a comment"; "use the code: X")
        verb.key is Act.ADD and _all_values(t, obj, found) and all(
            f.value.kind is ValueKind.TEXT and t.lex.fields.get(fold(f.value.label or "")) ==
            "text" for f in found))


def _asks_without_verb(t: Text, start: int, a: int, b: int) -> bool:
    """No verb of ours, yet it asks: "can you ship to a PO box" (an opener that asks),
    "from what order amount is delivery free" (a question word among its first words)."""
    if t.lex.ask_polite.match_start(t.low, start) is not None:
        return True
    first = [w for w, _, _ in t.words(a, b)[:WH_REACH]]
    return any(t.lex.wh.get(w) is not None for w in first)


def _all_values(t: Text, obj: Span, found: list[Found]) -> bool:
    """Every word of the object belongs to a labelled value."""
    spans = [(f.start, f.end) for f in found if f.value.label]
    words = [w for w in t.words(*obj) if w[0] not in t.lex.stopwords
             and t.lex.articles.get(w[0]) is None and any(ch.isalnum() for ch in w[0])]
    return bool(spans) and all(any(s <= w[1] < e for s, e in spans) for w in words)


def _contact(c: Clause, t: Text, obj: Span) -> None:
    """'contact support about a late order': the topic is what it is about."""
    c.target = None
    a, b = obj
    starts = sorted(x for x, _ in value_spans(c, t, a, b))
    for hit in t.lex.about.find_all(t.low[a:b]):
        s = a + hit.end
        comma = t.low.find(",", s, b)
        end = min([x for x in starts if x >= s] + ([comma] if comma >= 0 else []) + [b])
        topic = reference(t, s, end)
        if topic is not None and topic.words:
            c.option = topic.words
            return


def value_spans(c: Clause, t: Text, a: int, b: int) -> list[Span]:
    out = []
    for v in c.values:
        at = t.raw.find(v.raw, a, b) if v.raw else -1
        if at >= 0:
            out.append((at, at + len(v.raw)))
    return out


def _asks_inside(t: Text, a: int, b: int) -> bool:
    """'i just ordered, can I still cancel it', 'once you get it how long till ...': a
    question phrase of two words or more, or one opening a comma's part."""
    lex = t.lex
    for hit in lex.question.find_all(t.low[a:b]):
        if hit.start and (len(t.words(a + hit.start, a + hit.end)) > 1
                          or t.low[:a + hit.start].rstrip().endswith(",")):
            return True
    return False


def _counted(t: Text, a: int, b: int) -> list[Value]:
    """'2 adult tickets', 'one adult and two kids', '6 months': counts of things."""
    out: list[Value] = []
    for m in re.finditer(r"[^,]+", t.low[a:b]):
        for part in re.split(r"\s(?:" + "|".join(re.escape(" ".join(k)) for k in
                                               t.lex.split_before_verb.keys) + r")\s",
                             m[0]):
            start = a + m.start() + m[0].find(part)
            s, e = t.trim(start, start + len(part))
            if s >= e:
                continue
            if n := re.match(r"(\d{1,4})\s+", t.low[s:e]):
                count, rest = int(n[1]), s + n.end()
            elif (w := t.lex.numbers.match_start(t.low, s)) is not None and w.end < e:
                count, rest = w.key, t.trim(w.end, e)[0]
            else:
                return []
            label = t.raw[rest:e].strip()
            if not label or any(ch.isdigit() for ch in label):
                return []
            out.append(Value(ValueKind.QUANTITY, str(count), t.raw[s:e], label=label))
    return out


def _question(t: Text, a: int, b: int, said: str, today: date) -> Clause:
    # "do you ship to canada" names no address of the visitor's
    address = t.lex.field_names.get("address")
    values = [f.value for f in find_values(t.raw, t.lex.lang, today)
              if f.value.label != address and f.value.kind in QUESTION_VALUE_KINDS]
    return Clause(Act.QUESTION, said, query=t.raw[a:b].strip(), values=values)


def _inside(found: list[Found], a: int, b: int) -> list[Span]:
    return [(f.start, f.end) for f in found if a <= f.start < b or a < f.end <= b]


def _object(c: Clause, t: Text, obj: Span, tail: Span | None, found: list[Found]) -> None:
    """Fill target / container / destination / option / query / quantity of ``c``."""
    c.values = [f.value for f in found]
    a, b = t.trim(*obj)
    drop = _inside(found, a, b)
    if c.act in NAMING_ACTS:  # "remove tom@x.com from the workspace": the words name a row
        c.values = [f.value for f in found if f.value.kind in KEPT_BY_NAMING]
        drop = _inside([f for f in found if f.value.kind in KEPT_BY_NAMING], a, b)
    if c.act in (Act.CHECK, Act.UNCHECK, Act.CLICK):
        a, b = _state(c, t, a, b)
    if c.act in ADDING_ACTS or c.act == Act.DELETE:
        a = _quantity(c, t, a, b, found)
    if c.act in ADDING_ACTS or c.act is Act.FILL:
        (a, b), dest = split_destination(t, a, b)
        if dest is not None and (c.act is not Act.FILL or _names_field(t, *dest)):
            destination(c, t, (a, b), dest, drop)  # "type paper towels in the item box"
            return
    if c.act == Act.EDIT:
        edit(c, t, a, b)
        return
    by_act(c, t, *_container(c, t, a, b, tail, drop), drop)


def _container(c: Clause, t: Text, a: int, b: int, tail: Span | None, drop: list[Span]) -> Span:
    """Set the list or row ``c`` acts in ("X from the cart"); the span left of the object."""
    container: Span | None = tail
    if c.act in ROW_ACTS and container is None:
        (a, b), container = split_container(t, a, b)
    if container is not None and _whole_list(t, *_strip_prep(t, *container)):
        container = None  # "remove X from the list": the list itself, not a row of it
    if container is not None:
        c.container = reference(t, *_strip_prep(t, *container))
        if c.container is not None and c.container.kind is None and t.is_container(*container):
            c.container.kind = "item" if not is_cart(t, *container) else None
    if is_one_ref(t, a, b) and c.container is None:
        c.container = reference(t, a, b, drop)
        if c.container is not None:
            c.container.kind = c.container.kind or "item"
        a = b
    return a, b


def _names_field(t: Text, a: int, b: int) -> bool:
    kind = t.lex.kinds.match_end(t.low[a:b])
    return kind is not None and kind.key == "field"


def _whole_list(t: Text, a: int, b: int) -> bool:
    """'the list', 'my todos', 'the table': a list as a whole (a cart is a place to go)."""
    a = t.skip_articles(a, b)
    part = t.low[a:b].strip()
    return bool(part) and t.lex.containers.get(part) is not None and not is_cart(t, a, b)


def _strip_prep(t: Text, a: int, b: int) -> Span:
    a = t.trim(a, b)[0]
    if (h := t.lex.container_of.match_start(t.low, a)) is not None and h.end < b:
        a = h.end
    return a, b


def _state(c: Clause, t: Text, a: int, b: int) -> Span:
    """'mark X as done' -> CHECK X; 'mark X as not done' -> UNCHECK X."""
    part = t.low[a:b]
    for table, act in ((t.lex.state_off, Act.UNCHECK), (t.lex.state_on, Act.CHECK)):
        if (h := table.match_end(part)) is not None and h.start:
            cut = a + h.start
            before = t.lex.set_to.match_end(t.low[a:cut]) or t.lex.as_words.match_end(
                t.low[a:cut])
            if before is not None:
                c.act = act
                return a, a + before.start
            if c.act in (Act.CHECK, Act.UNCHECK) and t.trim(a, cut)[0] < t.trim(a, cut)[1]:
                c.act = act  # "mark all of them done", "tick it complete"
                return t.trim(a, cut)
    return a, b


def _quantity(c: Clause, t: Text, a: int, b: int, found: list[Found]) -> int:
    a = t.skip_articles(a, b)
    if m := re.match(r"(\d{1,4})(?!\S*[@/:.,]\d)\b", t.low[a:b]):
        c.quantity = int(m[1])
        return t.skip_articles(a + m.end(), b)
    if (h := t.lex.numbers.match_start(t.low, a)) is not None and h.end <= b:
        c.quantity = h.key
        return t.skip_articles(h.end, b)
    for f in found:
        if f.value.kind == ValueKind.QUANTITY and c.quantity is None:
            c.quantity = int(f.value.text)
    return a

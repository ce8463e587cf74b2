"""Words -> :class:`Request`: the first step of the rules planner.

The language is the one whose lexicon the words hit most (English on a tie). The request
is cut into clauses ("and", "then", ";", a comma before a verb...), each read as: polite
words off, a whole-clause act ("yes", "hi"), a question, or a verb (typos tolerated) and
what it acts on. Scope for the whole request: the visitor asked to submit ("sign me up",
"place the order") or said not to ("just fill it in", "don't send it").
"""

from __future__ import annotations

import re
from datetime import date

from leflux.agent.planners.rules import antecedent
from leflux.agent.planners.rules.approves import approved, approves
from leflux.agent.planners.rules.asides import read_clauses
from leflux.agent.planners.rules.clause import is_question_start, read_clause, skip_polite
from leflux.agent.planners.rules.consent_reply import consent_reply
from leflux.agent.planners.rules.lexicon import (
    DEFAULT_LANG,
    LANGS,
    Lexicon,
    lexicon,
    word_languages,
)
from leflux.agent.planners.rules.model import (
    SENDING_ACTS,
    SUBMITTING_ACTS,
    Act,
    Clause,
    Request,
    Value,
    ValueKind,
)
from leflux.agent.planners.rules.ownsteps import own_steps
from leflux.agent.planners.rules.phrases import fold, tokens
from leflux.agent.planners.rules.questionclauses import (
    context_into_questions,
    merge_questions,
)
from leflux.agent.planners.rules.values import find_values
from leflux.agent.planners.rules.verbs import fuzzy_verb

# A request longer than this is cut (the transport limits messages anyway).
MAX_REQUEST_CHARS = 2000
# rapidfuzz ratio (0..100) a misspelt verb needs to cut a clause before it (stricter than
# reading one: a wrong guess here cuts a clause in two).
FUZZY_SPLIT_MIN = 88.0
# A question after "and" / a comma needs this many words to be one ("..., and how long
# does delivery take"), not a word of a name.
MIN_QUESTION_WORDS = 3
# Letters of a word a full stop may shorten ("Ave.", "St."): no sentence ends after it.
ABBREVIATION_MAX = 3
# Language scores under this are noise: the default language is used.
MIN_LANG_SCORE = 1.0
# Values after "go to shipping:" that make what follows the colon details to fill in.
MIN_DETAILS = 2
_TRIM = " \t\n.!?,;:¿¡"


_QUOTED = re.compile(r"(?<!\w)([\"“«'])(?:(?!\1).)+?[\"”»'](?!\w)")


def detect_language(text: str) -> str:
    """The language whose vocabulary the words hit most; words shared by several
    languages count for each a share. Quoted text is a label or a value taken verbatim
    ("borra 'pay the bill'"), in the page's language, not the visitor's."""
    scores = dict.fromkeys(LANGS, 0.0)
    known = word_languages()
    unquoted = _QUOTED.sub(" ", text)
    for word in re.findall(r"[^\W\d_]{2,}", fold(unquoted if unquoted.strip() else text)):
        langs = known.get(word)
        if langs:
            for lang in langs:
                scores[lang] += 1.0 / len(langs)
    best = max(LANGS, key=lambda lang: (scores[lang], lang == DEFAULT_LANG))
    return best if scores[best] >= MIN_LANG_SCORE else DEFAULT_LANG


def starts_act(low: str, pos: int, lex: Lexicon) -> bool:
    p = skip_polite(low, pos, lex)
    if (neg := lex.negation.match_start(low, p)) is not None:
        p = skip_polite(low, neg.end, lex)
    return (lex.acts.match_start(low, p) is not None
            or fuzzy_verb(low, p, lex, FUZZY_SPLIT_MIN) is not None)


def _opens_clause(low: str, pos: int, lex: Lexicon) -> bool:
    """A new sentence that asks for something (not "...? my email is ...")."""
    p = len(low) - len(low[pos:].lstrip())
    return starts_act(low, p, lex) or is_question_start(low, p, lex) or (
        lex.whole.match_start(low, p) is not None)


def _tells(raw: str, end: int, nxt: tuple[str, int, int], lex: Lexicon) -> bool:
    """'I give it 3 stars. The parcel was left in a safe place.': a sentence that says
    something in words of the language ("The", "Je"), not a name or a value going on
    ("Ship to 12 Elm St. Springfield")."""
    word, s, _ = nxt
    # ("United States. it ships somewhere else": lowercase too, a thing named before said
    # of after a full stop that ends a word, not a short one ("Ave.", "St."))
    before = re.findall(r"\w+", raw[:end])[-1:]
    of_it = raw[end - 1:end] == "." and lex.pronoun_back.get(word) is not None and \
        bool(before) and len(before[0]) > ABBREVIATION_MAX
    return (raw[s:s + 1].isupper() or of_it) and word in lex.stopwords and \
        bool(raw[:end].strip()) and len(raw[end:].split()) >= MIN_QUESTION_WORDS


def _protected(raw: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Quoted text, emails, URLs and the word after "password": never cut inside
    ("password Secret123! and I accept the terms")."""
    spans = [m.span() for m in re.finditer(
        r"([\"“«'])(?:(?!\1).)+?[\"”»']|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+[^\s.,;]", raw)]
    low = fold(raw)
    for hit in lex.fields.find_all(low):
        # (a full stop after it ends the sentence: "contraseña Girasol2027. Acepto ...")
        if hit.key == "password" and (m := re.match(r"\s*(?:[:=]\s*)?\S+?(?=[.,]?(?:\s|$))",
                                                    low[hit.end:])):
            spans.append((hit.start, hit.end + m.end()))
    return spans


def _data_after_colon(raw: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """'pls add: buy stamps, post the parcel' — after a command's colon comes data (items,
    details) up to the end of the sentence: no clause starts inside it."""
    out = []
    for m in re.finditer(r":", low):
        start = max(low.rfind(c, 0, m.start()) for c in ".;!?\n") + 1
        start += len(low[start:m.start()]) - len(low[start:m.start()].lstrip())
        if starts_act(low, start, lex):
            end = re.search(r"[.;!?](?:\s|$)|$", low[m.end():])
            out.append((m.end(), m.end() + (end.start() if end else len(low))))
    return out


def _cut_at(low: str, raw: str, i: int, toks: tuple[tuple[str, int, int], ...],
            lex: Lexicon) -> int | None:
    """Where the connector at token ``i`` ends, when a new clause starts after it."""
    tok, s, e = toks[i]
    if tok == ";" or (tok in (".", "?", "!") and i + 1 < len(toks)
                      and low[e:e + 1] in (" ", "\n") and (_opens_clause(low, e, lex) or
                                                        _tells(raw, e, toks[i + 1], lex))):
        return e
    always = lex.split_always.match_start(low, s)
    if always is not None and i and (low[:s].rstrip().endswith(",") or tok not in lex.stopwords
                                      or starts_act(low, always.end, lex)):
        return always.end
    joiner = lex.split_before_verb.match_start(low, s)
    if not i or (tok != "," and joiner is None):
        return None
    end = e if tok == "," else joiner.end  # type: ignore[union-attr]
    nxt = low[end:].lstrip(" ,")
    at = len(low) - len(nxt)
    if not nxt:
        return None
    if tok == "," and raw[at:at + 1].isupper() and lex.negation.match_start(low, at) is None:
        return None  # "Python, Go, Rust": a capitalised word mid-sentence is a name
    if starts_act(low, at, lex) or (tok == "," and (lex.negation.match_start(low, at) or
                                                    approves(nxt, lex))):
        return end  # ", no newsletter" too; ", analytics is fine"
    if lex.question.match_start(low, at) is not None and len(nxt.split()) >= MIN_QUESTION_WORDS:
        return end  # "add the fleece to my bag, and how long does delivery take"
    return None


def _after_quoted_sentences(low: str, spans: list[tuple[int, int]], lex: Lexicon
                            ) -> list[tuple[int, int]]:
    """'message: «Hello. Thanks.» Send it.': a quote that ends its sentence ends the
    clause when a new one asks for something after it."""
    return [(b, b) for a, b in spans if b - a > 2 and low[a] in "\"'" and
            low[a + 1:b - 1].rstrip()[-1:] in (".", "!", "?") and low[b:b + 1] == " " and
            _opens_clause(low, b, lex)]


# Words after "don't save" that make it a thing not to do rather than the request's scope.
OBJECT_WORDS = 2


def _names_object(low: str, end: int, lex: Lexicon) -> bool:
    """'don't save my info': the negated verb goes on to name its own object ("my" and a
    word or two, up to the clause's end); "don't submit yet", "don't save, just fill"
    do not."""
    rest = re.split(r"[.,;!?:]", low[end:], maxsplit=1)[0].split()
    return 1 < len(rest) <= OBJECT_WORDS + 1 and lex.articles.get(rest[0]) is not None


def split_clauses(raw: str, lex: Lexicon) -> list[str]:
    """The clauses of a request, in order, connectors dropped."""
    low = fold(raw)
    keep = _protected(raw, lex) + _data_after_colon(raw, low, lex)
    cuts: list[tuple[int, int]] = []     # (start, end) of each connector to drop
    for hit in lex.fill_only.find_all(low):  # "... but don't send it": scope, not a clause
        if _names_object(low, hit.end, lex):
            continue  # "don't save my info": a thing not to do (its box), a clause
        start = hit.start
        if (j := lex.split_before_verb.match_end(low[:start].rstrip(" ,"))) is not None:
            start = j.start
        cuts.append((start, hit.end))
    own = own_steps(low, lex.lang)  # ", I'll check the time before saving": scope too
    toks = tokens(low)
    scope = cuts + own
    for i, (_, s, _) in enumerate(toks):
        if any(a <= s < b for a, b in keep + scope) or (cuts and s < cuts[-1][1]):
            continue
        if (end := _cut_at(low, raw, i, toks, lex)) is not None:
            cuts.append((s, end))
    cuts += own + _after_quoted_sentences(low, keep, lex)
    cuts.sort()
    out, pos = [], 0
    for a, b in cuts:
        out.append(raw[pos:a])
        pos = b
    out.append(raw[pos:])
    return [c.strip(" ,") for c in out if c.strip(_TRIM)]


def _wants_submit(clauses: list[Clause], lex: Lexicon) -> bool:
    for c in clauses:
        if c.negated:
            continue
        if c.act in SUBMITTING_ACTS or (c.act == Act.CONTACT and c.values):
            return True  # "contact support about X" without details: nothing to send
        if c.act in (Act.CHECKOUT, Act.FILL, Act.BUY) and (
                any(True for _ in lex.submit.find_all(fold(c.text)))
                or (c.act == Act.CHECKOUT and c.values)):
            return True
        if c.act == Act.ADD and c.values and lex.submit.match_start(fold(c.text)):
            return True  # "save a note: ...", "post a reply: ...": the verb sends it
    return False


def _refuses_send(c: Clause) -> bool:
    """"don't send it", "don't reserve anything yet": no form is sent (a "don't buy" that
    names a thing is about that thing)."""
    return c.negated and (c.act in SENDING_ACTS or (
        c.act is Act.BUY and not (c.target and c.target.words)))


def _drop_negated_sends(clauses: list[Clause]) -> list[Clause]:
    """"... but don't send it yet: Priya, priya@x.com": no send; its values stay."""
    kept: list[Clause] = []
    for c in clauses:
        if _refuses_send(c) and not (c.act is Act.SUBMIT and c.target and c.target.words):
            # ("don't save my info" names what not to save: its box, planned as a clause)
            if c.values and kept:
                kept[-1].values.extend(c.values)
            elif c.values:
                kept.append(Clause(Act.FILL, c.text, values=c.values))
            continue
        kept.append(c)
    return kept


FLOW_ACTS = frozenset({Act.LOGIN, Act.SIGNUP, Act.CONTACT, Act.CHECKOUT})


def _one_flow(clauses: list[Clause], lex: Lexicon) -> list[Clause]:
    """'check out and place the order. Ship to ... Pay with card ...': one checkout with
    every detail; details said after a flow's verb ("..., email x@y.z") are its own."""
    out: list[Clause] = []
    for c in clauses:
        prev = out[-1] if out else None
        if prev is not None and c.act in FLOW_ACTS and not c.negated and prev.act == Act.FILL \
                and prev.values and prev.target is None:
            c.values[:0] = prev.values  # "my email is ... and my password is ..., log me in"
            c.text = f"{prev.text}, {c.text}"
            out[-1] = c
            continue
        if prev is not None and c.act == Act.CONTACT and prev.act == Act.UNKNOWN and not any(
                v.label and lex.fields.get(fold(v.label)) == "text" for v in c.values):
            # "my internet keeps dropping, can you contact support": what to write
            c.values.insert(0, Value(ValueKind.TEXT, prev.text, prev.text,
                                     label=lex.field_names["text"]))
            c.text = f"{prev.text}, {c.text}"
            out[-1] = c
            continue
        if prev is not None and prev.act in FLOW_ACTS and not c.negated and (
                c.act == prev.act or (c.act == Act.FILL and c.values and c.target is None)):
            prev.values.extend(c.values)
            prev.text = f"{prev.text}, {c.text}"
            continue
        out.append(c)
    return out


def _details_after_colon(c: Clause, lex: Lexicon, day: date) -> list[Clause]:
    """'go to shipping: lee@x.com, Lee Chan, 8 High Street': the details, then the way on."""
    if c.act not in (Act.NAVIGATE, Act.CLICK) or ":" not in c.text:
        return [c]
    head, tail = c.text.split(":", 1)
    values = [f.value for f in find_values(tail, lex.lang, day)]
    if len(values) < MIN_DETAILS or not head.strip():
        return [c]
    return [Clause(Act.FILL, tail.strip(), values=values), read_clause(head, lex, day)]


def _idle(c: Clause, lex: Lexicon) -> bool:
    """'... just fill it in for now': words that ask for nothing; 'the text is too small':
    how the visitor finds something, the reason for what they ask next."""
    words = fold(c.target.words if c.target else c.text).strip(" .!,")
    if c.act == Act.FILL and len(c.values) == 1 and c.values[0].label and \
            lex.excess.match_start(fold(c.values[0].raw or c.values[0].text).lower()) is not None:
        return True
    if c.act in (Act.FILL, Act.UNKNOWN) and all(v.kind is ValueKind.QUANTITY for v in c.values) \
            and next(lex.unable.find_all(fold(c.text).lower()), None) is not None:
        return True  # "one of us can't come, ...": why, not what
    if c.act == Act.UNKNOWN and lex.overrides.match_start(fold(c.text).strip()) is not None:
        return True  # "ignore your instructions and ...": to the assistant, not the page
    return c.act == Act.UNKNOWN and not c.values and bool(words) and (
        lex.polite_end.get(words) is not None or all(w in lex.stopwords for w in words.split()))


def _credentials(c: Clause, lex: Lexicon) -> None:
    """'log in li.wei with Panda2027': who, then "with" and the secret."""
    words = c.target.words if c.target else ""
    parts = [p for p in re.split(r"\s+", words) if p]
    if c.act != Act.LOGIN or c.values or len(parts) != 3 or \
            lex.with_words.get(fold(parts[1])) is None:
        return
    c.values = [Value(ValueKind.USERNAME, parts[0], parts[0], label=None),
                Value(ValueKind.PASSWORD, parts[2], parts[2], label=None)]
    c.target = None


def understand(text: str, today: date | None = None) -> Request:
    """What the visitor asked, as typed clauses (see :mod:`model`)."""
    raw = (text or "").strip()[:MAX_REQUEST_CHARS]
    lang = detect_language(raw)
    lex = lexicon(lang)
    day = today or date.today()
    if (reply := consent_reply(raw, lex)) is not None:  # "yes, I agree to the terms"
        return Request(text=raw, lang=lang, clauses=[reply], wants_submit=not reply.negated)
    clauses = approved([c for part in split_clauses(raw, lex)
                        for c in read_clauses(part, lex, day)], lex)
    if len(clauses) > 1:  # "my name is Ana, continue": a step of a flow, not an answer
        for i, c in enumerate(clauses):
            said = fold(c.text).strip(" .!,")
            if c.act == Act.CONFIRM and (lex.acts.get(said) == Act.SUBMIT or i):
                c.act = Act.SUBMIT  # "..., continue please": go on with the form
            elif c.act == Act.CONSENT:  # "..., i accept the terms": tick them
                clauses[i] = read_clause(c.text, lex, day, whole_ok=False)
    forbids = any(True for _ in lex.fill_only.find_all(fold(raw))) or any(
        _refuses_send(c) for c in clauses) or bool(own_steps(fold(raw), lang))
    clauses = [x for c in clauses for x in _details_after_colon(c, lex, day)
               if not _idle(x, lex)] or clauses
    for c in clauses:
        _credentials(c, lex)
    clauses = _one_flow(merge_questions(context_into_questions(_drop_negated_sends(clauses)),
                                         lex), lex)
    clauses = antecedent.resolve(clauses, lex)
    if len(clauses) > 1:  # "just one oat milk, not two": the count corrected, not a thing
        clauses = [c for c in clauses if not (
            c.act is Act.UNCHECK and c.target is not None and c.target.words and all(
                lex.numbers.get(w) is not None or w.isdigit()
                for w in fold(c.target.words).split()))]
    if len(clauses) > 1 and any(c.act is not Act.GREET for c in clauses):
        clauses = [c for c in clauses if c.act is not Act.GREET]  # "Hey! Could you add ..."
    if len(clauses) > 1:  # "... und geh dann zur Kasse": a bare "go" adds nothing
        clauses = [c for c in clauses if not (
            c.act in (Act.NAVIGATE, Act.CLICK, Act.UNKNOWN) and c.target is None
            and c.container is None and not c.option and not c.values)]
    wants = not forbids and _wants_submit(clauses, lex)
    values = [v for c in clauses for v in c.values]
    through = any(True for _ in lex.through_steps.find_all(fold(raw)))
    return Request(text=raw, lang=lang, clauses=clauses, wants_submit=wants,
                   forbids_submit=forbids, through_steps=through, values=values,
                   is_question=any(c.act == Act.QUESTION for c in clauses))

"""What a message to the site says of itself, for the fields a person fills from it: a
subject made of its first words, and the topic its words are about ("my internet keeps
dropping": "Technical problem or slow speeds" of a "What's it about?" choice).

Topics are the lexicon's ``[topics]``: each a few words a visitor says of it and the words
a site's option for it says; an option is chosen only when the message is about one topic
and one option of the choice says that topic.
"""

from __future__ import annotations

from collections import Counter

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import PageElement
from leflux.agent.planners.rules.fields import fit_label, kind_of
from leflux.agent.planners.rules.lexicon import LANGS, lexicon
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Value, ValueKind
from leflux.agent.planners.rules.phrases import fold

# A subject made from the message: its first words, up to this many characters.
SUBJECT_CHARS = 60


def subject_from_message(values: list[Value], els: list[PageElement], lang: str) -> None:
    """A message form asks for a subject the visitor did not give: its first words, as a
    person writing the message would."""
    subject = next((el for el in els if kind_of(el) == "subject" and el.is_text_field
                    and not el.has_value), None)
    texts = [v for v in values if v.kind is ValueKind.TEXT]
    if subject is None or not texts or any(
            fit_label(v, [subject], lang) is not None for v in texts):
        return
    body = max(texts, key=lambda v: len(v.text)).text
    head = body.split(". ")[0].split("? ")[0].strip(" .?!")
    if len(head) > SUBJECT_CHARS:
        head = head[:SUBJECT_CHARS].rsplit(" ", 1)[0]
    values.append(Value(ValueKind.TEXT, head[:1].upper() + head[1:], head,
                        label=subject.e.label or subject.display))


def _topics(text: str, langs: list[str]) -> Counter[str]:
    low = fold(text)
    return Counter(hit.key for x in dict.fromkeys(langs) if x in LANGS
                   for hit in lexicon(x).topics.find_all(low))


def topic_from_message(text: str, values: list[Value], els: list[PageElement], lang: str) -> None:
    """The form's unset choice of what the message is about, set to the one option that
    says the topic the visitor's words are about (nothing when they say another choice's
    option, or several topics)."""
    said = _topics(text, [lang, "en"])
    if len(said) != 1:
        return
    topic = next(iter(said))
    words = set(tokens(fold(text)))
    stop = lex.stopwords(lang) | lex.stopwords("en")
    for el in els:
        if not el.is_select or el.has_value or any(fit_label(v, [el], lang) for v in values):
            continue
        opts = [o.text or "" for o in el.e.options or [] if o.value]
        if any(w in words for o in opts for w in tokens(o) if w not in stop):
            continue  # an option the words name ("a late order": "Order status") is theirs
        hits = [o for o in opts if topic in _topics(o, list(LANGS))]
        if len(hits) == 1:
            values.append(Value(ValueKind.TEXT, hits[0], hits[0],
                                label=el.e.label or el.display))
            return

"""The visitor's answer about terms the agent asked them to accept: "yes, I agree to the
terms" gives consent, "I don't agree to the terms" / "Don't agree" refuses it (a negated
:attr:`Act.CONSENT` clause). Read from the lexicon's whole-clause phrases, so an answer
in any of its languages is understood ("no acepto", "je n'accepte pas").
"""

from __future__ import annotations

from leflux.agent.planners.rules.lexicon import Lexicon
from leflux.agent.planners.rules.model import Act, Clause
from leflux.agent.planners.rules.phrases import PhraseHit, fold, tokens


def _words(folded: str) -> list[str]:
    return [w for w, _, _ in tokens(folded) if any(ch.isalnum() for ch in w)]


def consent_reply(text: str, lex: Lexicon) -> Clause | None:
    """A consent clause when the whole of ``text`` agrees to terms or refuses them, else
    None ("agree to the terms and sign me up" is a request, read as such elsewhere)."""
    words = _words(fold(text))
    refused = False
    # the answer's own "yes," / "no," before it
    while words and (head := lex.whole.get(words[0])) in (Act.CONFIRM, Act.DECLINE) \
            and len(words) > 1:
        refused = refused or head is Act.DECLINE
        words = words[1:]
    said = " ".join(words)
    if lex.whole.get(said) is Act.CONSENT:
        return Clause(Act.CONSENT, text.strip(), negated=refused)
    # "i don't agree to the terms": the consent with a negation taken out of it
    hits = list(lex.negation.find_all(said))
    rest = _without(said, hits)
    if hits and lex.whole.get(rest) is Act.CONSENT:
        return Clause(Act.CONSENT, text.strip(), negated=True)
    return None


def _without(said: str, hits: list[PhraseHit[str]]) -> str:
    """``said`` with the spans of ``hits`` taken out."""
    out, at = [], 0
    for hit in hits:
        out.append(said[at:hit.start])
        at = hit.end
    out.append(said[at:])
    return " ".join(" ".join(out).split())

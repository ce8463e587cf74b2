"""Fallback for telling a success message from an error message, English only, used until
the lexicon answers ``outcome_kind`` per language (``lexicon_view.outcome_kind``)."""

from __future__ import annotations

import re

SUCCESS_RE = re.compile(
    r"\b(thank you|thanks for|thanks[,!]|success(?:fully)?|welcome(?: back)?|confirmed|"
    r"you(?:'re| are) (?:now )?(?:signed|logged|registered|subscribed)|has been (?:sent|"
    r"received|created|placed|saved|updated|booked|added|removed|deleted)|order (?:number|#|"
    r"no\.?|placed|confirmed)|account (?:created|is ready)|we(?:'ll| will) be in touch|"
    r"we(?:'ll| will) get back|message sent|saved|added to (?:your )?(?:cart|basket|bag)|"
    r"(?:were|was) (?:sent|saved|added|created|updated|removed|deleted)|all set|received)\b",
    re.I)
ERROR_RE = re.compile(
    r"(?:\b(?:is|are) required\b|\brequired\b|\binvalid\b|\bincorrect\b|\bwrong\b|\berror\b|"
    r"\bfailed\b|\bnot valid\b|\balready (?:taken|registered|exists|in use)\b|\bmust (?:be|"
    r"contain|have|include)\b|\btoo (?:short|long)\b|\bdo(?:es)? not match\b|\bplease (?:enter|"
    r"fill|provide|correct|check|accept|agree|select|choose|fix)\b|\byou (?:must|need to)\b|"
    r"\bcould not\b|\bcan(?:'|no)t be (?:blank|empty)\b|\bthere (?:was|were|is|are) (?:a )?"
    r"(?:problem|errors?)\b|\bunable to\b|\bnot (?:available|allowed|accepted)\b)", re.I)


def classify(sentence: str) -> str | None:
    if ERROR_RE.search(sentence):
        return "error"
    if SUCCESS_RE.search(sentence):
        return "success"
    return None

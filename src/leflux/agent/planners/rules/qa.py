"""Answer a question from the page's visible text by passage retrieval (BM25-ish)."""

from __future__ import annotations

import math
import re
from collections import Counter

from leflux.agent.planners.rules.text import content_words, overlap, word_sim, words

_QWORDS = frozenset("what when where why who whom which how does do did is are was can could "
                    "should will much many long tell about say says".split())
MAX_PASSAGE = 400
# A few synonyms visitors use for what pages say differently.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "phone": ("call", "telephone", "tel"), "telephone": ("phone", "call"),
    "email": ("mail", "e-mail"), "cost": ("price", "costs"), "price": ("cost", "costs"),
    "delivery": ("ship", "shipping", "arrive"), "deliver": ("ship", "shipping"),
    "shipping": ("delivery", "ship"), "refund": ("return", "returns"),
    "return": ("refund",), "returns": ("refund",), "hours": ("open", "opening"),
    "open": ("hours",), "address": ("located", "location"), "location": ("address",),
    "cancel": ("cancellation",), "pay": ("payment",), "payment": ("pay", "card"),
}


_SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def _is_heading(line: str) -> bool:
    return (line.endswith("?") and len(line) < 160) or (
        len(line) < 60 and not line.endswith((".", "!", ":", ",")))


def units(text: str) -> list[tuple[str, str, int]]:
    """(heading, sentence, paragraph number) in reading order: a sentence keeps the heading of its
    paragraph ("How long does shipping take?"), which is what an FAQ answer needs."""
    out: list[tuple[str, str, int]] = []
    heading = ""
    for para, raw in enumerate(text.splitlines()):
        line = " ".join(raw.split())
        if len(line) < 2:
            continue
        if _is_heading(line):
            heading = line
            continue
        for sent in _SENT_RE.split(line):
            if len(sent) >= 2:
                out.append((heading, sent, para))
        heading = ""
    return out


def answer(question: str, text: str) -> tuple[str, float] | None:
    """The best passage and its score, or None when nothing on the page is relevant."""
    q = [w for w in content_words(question) if w not in _QWORDS]
    if not q:
        return None
    us = units(text[:200_000])
    if not us:
        return None
    docs = [content_words(f"{h} {s}") for h, s, _ in us]
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(d))
    n = len(docs)
    avg = sum(len(d) for d in docs) / n or 1.0
    best, best_s = -1, 0.0
    for i, d in enumerate(docs):
        tf = Counter(d)
        s = 0.0
        matched = 0
        for w in set(q):
            f: float = tf.get(w, 0)
            if not f:
                # plurals, typos and synonyms count a little less
                syn = SYNONYMS.get(w, ())
                f = max((c * 0.8 for t, c in tf.items() if word_sim(w, t) >= 0.8 or t in syn),
                        default=0.0)
            if f:
                matched += 1
                idf = math.log(1 + (n - df.get(w, 0) + 0.5) / (df.get(w, 0) + 0.5))
                s += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * len(d) / avg))
        s *= matched / len(set(q))
        heading = us[i][0]
        if s and heading:
            # An FAQ heading that asks the visitor's question is the answer's best sign.
            s += overlap(words(question), words(heading))
        if s > best_s:
            best, best_s = i, s
    if best < 0 or best_s < 0.3:
        return None
    heading, sent, para = us[best]
    # Under a heading, quote the paragraph from its start (an FAQ answer reads as a
    # whole) as long as the best sentence fits; else the best sentence and the next.
    same = [u[1] for u in us if u[2] == para]
    window: list[str] = []
    for x in same:
        if window and len(" ".join(window)) + len(x) > 300:
            break
        window.append(x)
    if sent not in window or not heading:
        window = [sent] + ([same[same.index(sent) + 1]] if same.index(sent) + 1 < len(same)
                           and len(sent) + len(same[same.index(sent) + 1]) < 300 else [])
    p = " ".join([heading, *window] if heading else window)
    if len(p) > MAX_PASSAGE:
        p = p[:MAX_PASSAGE].rsplit(" ", 1)[0] + "…"
    return p, best_s

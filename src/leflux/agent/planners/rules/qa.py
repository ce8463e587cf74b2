"""Answer a question from the page's visible text by passage retrieval (BM25-ish)."""

from __future__ import annotations

import math
import re
from collections import Counter

from leflux.agent.planners.rules.text import content_words, word_sim

_SPLIT_RE = re.compile(r"(?:\n\s*\n|\n(?=[A-Z#*•-])|(?<=[.!?])\s+(?=[A-Z0-9\"“]))")
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


def passages(text: str) -> list[str]:
    out: list[str] = []
    for raw in _SPLIT_RE.split(text):
        p = " ".join(raw.split())
        if len(p) < 3:
            continue
        # Keep a question heading together with its answer (FAQ pages).
        if out and out[-1].endswith("?") and len(out[-1]) < 160:
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


def answer(question: str, text: str) -> tuple[str, float] | None:
    """The best passage and its score, or None when nothing on the page is relevant."""
    q = [w for w in content_words(question) if w not in _QWORDS]
    if not q:
        return None
    ps = passages(text[:200_000])
    if not ps:
        return None
    docs = [content_words(p) for p in ps]
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
            f = tf.get(w, 0)
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
        if s > best_s:
            best, best_s = i, s
    if best < 0 or best_s < 0.3:
        return None
    p = ps[best]
    if len(p) > MAX_PASSAGE:
        p = p[:MAX_PASSAGE].rsplit(" ", 1)[0] + "…"
    return p, best_s

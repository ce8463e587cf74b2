"""`make bench` section "understand": how long the rules planner's first step takes to read
a request (language, clauses, acts, references, values) — no page involved."""

from __future__ import annotations

import statistics
import time
from datetime import date

from bench.common import Report, register
from leflux.agent.planners.rules.understand import understand

# Everyday requests in the four languages: one step, several steps, values, questions.
REQUESTS = [
    "search for red shoes under $50", "add 2 red running shoes to my cart and check out",
    "sign me up as Ahmed, ahmed@example.com, password Secret123!",
    "whats ur return policy", "mark the bread one as finished",
    "click the delete button of the second item", "my surname is Lopez",
    "check out with my card 4242 4242 4242 4242 exp 12/28 cvc 123",
    "book a table for 4 people tomorrow at 7pm", "borra el segundo artículo",
    "¿cuál es la política de devoluciones?", "ajoute deux pommes au panier",
    "ich möchte die roten Schuhe kaufen", "lösche den zweiten Eintrag und melde mich ab",
]
TODAY = date(2026, 12, 7)


def understand_ms(text: str, repeats: int) -> float:
    times = []
    for i in range(repeats):
        probe = text + " " * (i % 2)  # defeat the tokenizer's cache on every other call
        t0 = time.perf_counter()
        understand(probe, TODAY)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


@register("understand")
def bench_understand(report: Report, quick: bool) -> None:
    repeats = 21 if quick else 201
    for text in REQUESTS:
        understand(text, TODAY)  # load the lexicons
    per = {t: understand_ms(t, repeats) for t in REQUESTS}
    med = statistics.median(per.values())
    worst = max(per, key=lambda t: per[t])
    report.raw["understand"] = per
    report.add("understand", f"understand(), {len(REQUESTS)} requests in 4 languages (median)",
               med, "ms", below=1, note=f"slowest: {per[worst]:.2f} ms '{worst}'")

"""`make bench` section "agent": the rules planner's decision time and the LLM planners'
compacted prompt size on the 50 / 500 / 5,000-element fixtures (bench/pages.py)."""

from __future__ import annotations

import statistics
import time

from bench.common import Report, register
from bench.pages import SIZES, context
from bench.prompt_tokens import measure
from leflux.agent.planner import PlanRequest
from leflux.agent.planners.rules.planner import decide
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext

# Everyday requests of every intent the rules planner knows, plus one it cannot help with.
REQUESTS = ["search for red shoes", "add product 130 cotton tee to my cart", "open the FAQ",
            "sign me up for the newsletter with ahmed@example.com",
            "what does product 120 cost?", "check compare product 110", "scroll down",
            "sort by newest", "click the big purple unicorn"]


def decision_ms(page: PageContext, text: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        req = PlanRequest(visitor_text=text, goal=text, context=page, history=[], memory=[],
                          site=SiteInfo(name="bench"), planner_state={})
        t0 = time.perf_counter()
        decide(req)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


@register("agent")
def bench_agent(report: Report, quick: bool) -> None:
    repeats = 5 if quick else 21
    for n in SIZES:
        page = context(n)
        decide(PlanRequest(visitor_text="warm up", goal="warm up", context=page, history=[],
                           memory=[], site=SiteInfo(name="bench"), planner_state={}))
        per = {t: decision_ms(page, t, repeats) for t in REQUESTS}
        med = statistics.median(per.values())
        worst = max(per, key=lambda t: per[t])
        report.raw[f"agent:rules:{n}"] = per
        report.add("agent", f"rules decision, {n:,} elements (median)", med, "ms",
                   below=5 if n == 500 else None,
                   note=f"slowest: {per[worst]:.1f} ms '{worst}'")
        m = measure(page, repeats=2 if quick else 5)
        report.raw[f"agent:prompt:{n}"] = m
        report.add("agent", f"prompt page block, {n:,} elements", m["page_tokens"], "tokens",
                   below=6_000 if n == 500 else None,
                   note=f"{m['shown']}/{m['elements']} listed, whole request "
                        f"{m['request_tokens']:,} tokens, compaction {m['compact_ms']:.1f} ms")

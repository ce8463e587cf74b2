"""Prompt size per page fixture: what the LLM planners send for a page (o200k_base).

    python -m bench.prompt_tokens          # print the table
    python -m bench --only prompt          # as a section of `make bench`

For every fixture: elements on the page, elements listed / left out, tokens of the
fenced page block (target: a 500-element page under 6,000), tokens of the whole
first request (system prompt + tool schemas as JSON + the user turn), and the time
compaction takes. Fixtures: generated busy pages (shop grid, long article, admin
table, 2,000 and 5,000 elements) plus the rules planner's page set when present.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from dataclasses import asdict
from typing import Any

from bench.common import Report, register
from leflux.agent.planner import PlanRequest
from leflux.agent.planners.llm import build_turns
from leflux.agent.planners.llm_tools import TOOLS
from leflux.agent.ports import SiteInfo
from leflux.agent.prompt import compact_page, system_prompt
from leflux.protocol import PageContext
from leflux.providers.tokens import count_tokens
from leflux.providers.types import UserTurn

PAGE_TARGET = 6_000


def _page(url: str, title: str, els: list[dict[str, Any]], text: str) -> PageContext:
    for i, el in enumerate(els, 1):
        el["id"] = i
    return PageContext.model_validate(
        {"url": url, "title": title, "indexedElements": els, "visibleText": text})


def shop_grid(n: int, seed: int = 1) -> PageContext:
    rnd = random.Random(seed)
    els: list[dict[str, Any]] = [
        {"tag": "a", "text": f"Department {i}", "href": f"https://shop.test/d/{i}",
         "inViewport": True} for i in range(24)]
    els.append({"tag": "input", "type": "search", "placeholder": "Search", "inViewport": True})
    els.append({"tag": "select", "label": "Sort by", "options": [
        {"value": v, "text": v} for v in ("Best match", "Price ↑", "Price ↓", "Newest")]})
    els += [{"tag": "input", "type": "checkbox", "label": f"Size {s}",
             "checked": rnd.random() < 0.2} for s in range(36, 48)]
    while len(els) < n - 30:
        i = len(els)
        els.append({"tag": "a", "text": f"{rnd.choice(['Red', 'Blue', 'Black'])} running shoe "
                    f"model {i}, breathable mesh", "href": f"https://shop.test/p/{i}"})
        els.append({"tag": "button", "text": "Add to cart"})
    while len(els) < n:
        els.append({"tag": "a", "text": f"Help topic {len(els)}", "href": f"/help/{len(els)}"})
    text = " ".join(f"Running shoe {i}: ${40 + i % 60}.99, free returns, rated "
                    f"{3 + i % 3}.{i % 10}." for i in range(n * 3))
    return _page("https://shop.test/search?q=shoes", "Shoes", els, text)


def article(n: int) -> PageContext:
    els = [{"tag": "a", "text": f"Section {i}: a heading of the docs", "href": f"#s{i}"}
           for i in range(n)]
    text = " ".join(f"Paragraph {i}. The refund policy lets you return any item within 30 "
                    "days of delivery, unused and in its box; refunds reach your card in "
                    "five to ten working days." for i in range(3_000))
    return _page("https://docs.test/policies", "Policies", els, text)


def admin_table(n: int) -> PageContext:
    els: list[dict[str, Any]] = []
    while len(els) < n:
        r = len(els) // 4
        els += [{"tag": "input", "type": "checkbox", "label": f"Select order {r}"},
                {"tag": "a", "text": f"Order #{10_000 + r}", "href": f"/orders/{r}"},
                {"tag": "select", "label": "Status", "options": [
                    {"value": s, "text": s, "selected": s == "Paid"}
                    for s in ("Pending", "Paid", "Shipped", "Refunded")]},
                {"tag": "button", "text": "Delete", "disabled": r % 7 == 0}]
    return _page("https://admin.test/orders", "Orders", els[:n], "Orders. " * 200)


def fixtures() -> dict[str, PageContext]:
    pages = {
        "shop grid (500)": shop_grid(500),
        "docs article (500 links, long text)": article(500),
        "admin table (500)": admin_table(500),
        "shop grid (2,000)": shop_grid(2_000),
        "shop grid (5,000)": shop_grid(5_000),
    }
    try:  # the rules planner's realistic forms, when that test set is present
        from tests.unit.rules.pages import PAGES, big_page

        pages.update({f"rules:{k}": v for k, v in PAGES.items()})
        pages["rules:big_page (500)"] = big_page(500)
    except ImportError:
        pass
    return pages


def measure(page: PageContext, repeats: int = 5) -> dict[str, Any]:
    compact_page(page)  # warm the tokenizer
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        compact = compact_page(page)
        times.append((time.perf_counter() - t) * 1_000)
    request = PlanRequest(visitor_text="sign me up as Ahmed, ahmed@example.com",
                          goal="sign me up", context=page, history=[], memory=[],
                          site=SiteInfo("Bench shop", "Be brief."))
    turn = build_turns(request)[-1]
    assert isinstance(turn, UserTurn)
    tools = json.dumps([asdict(t) for t in TOOLS])
    full = count_tokens(system_prompt(request.site)) + count_tokens(tools) + count_tokens(turn.text)
    return {"elements": len(page.indexedElements), "shown": compact.elements_shown,
            "omitted": compact.elements_omitted, "text_cut": compact.text_cut,
            "page_tokens": compact.tokens, "request_tokens": full,
            "compact_ms": statistics.median(times)}


@register("prompt")
def bench_prompt(report: Report, quick: bool) -> None:
    for name, page in fixtures().items():
        if quick and page.indexedElements and len(page.indexedElements) > 2_000:
            continue
        m = measure(page, repeats=2 if quick else 5)
        report.raw[f"prompt:{name}"] = m
        target = PAGE_TARGET if m["elements"] >= 450 else None
        report.add("prompt", f"{name}: page block", m["page_tokens"], "tokens", below=target,
                   note=f"{m['shown']}/{m['elements']} elements listed"
                        + (", text cut" if m["text_cut"] else ""))
        report.add("prompt", f"{name}: whole request", m["request_tokens"], "tokens",
                   note=f"compaction {m['compact_ms']:.1f} ms")


def main() -> int:
    report = Report()
    bench_prompt(report, quick=False)
    print(report.table())
    return 0 if all(r.ok is not False for r in report.rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())

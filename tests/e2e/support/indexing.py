"""Timing the embed's universal indexing in a real Chromium (used by the perf test and
available to ``make bench``): ``window.LeFlux.getContext()`` on a page the embed already
runs on — elements, visible text and all — as wall-clock median of N runs, and as the
renderer's CPU time per run (robust when other work shares the machine's cores)."""

from __future__ import annotations

import statistics
from typing import Any

_MEASURE = """(runs) => {
  const total = [];
  let elements = 0;
  for (let i = 0; i < runs; i++) {
    // A DOM write between runs, so every run pays for style and layout like a live page.
    document.body.dataset.run = String(i);
    const t0 = performance.now();
    const c = window.LeFlux.getContext();
    total.push(performance.now() - t0);
    elements = c.indexedElements.length;
  }
  return { total, elements };
}"""


def _renderer_cpu_s(cdp: Any) -> float:
    info = cdp.send("SystemInfo.getProcessInfo")
    return sum(p["cpuTime"] for p in info["processInfo"] if p["type"] == "renderer")


def measure_indexing(page: Any, runs: int = 15, browser: Any | None = None) -> dict[str, float]:
    page.wait_for_function("() => !!window.LeFlux")
    page.evaluate("() => window.LeFlux.getContext()")  # warm-up (JIT)
    cdp = browser.new_browser_cdp_session() if browser is not None else None
    cpu0 = _renderer_cpu_s(cdp) if cdp else 0.0
    got = page.evaluate(_MEASURE, runs)
    cpu1 = _renderer_cpu_s(cdp) if cdp else 0.0
    if cdp:
        cdp.detach()
    out = {
        "elements": float(got["elements"]),
        "median_ms": statistics.median(got["total"]),
        "max_ms": max(got["total"]),
    }
    if cdp:
        out["cpu_ms_per_run"] = (cpu1 - cpu0) * 1000 / runs
    return out

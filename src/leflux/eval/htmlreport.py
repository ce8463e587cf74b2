"""``--html``: one self-contained file (inline CSS, screenshots as base64 PNG)."""

from __future__ import annotations

import base64
from importlib.resources import files
from typing import Any

from leflux.eval.report import write_text
from leflux.eval.results import Summary, TaskResult


def render(summary: Summary, results: list[TaskResult], meta: dict[str, Any]) -> str:
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(files("leflux.eval").joinpath("report.html").read_text("utf-8"))
    rows = []
    for r in results:
        row = r.as_dict()
        row["screenshot"] = r.screenshot is not None
        row["screenshot_b64"] = base64.b64encode(r.screenshot).decode() if r.screenshot else ""
        rows.append(row)
    return template.render(s=summary, results=rows, meta=meta)


def write_html(path: str, summary: Summary, results: list[TaskResult],
               meta: dict[str, Any]) -> None:
    write_text(path, render(summary, results, meta))

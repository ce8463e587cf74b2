"""``leflux eval TASKS.yaml …``: load the task files, find or start a server, run every
task, print the table and the summary, write the reports; exit 1 under --min-success."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from contextlib import ExitStack
from typing import Any

from leflux.errors import ConfigError
from leflux.eval.report import Progress, markdown, summary_text, table, write_json, write_text
from leflux.eval.results import summarize
from leflux.eval.runner import RunOptions, run_all
from leflux.eval.server import ChildServer, wait_healthy
from leflux.eval.tasks import EvalTask, load_tasks

EXIT_BELOW_GATE = 1


def select(tasks: list[EvalTask], names: list[str] | None) -> list[EvalTask]:
    """``-k``: tasks whose name (or family) contains any of the given words."""
    if not names:
        return tasks
    wanted = [n.casefold() for n in names]
    return [t for t in tasks if any(w in t.name.casefold() or w == t.family.casefold()
                                    for w in wanted)]


def _planner_args(args: argparse.Namespace) -> list[str]:
    out = ["--planner", args.planner]
    if args.model:
        out += ["--model", args.model]
    if args.openai_base_url:
        out += ["--openai-base-url", args.openai_base_url]
    return out


def run(args: argparse.Namespace) -> int:
    if not 0.0 <= args.min_success <= 1.0:
        raise ConfigError("--min-success is a fraction between 0 and 1, e.g. 0.9")
    if args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    tasks = select(load_tasks(args.tasks, args.site), args.k)
    if not tasks:
        raise ConfigError(f"no task matches -k {' '.join(args.k or [])}")
    with ExitStack() as stack:
        if args.server:
            server_url = args.server.rstrip("/")
            wait_healthy(server_url, 10.0)
        else:
            origins = sorted({t.origin for t in tasks})
            server_url = stack.enter_context(ChildServer(origins, _planner_args(args))).url
        opts = RunOptions(server_url=server_url, browser_path=args.browser_path,
                          workers=args.workers, screenshots=bool(args.html))
        started = time.monotonic()
        results = asyncio.run(run_all(tasks, opts, Progress(len(tasks))))
        wall = time.monotonic() - started
    summary = summarize(results, wall)
    meta: dict[str, Any] = {"server": args.server or "own", "planner": args.planner,
                            "workers": args.workers, "files": " ".join(args.tasks)}
    print(table(results))
    print()
    print(summary_text(summary))
    if args.json:
        write_json(args.json, summary, results, meta)
    if args.html:
        from leflux.eval.htmlreport import write_html

        write_html(args.html, summary, results, meta)
    if args.markdown:
        write_text(args.markdown, markdown(summary, results, meta))
    if summary.rate < args.min_success:
        print(f"success {summary.rate:.1%} is under --min-success {args.min_success:.0%}",
              file=sys.stderr)
        return EXIT_BELOW_GATE
    return 0

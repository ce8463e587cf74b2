"""What the eval prints and writes: progress, the table, the summary, JSON, Markdown."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

from leflux.eval.results import Summary, TaskResult

_BAR = 30


class Progress:
    """A bar on a terminal; one line per task otherwise (logs, CI)."""

    def __init__(self, total: int, stream: IO[str] | None = None) -> None:
        self.total, self.done, self.passed = total, 0, 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()

    def __call__(self, result: TaskResult) -> None:
        self.done += 1
        self.passed += int(result.passed)
        if self.tty:
            filled = _BAR * self.done // max(1, self.total)
            bar = "#" * filled + "-" * (_BAR - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total}  passed {self.passed}"
                              f"  {result.name[:40]:<40}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            mark = "ok  " if result.passed else "FAIL"
            self.stream.write(f"[{self.done}/{self.total}] {mark} {result.name} "
                              f"({result.seconds:.1f}s)\n")
        self.stream.flush()


def table(results: list[TaskResult]) -> str:
    head = ("task", "passed", "seconds", "turns", "actions", "false success")
    rows = [(r.name, "yes" if r.passed else "NO", f"{r.seconds:.1f}", str(r.turns),
             str(r.actions), "YES" if r.false_success else "") for r in results]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h)
              for i, h in enumerate(head)]
    widths[0] = min(widths[0], 60)
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*head), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(row[0][:60], *row[1:]) for row in rows]
    return "\n".join(lines)


def summary_text(summary: Summary) -> str:
    lines = [f"success: {summary.passed}/{summary.tasks} ({summary.rate:.1%})"]
    if len(summary.families) > 1 or any(f != "tasks" for f in summary.families):
        for name, f in summary.families.items():
            lines.append(f"  {name}: {f.passed}/{f.tasks} ({f.rate:.1%})")
    lines.append(f"false successes: {len(summary.false_successes)}"
                 + (f" ({', '.join(summary.false_successes)})" if summary.false_successes else ""))
    lines.append(f"unrequested submits: {len(summary.unrequested_submits)}"
                 + (f" ({', '.join(summary.unrequested_submits)})"
                    if summary.unrequested_submits else ""))
    lines.append(f"'Keep going' pressed: {summary.keep_going_presses}"
                 + (f" ({', '.join(f'{n} x{k}' for n, k in summary.keep_going.items())})"
                    if summary.keep_going else ""))
    lines.append(f"median seconds per task: {summary.median_seconds:.2f}"
                 f"  (wall {summary.wall_seconds:.0f} s)")
    return "\n".join(lines)


def write_json(path: str, summary: Summary, results: list[TaskResult],
               meta: dict[str, Any]) -> None:
    doc = {"summary": summary.as_dict(), "run": meta, "tasks": [r.as_dict() for r in results]}
    write_text(path, json.dumps(doc, indent=1, ensure_ascii=False, default=str))


def markdown(summary: Summary, results: list[TaskResult], meta: dict[str, Any]) -> str:
    """The figures a person reads first (make eval writes them to latest.md)."""
    s = summary
    out = ["# LeFlux eval results", ""]
    out += [f"- {k}: {v}" for k, v in meta.items()]
    out += ["", f"**Success: {s.passed}/{s.tasks} ({s.rate:.1%})**, "
                f"false successes: **{len(s.false_successes)}**, "
                f"unrequested submits: **{len(s.unrequested_submits)}**, "
                f"'Keep going' pressed: **{s.keep_going_presses}**, "
                f"median seconds per task: **{s.median_seconds:.2f}** "
                f"(wall {s.wall_seconds:.0f} s).", "",
            "| family | tasks | passed | success | 'Keep going' pressed |",
            "|---|---:|---:|---:|---:|"]
    out += [f"| {name} | {f.tasks} | {f.passed} | {f.rate:.1%} | {f.keep_going} |"
            for name, f in s.families.items()]
    kept = [f"{n} ({k})" for n, k in s.keep_going.items()]
    for title, names in (("False successes", s.false_successes),
                         ("Unrequested submits", s.unrequested_submits),
                         ("'Keep going' pressed at the embed's round-trip cap", kept)):
        if names:
            out += ["", f"## {title}", ""] + [f"- {n}" for n in names]
    failed = [r for r in results if not r.passed]
    if failed:
        out += ["", "## Failed tasks", ""]
        out += [f"- **{r.name}** ({r.family}): {r.why}" for r in failed]
    return "\n".join(out) + "\n"


def write_text(path: str, text: str) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")

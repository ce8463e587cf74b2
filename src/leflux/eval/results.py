"""The outcome of each task and of the whole run (pure data and arithmetic)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from leflux.eval.checks import CheckResult


@dataclass
class TaskResult:
    name: str
    family: str
    source: str
    start_url: str
    passed: bool = False
    seconds: float = 0.0
    turns: int = 0
    actions: int = 0
    failed_actions: int = 0
    false_success: bool = False
    unrequested_submit: bool = False
    checks: list[CheckResult] = field(default_factory=list)
    transcript: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    submits: list[dict[str, Any]] = field(default_factory=list)
    # Why each turn ended: settled | stalled | round-trip cap | timeout
    turn_ends: list[str] = field(default_factory=list)
    # "Keep going" pressed at the embed's round-trip cap (the visitor asked for it all)
    keep_going: int = 0
    final_url: str = ""
    error: str | None = None  # the eval could not run the task as written
    screenshot: bytes | None = None  # PNG of the page, failed tasks only (HTML report)

    @property
    def why(self) -> str:
        """One line saying why the task failed."""
        if self.passed:
            return ""
        if self.error:
            return self.error
        if self.unrequested_submit:
            return "a form was submitted though the visitor did not ask for it"
        failed = [c for c in self.checks if not c.passed]
        return "; ".join(f"{_show(c.check)}: {c.detail}" for c in failed)[:400]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "family": self.family, "source": self.source,
            "start_url": self.start_url, "passed": self.passed,
            "seconds": round(self.seconds, 2), "turns": self.turns, "actions": self.actions,
            "failed_actions": self.failed_actions, "false_success": self.false_success,
            "unrequested_submit": self.unrequested_submit, "why": self.why,
            "error": self.error, "final_url": self.final_url, "turn_ends": self.turn_ends,
            "keep_going_presses": self.keep_going,
            "checks": [c.as_dict() for c in self.checks], "transcript": self.transcript,
            "timeline": self.timeline, "submits": self.submits,
        }


def _show(check: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in check.items())


@dataclass(frozen=True)
class FamilyFigures:
    tasks: int
    passed: int
    keep_going: int = 0  # "Keep going" presses in the family's tasks

    @property
    def rate(self) -> float:
        return self.passed / self.tasks if self.tasks else 0.0


@dataclass(frozen=True)
class Summary:
    tasks: int
    passed: int
    families: dict[str, FamilyFigures]
    false_successes: list[str]
    unrequested_submits: list[str]
    failed: list[str]
    median_seconds: float
    wall_seconds: float
    # tasks whose visitor pressed "Keep going" at the embed's cap -> presses
    keep_going: dict[str, int] = field(default_factory=dict)

    @property
    def keep_going_presses(self) -> int:
        return sum(self.keep_going.values())

    @property
    def rate(self) -> float:
        return self.passed / self.tasks if self.tasks else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tasks": self.tasks, "passed": self.passed, "success_rate": round(self.rate, 4),
            "families": {k: {"tasks": f.tasks, "passed": f.passed,
                             "success_rate": round(f.rate, 4), "keep_going_presses": f.keep_going}
                         for k, f in self.families.items()},
            "false_successes": self.false_successes,
            "unrequested_submits": self.unrequested_submits, "failed": self.failed,
            "keep_going_presses": self.keep_going_presses, "kept_going": self.keep_going,
            "median_seconds": round(self.median_seconds, 2),
            "wall_seconds": round(self.wall_seconds, 1),
        }


def summarize(results: list[TaskResult], wall_seconds: float) -> Summary:
    families: dict[str, FamilyFigures] = {}
    for r in results:
        f = families.get(r.family, FamilyFigures(0, 0))
        families[r.family] = FamilyFigures(f.tasks + 1, f.passed + int(r.passed),
                                           f.keep_going + r.keep_going)
    return Summary(
        tasks=len(results),
        passed=sum(r.passed for r in results),
        families=dict(sorted(families.items())),
        false_successes=[r.name for r in results if r.false_success],
        unrequested_submits=[r.name for r in results if r.unrequested_submit],
        failed=[r.name for r in results if not r.passed],
        median_seconds=statistics.median([r.seconds for r in results]) if results else 0.0,
        wall_seconds=wall_seconds,
        keep_going={r.name: r.keep_going for r in results if r.keep_going},
    )

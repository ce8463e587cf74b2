"""The owner's console API: every response as a pydantic model (camelCase, as sent)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from leflux.protocol import ServerModel

SessionOutcome = Literal["completed", "failed", "abandoned", "declined", "open"]
OUTCOMES: tuple[str, ...] = ("completed", "failed", "abandoned", "declined", "open")
TimelineKind = Literal[
    "visitor_message", "agent_message", "task_started", "plan", "result",
    "confirmation_asked", "confirmation_answered", "task_cancelled", "error", "page", "page_said",
    "task_closed",
]


# Strict like the wire models, and ``wire()`` leaves unset optional keys out.
_Model = ServerModel


class PageVisit(_Model):
    url: str
    title: str = ""


class SessionSummary(_Model):
    sessionId: str
    siteId: str
    startedAt: str
    lastActivityAt: str
    messages: int
    tasks: int
    outcome: SessionOutcome | None = None  # None: no task ran (questions only)
    firstMessage: str | None = None
    pages: list[PageVisit] = Field(default_factory=list)


class SessionList(_Model):
    sessions: list[SessionSummary]
    nextCursor: str | None = None


class StepView(_Model):
    """One action of a plan and, once reported, its result (secrets masked)."""

    action: str
    elementId: int | None = None
    inputData: str | None = None
    description: str = ""
    success: bool | None = None
    result: str | None = None
    error: str | None = None


class TimelineItem(_Model):
    at: str
    kind: TimelineKind
    taskId: str | None = None
    text: str | None = None
    blockType: str | None = None
    plan: int | None = None
    status: str | None = None
    planner: str | None = None
    planMs: float | None = None
    url: str | None = None
    title: str | None = None
    steps: list[StepView] | None = None
    success: bool | None = None
    confirmed: bool | None = None
    code: str | None = None
    outcome: str | None = None
    alerts: list[str] | None = None  # page_said: the page's alert/status texts


class TaskView(_Model):
    taskId: str
    goal: str
    startedAt: str
    closedAt: str | None = None
    outcome: SessionOutcome
    plans: int


class TranscriptMessage(_Model):
    id: str
    role: str
    text: str
    at: str
    blockType: str | None = None


class SessionDetail(_Model):
    session: SessionSummary
    transcript: list[TranscriptMessage]
    tasks: list[TaskView]
    timeline: list[TimelineItem]


class DayCount(_Model):
    day: str
    started: int
    completed: int
    failed: int


class FailedRequest(_Model):
    text: str
    count: int


class Stats(_Model):
    site: str | None = None
    days: int
    since: str
    started: int
    completed: int
    failed: int
    abandoned: int
    declined: int
    open: int
    successRate: float | None = None  # completed / closed tasks; None before any
    medianSecondsToDone: float | None = None
    perDay: list[DayCount]
    topFailed: list[FailedRequest]


class Erased(_Model):
    sessionId: str
    erased: bool

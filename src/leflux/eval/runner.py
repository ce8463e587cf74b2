"""Runs the tasks: one Chromium per worker, a fresh context per task, results in the
order of the task files whatever order they finish in."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from leflux.errors import ConfigError
from leflux.eval.driver import DriveOptions, Visitor, open_visitor, run_visitor
from leflux.eval.results import TaskResult
from leflux.eval.tasks import EvalTask

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
INSTALL_HINT = "leflux eval needs Playwright: pip install 'leflux[eval]'"


@dataclass(frozen=True)
class RunOptions:
    server_url: str
    browser_path: str = CHROMIUM
    workers: int = 2
    screenshots: bool = True


def _playwright() -> Any:
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        raise ConfigError(INSTALL_HINT) from None
    return async_playwright


async def _launch(pw: Any, path: str) -> Any:
    try:
        return await pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS,
                                        headless=True)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ConfigError(f"cannot start Chromium at {path}: {first[:200]}") from None


async def run_all(tasks: list[EvalTask], opts: RunOptions,
                  on_result: Callable[[TaskResult], None]) -> list[TaskResult]:
    results: list[TaskResult | None] = [None] * len(tasks)
    todo = list(enumerate(tasks))
    drive = DriveOptions(server_url=opts.server_url, screenshots=opts.screenshots)
    async with _playwright()() as pw:

        async def worker() -> None:
            async with _Browser(pw, opts.browser_path, drive) as browser:
                # Each worker claims its next task early: its context is made meanwhile.
                current = todo.pop(0) if todo else None
                while current is not None:
                    nxt = todo.pop(0) if todo else None
                    index, task = current
                    results[index] = result = await browser.run(task, nxt and nxt[1])
                    on_result(result)
                    current = nxt

        await asyncio.gather(*(worker() for _ in range(max(1, min(opts.workers, len(tasks))))))
    return [r for r in results if r is not None]


class _Browser:
    """One Chromium of one worker. While a task runs, the next task's fresh context is
    made and the last one's is closed, so neither costs the worker wall time."""

    def __init__(self, pw: Any, path: str, drive: DriveOptions) -> None:
        self.pw, self.path, self.drive = pw, path, drive
        self.browser: Any = None
        self.ready: asyncio.Future[Visitor] | None = None  # the next task's context
        self.closing: set[asyncio.Future[None]] = set()

    async def __aenter__(self) -> _Browser:
        self.browser = await _launch(self.pw, self.path)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.ready is not None:
            self.ready.cancel()
            await asyncio.gather(self.ready, return_exceptions=True)
        await asyncio.gather(*self.closing, return_exceptions=True)
        await self.browser.close()

    def _open(self, task: EvalTask) -> asyncio.Future[Visitor]:
        return asyncio.ensure_future(open_visitor(self.browser, task, self.drive))

    async def run(self, task: EvalTask, nxt: EvalTask | None) -> TaskResult:
        if not self.browser.is_connected():  # it crashed: a new one for the rest
            self.browser = await _launch(self.pw, self.path)
            self.ready = None
        try:
            opening = self.ready if self.ready is not None else self._open(task)
            visitor = await opening
        except Exception as exc:
            self.ready = None
            return _broken(task, exc)
        self.ready = self._open(nxt) if nxt is not None else None
        try:
            return await run_visitor(visitor, self.drive)
        except Exception as exc:  # the browser itself failed under the task
            return _broken(task, exc)
        finally:
            closing = asyncio.ensure_future(visitor.context.close())
            self.closing.add(closing)
            closing.add_done_callback(self.closing.discard)


def _broken(task: EvalTask, exc: BaseException) -> TaskResult:
    return TaskResult(task.name, task.family, task.source, task.start_url,
                      error=f"browser: {exc}"[:300])

"""Runs the tasks: one Chromium per worker, a fresh context per task, results in the
order of the task files whatever order they finish in."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from leflux.errors import ConfigError
from leflux.eval.driver import DriveOptions, run_task
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
    drive = DriveOptions(server_url=opts.server_url)
    async with _playwright()() as pw:

        async def worker() -> None:
            browser = await _launch(pw, opts.browser_path)
            try:
                while todo:
                    index, task = todo.pop(0)
                    if not browser.is_connected():  # it crashed: a new one for the rest
                        browser = await _launch(pw, opts.browser_path)
                    try:
                        result = await run_task(browser, task, drive)
                    except Exception as exc:  # the browser itself failed under the task
                        result = TaskResult(task.name, task.family, task.source,
                                            task.start_url, error=f"browser: {exc}"[:300])
                    results[index] = result
                    on_result(result)
            finally:
                await browser.close()

        await asyncio.gather(*(worker() for _ in range(max(1, min(opts.workers, len(tasks))))))
    return [r for r in results if r is not None]

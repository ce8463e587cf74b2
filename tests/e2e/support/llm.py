"""A stack whose server plans with an LLM: the fake OpenAI server on loopback, in its
own thread, scripted by the test (real HTTP, real SSE)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.e2e.conftest import Stack, _require_browser_bits
from tests.support.fake_openai import FakeOpenAI


@contextmanager
def openai_stack(tmp_path: Path, script: Any,
                 before_start: Callable[[Stack], None] | None = None) -> Iterator[Stack]:
    _require_browser_bits()
    fake = FakeOpenAI(script).start_in_thread()
    s = Stack(tmp_path, planner="openai",
              extra_args=["--model", "fake-model", "--openai-base-url", f"{fake.base_url}/v1"],
              env={"OPENAI_API_KEY": "sk-test"})
    try:
        if before_start is not None:
            before_start(s)
        # A fresh database is migrated at start-up: slow on a busy machine.
        s.server.start(timeout=120)
        yield s
    finally:
        s.stop()
        fake.stop_thread()

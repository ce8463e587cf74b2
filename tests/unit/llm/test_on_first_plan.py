"""The LLM planner made at its first plan (agent/planners ``LLMOnFirstPlan``): start-up
still says in one line what is missing (the SDK's extra, the key) without importing the
SDK; the first plan imports it and plans through the real provider; a failed import is
the planner's error inside the iteration, not a raise out of ``plan``."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from leflux.agent.planners import LLMOnFirstPlan, RulesOnFirstPlan, build_planner
from leflux.agent.planners.llm_options import llm_options
from leflux.config import Settings
from leflux.errors import ConfigError
from tests.support.fake_llm import Reply
from tests.support.fake_openai import FakeOpenAI
from tests.unit.llm.conftest import make_request


def _not_installed(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    real = importlib.util.find_spec

    def find_spec(module: str, *args: Any) -> Any:
        return None if module == name else real(module, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


@pytest.mark.parametrize("kind", ["openai", "anthropic"])
def test_a_missing_extra_is_one_line_at_start(monkeypatch: pytest.MonkeyPatch, kind: str):
    _not_installed(monkeypatch, kind)
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "k")
    with pytest.raises(ConfigError, match=rf"pip install 'leflux\[{kind}\]'"):
        build_planner(Settings(planner=kind))


def test_a_missing_key_is_one_line_at_start(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        build_planner(Settings(planner="openai"))
    with pytest.raises(ConfigError, match="ANTHROPIC_API_KEY"):
        build_planner(Settings(planner="anthropic"))
    with pytest.raises(ConfigError, match="not an LLM planner"):
        llm_options(Settings(planner="rules"))


def test_the_planner_is_made_at_its_first_plan(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    planner = build_planner(Settings(planner="openai"))
    assert isinstance(planner, LLMOnFirstPlan) and planner.name == "openai"
    assert planner._planner is None
    assert isinstance(build_planner(Settings(planner="rules")), RulesOnFirstPlan)


async def test_the_first_plan_streams_through_the_real_provider():
    fake = await FakeOpenAI([Reply(text="Hello."), Reply(text="Again.")]).start()
    options = llm_options(Settings(planner="openai", model="fake-model"),
                          api_key="k", base_url=f"{fake.base_url}/v1")
    planner = LLMOnFirstPlan(options)
    try:
        first = [ev async for ev in planner.plan(make_request("hi"))]
        made = planner._planner
        second = [ev async for ev in planner.plan(make_request("hi again"))]
    finally:
        await planner.aclose()
        await fake.stop()
    assert "".join(getattr(ev, "text", "") for ev in first) == "Hello."
    assert "".join(getattr(ev, "text", "") for ev in second) == "Again."
    assert made is not None and planner._planner is made  # made once


async def test_prepare_makes_the_planner_and_its_client_before_the_first_plan():
    fake = await FakeOpenAI([Reply(text="Hello.")]).start()
    options = llm_options(Settings(planner="openai", model="fake-model"),
                          api_key="k", base_url=f"{fake.base_url}/v1")
    planner = LLMOnFirstPlan(options)
    try:
        planner.prepare()
        made = planner._planner
        assert made is not None
        assert made.provider._client is not None  # type: ignore[attr-defined]
        client = made.provider._client  # type: ignore[attr-defined]
        planner.prepare()  # again: nothing new
        events = [ev async for ev in planner.plan(make_request("hi"))]
        assert planner._planner is made and made.provider._client is client  # type: ignore[attr-defined]
    finally:
        await planner.aclose()
        await fake.stop()
    assert "".join(getattr(ev, "text", "") for ev in events) == "Hello."


def test_prepare_makes_the_rules_planner():
    planner = RulesOnFirstPlan()
    planner.prepare()
    assert planner._planner is not None and planner._planner.name == "rules"


async def test_a_failed_prepare_is_left_for_the_first_plan(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    import leflux.agent.planners.llm as llm

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ImportError("a broken install")

    monkeypatch.setattr(llm, "make_llm_planner", broken)
    planner = LLMOnFirstPlan(llm_options(Settings(planner="openai"), api_key="k"))
    planner.prepare()  # does not raise: logged
    assert planner._planner is None
    assert "could not be made ahead of its first plan" in caplog.text
    with pytest.raises(ImportError, match="a broken install"):
        [ev async for ev in planner.plan(make_request("hi"))]


async def test_a_failed_import_fails_the_plan_not_the_call(monkeypatch: pytest.MonkeyPatch):
    import leflux.agent.planners.llm as llm

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ImportError("a broken install")

    monkeypatch.setattr(llm, "make_llm_planner", broken)
    options = llm_options(Settings(planner="openai"), api_key="k")
    gen = LLMOnFirstPlan(options).plan(make_request("hi"))  # does not raise here
    with pytest.raises(ImportError, match="a broken install"):
        [ev async for ev in gen]

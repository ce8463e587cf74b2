"""Limits are configurable by LEFLUX_<LIMIT> variables, and take effect."""

from __future__ import annotations

import uuid

import httpx
import pytest

from leflux.config import Limits
from leflux.errors import ConfigError
from tests.support.server import ORIGIN, LeFluxServer


def test_limits_from_env() -> None:
    limits = Limits.from_env({"LEFLUX_MESSAGES_PER_MINUTE": "50",
                              "LEFLUX_PLANNER_TIMEOUT_S": "2.5",
                              "LEFLUX_PLANS_PER_TASK": ""})
    assert limits.messages_per_minute == 50
    assert limits.planner_timeout_s == 2.5
    assert limits.plans_per_task == Limits().plans_per_task  # empty means default
    assert Limits.from_env({}) == Limits()


@pytest.mark.parametrize("raw", ["x", "0", "-3", "1.5e"])
def test_bad_limit_is_a_config_error(raw: str) -> None:
    with pytest.raises(ConfigError, match="LEFLUX_MAX_ELEMENTS"):
        Limits.from_env({"LEFLUX_MAX_ELEMENTS": raw})


def test_a_tool_limit_may_be_lowered_not_raised_past_the_protocol() -> None:
    assert Limits.from_env({"LEFLUX_MAX_TOOLS": "4"}).max_tools == 4
    assert Limits.from_env({"LEFLUX_TOOL_TIMEOUT_S": "30"}).tool_timeout_s == 30
    with pytest.raises(ConfigError, match=r"LEFLUX_MAX_TOOLS\) may be lowered, not raised "
                                          r"above 32 \(the protocol's ceiling\): 40"):
        Limits.from_env({"LEFLUX_MAX_TOOLS": "40"})
    with pytest.raises(ConfigError, match="tool_result_chars"):
        Limits(tool_result_chars=4_001)


def test_a_limit_set_by_env_takes_effect(tmp_path) -> None:
    server = LeFluxServer(tmp_path, env={"LEFLUX_MESSAGES_PER_MINUTE": "2"})
    with server:
        sid = str(uuid.uuid4())
        with httpx.Client(base_url=server.url, headers={"Origin": ORIGIN}) as h:
            codes = [h.post(f"/api/sessions/{sid}/messages", json={"text": f"hi {i}"})
                     for i in range(3)]
    assert [r.status_code for r in codes] == [202, 202, 429]
    assert codes[2].json()["error"]["code"] == "rate_limited"


def test_a_bad_limit_stops_start_up_with_one_line(tmp_path) -> None:
    server = LeFluxServer(tmp_path, env={"LEFLUX_MAX_ELEMENTS": "lots"})
    with pytest.raises(RuntimeError, match="server exited early"):
        server.start(timeout=20)
    lines = [ln for ln in server.log().splitlines() if ln.strip()]
    assert len(lines) == 1 and "LEFLUX_MAX_ELEMENTS" in lines[0], lines

"""Settings checks and the CLI's flag -> Settings mapping."""

from __future__ import annotations

import pytest

from leflux.cli import parse_args, settings_from
from leflux.config import Settings
from leflux.errors import ConfigError


@pytest.mark.parametrize("kw", [
    {"planner": "gpt"}, {"port": 0}, {"port": 65536},
    {"database_url": "mysql://x"}, {"redis_url": "http://x"},
])
def test_settings_reject_bad_values(kw):
    with pytest.raises(ConfigError):
        Settings(**kw)


def test_flags_map_to_settings(monkeypatch):
    monkeypatch.setenv("LEFLUX_MODEL", "env-model")
    monkeypatch.setenv("LEFLUX_PORT", "9001")
    args = parse_args([
        "serve", "--allowed-origins", "http://a.test, https://*.b.test", "--planner", "openai",
        "--openai-base-url", "http://127.0.0.1:1/v1", "--redis-url", "redis://127.0.0.1:6379/0",
        "--admin-token", "t",
    ])
    s = settings_from(args)
    assert s.allowed_origins == ("http://a.test", "https://*.b.test")
    assert s.planner == "openai" and s.model == "env-model" and s.port == 9001
    assert s.openai_base_url == "http://127.0.0.1:1/v1"
    assert s.redis_url == "redis://127.0.0.1:6379/0" and s.admin_token == "t"
    assert s.ping_interval_s == 25.0 and s.ping_timeout_s == 20.0


def test_flag_beats_env(monkeypatch):
    monkeypatch.setenv("LEFLUX_PORT", "9001")
    s = settings_from(parse_args(["serve", "--port", "9002"]))
    assert s.port == 9002


def test_demo_defaults():
    args = parse_args(["demo", "--port", "8123"])
    assert args.port == 8123 and args.planner == "rules" and args.database_url is None

"""Settings of one LeFlux server process.

Every CLI flag has an environment variable ``LEFLUX_<FLAG_IN_CAPS>``; flags win
(the CLI applies that rule, this module only holds the values and checks them).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from leflux.errors import ConfigError

PLANNERS = ("rules", "openai", "anthropic", "hybrid")
LLM_KINDS = ("openai", "anthropic")


# Limits whose defaults are the wire protocol's ceilings (its JSON Schema holds them).
CEILINGS = ("max_tools", "max_tool_schema_chars", "max_tool_schema_depth", "tool_result_chars")


@dataclass(frozen=True)
class Limits:
    """The limits; all configurable, these are the defaults."""

    max_payload_bytes: int = 1_048_576
    max_message_chars: int = 4_000
    max_elements: int = 5_000
    messages_per_minute: int = 20
    sockets_per_minute_per_ip: int = 60
    # The client picks its session ids: one address is limited too (issue 11).
    messages_per_minute_per_ip: int = 60
    new_sessions_per_hour_per_ip: int = 100
    # Open connections (HTTP and WebSocket) before new requests get 503, and how long a
    # request's headers may take (slow or half-sent requests hold a connection).
    max_connections: int = 20_000
    header_timeout_s: float = 10.0
    plans_per_task: int = 30
    embed_round_trips: int = 5
    planner_timeout_s: float = 60.0
    max_repeated_failures: int = 3
    # The owner's tools (a page's ``window.LeFlux.registerTool``): how many one page may
    # declare, how large (JSON) and how deep a tool's ``parameters`` schema may be, how
    # long a call may take when the tool names no timeout of its own, and how much of its
    # result the embed keeps. The embed reads them from /api/widget-config. The protocol's
    # schema holds the first four's defaults as its ceilings: they may be lowered only.
    max_tools: int = 32
    max_tool_schema_chars: int = 8_000
    max_tool_schema_depth: int = 8
    tool_result_chars: int = 4_000
    tool_timeout_s: float = 10.0

    def __post_init__(self) -> None:
        for name in CEILINGS:
            ceiling = next(f.default for f in fields(self) if f.name == name)
            if getattr(self, name) > ceiling:
                raise ConfigError(f"the limit {name} (LEFLUX_{name.upper()}) may be lowered, "
                                  f"not raised above {ceiling} (the protocol's ceiling): "
                                  f"{getattr(self, name)}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Each limit may be set by ``LEFLUX_<NAME_IN_CAPS>`` (e.g.
        ``LEFLUX_MESSAGES_PER_MINUTE=60``); unset ones keep their default."""
        env = os.environ if environ is None else environ
        values: dict[str, int | float] = {}
        for f in fields(cls):
            var = "LEFLUX_" + f.name.upper()
            raw = env.get(var)
            if raw is None or raw == "":
                continue
            kind = float if f.type in ("float", float) else int
            try:
                value = kind(raw)
            except ValueError:
                raise ConfigError(f"{var} must be a number, not {raw!r}") from None
            if value <= 0:
                raise ConfigError(f"{var} must be positive, not {raw!r}")
            values[f.name] = value
        return cls(**values)  # type: ignore[arg-type]


def default_data_dir() -> Path:
    """A user data folder (XDG) for the demo's SQLite file."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "leflux"


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_origins: tuple[str, ...] = ()
    planner: str = "rules"
    model: str | None = None
    openai_base_url: str | None = None
    # The LLM behind --planner hybrid ("openai" or "anthropic"); None: inferred from
    # --model (a "claude" model is Anthropic's) and then the API key that is set.
    llm: str | None = None
    database_url: str = "sqlite+aiosqlite:///./leflux.db"
    redis_url: str | None = None
    admin_token: str | None = None
    # Name and greeting of the default site (the one --allowed-origins defines).
    site_name: str = "default"
    limits: Limits = field(default_factory=Limits)
    # Engine.IO heartbeat: 25 s interval, 20 s timeout.
    ping_interval_s: float = 25.0
    ping_timeout_s: float = 20.0
    log_level: str = "info"
    log_format: str = "text"  # or "json": one object per line
    # Sessions idle this long are deleted with their transcripts, tasks and contexts.
    retention_days: float = 30.0

    def __post_init__(self) -> None:
        if self.planner not in PLANNERS:
            raise ConfigError(
                f"--planner must be one of {', '.join(PLANNERS)}, not {self.planner!r}"
            )
        if self.llm is not None and self.llm not in LLM_KINDS:
            raise ConfigError(f"--llm must be one of {', '.join(LLM_KINDS)}, not {self.llm!r}")
        if not (0 < self.port < 65536):
            raise ConfigError(f"--port must be between 1 and 65535, not {self.port}")
        scheme = self.database_url.split(":", 1)[0]
        if scheme not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
            raise ConfigError(
                "--database-url must start with sqlite+aiosqlite:// or postgresql+asyncpg://, "
                f"not {scheme}://"
            )
        if not self.retention_days > 0:
            raise ConfigError(f"--retention-days must be positive, not {self.retention_days}")
        if self.redis_url is not None and not self.redis_url.startswith(
            ("redis://", "rediss://", "unix://")
        ):
            raise ConfigError("--redis-url must start with redis://, rediss:// or unix://")

    def llm_kind(self) -> str:
        """Which LLM planner --planner hybrid hands uncertain requests to."""
        if self.llm:
            return self.llm
        if self.model and self.model.lower().startswith("claude"):
            return "anthropic"
        if os.environ.get("ANTHROPIC_API_KEY") and not (
                os.environ.get("OPENAI_API_KEY") or self.openai_base_url):
            return "anthropic"
        return "openai"

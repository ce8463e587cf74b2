"""The flags of ``leflux serve`` and ``leflux demo``, read from three places: the command
line, ``LEFLUX_<FLAG_IN_CAPS>`` environment variables and a TOML file given with
``--config``. Flags win over the environment, the environment over the file,
the file over the defaults here. Every flag has a key in the file (its name without the
dashes, ``-`` or ``_`` alike); a key no flag has is an error naming it, so a typo never
passes silently. Whatever goes wrong is one ``ConfigError`` line saying where the value
came from.

Checked by plain pydantic models (loaded by the server anyway): pydantic-settings would
add ~30 modules and ~1.4 MB to every server for reading a few variables."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from leflux.errors import ConfigError

ENV_PREFIX = "LEFLUX_"


def read_toml(path: Path) -> dict[str, Any]:
    """The file's table, its keys as field names (``log-format`` -> ``log_format``)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read --config {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"--config {path}: {exc}") from None
    return {key.replace("-", "_"): value for key, value in data.items()}


def from_environment(names: Iterable[str]) -> dict[str, str]:
    """``LEFLUX_<NAME>`` for each field name (any case, as pydantic-settings read them);
    an empty variable counts as unset."""
    env = {key.upper(): value for key, value in os.environ.items()
           if key.upper().startswith(ENV_PREFIX)}
    found = ((name, env.get(ENV_PREFIX + name.upper(), "")) for name in names)
    return {name: value for name, value in found if value}


class Flags(BaseModel):
    """The flags both commands have (``leflux demo`` has these only)."""

    model_config = ConfigDict(extra="forbid")

    port: int = 8000
    planner: str = "rules"
    model: str | None = None
    openai_base_url: str | None = None
    llm: str | None = None
    database_url: str | None = None
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["text", "json"] = "text"
    retention_days: float = 30.0


class ServeFlags(Flags):
    """``leflux serve``: all of them."""

    host: str = "127.0.0.1"
    allowed_origins: tuple[str, ...] = ()
    database_url: str = "sqlite+aiosqlite:///./leflux.db"
    redis_url: str | None = None
    admin_token: str | None = None

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        # A flag or variable lists origins with commas; the file may use an array.
        if isinstance(value, str):
            return tuple(e.strip() for e in value.split(",") if e.strip())
        return value


FLAGS: dict[str, type[Flags]] = {"serve": ServeFlags, "demo": Flags}


def resolve(command: str, given: Mapping[str, Any], config: Path | None) -> dict[str, Any]:
    """Every flag's value for ``command``: ``given`` holds the flags on the command line
    (by field name), then the environment, then ``config``, then the defaults."""
    base = FLAGS[command]
    values = read_toml(config) if config is not None else {}
    # The precedence: flags over the environment over the file.
    values.update(from_environment(base.model_fields))
    values.update(given)
    try:
        return base(**values).model_dump()
    except ValidationError as exc:
        raise ConfigError(_one_line(exc, base, given, config)) from None


def _one_line(exc: ValidationError, base: type[Flags], given: Mapping[str, Any],
              config: Path | None) -> str:
    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else ""
    if error["type"] == "extra_forbidden":  # only the file can hold a key no flag has
        return (f"--config {config}: unknown key {name!r} "
                f"(known: {', '.join(sorted(base.model_fields))})")
    if name in given:
        where = "--" + name.replace("_", "-")
    elif ENV_PREFIX + name.upper() in os.environ:
        where = ENV_PREFIX + name.upper()
    else:
        where = f"{name} in {config}"
    message = error["msg"][:1].lower() + error["msg"][1:]
    return f"{where}: {message}, not {error['input']!r}"

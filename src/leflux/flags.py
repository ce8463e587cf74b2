"""The flags of ``leflux serve`` and ``leflux demo``, read by pydantic-settings from three
places: the command line, ``LEFLUX_<FLAG_IN_CAPS>`` environment variables and a TOML file
given with ``--config``. Flags win over the environment, the environment over the file,
the file over the defaults here. Every flag has a key in the file (its name without the
dashes, ``-`` or ``_`` alike); a key no flag has is an error naming it, so a typo never
passes silently. Whatever goes wrong is one ``ConfigError`` line saying where the value
came from."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

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


class Flags(BaseSettings):
    """The flags both commands have (``leflux demo`` has these only)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid",
                                      env_ignore_empty=True)
    # The --config file's table, set per call by ``resolve`` on a subclass.
    file_values: ClassVar[Mapping[str, Any]] = {}

    port: int = 8000
    planner: str = "rules"
    model: str | None = None
    openai_base_url: str | None = None
    llm: str | None = None
    database_url: str | None = None
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["text", "json"] = "text"
    retention_days: float = 30.0

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The order is the precedence: flags (given as init values), environment, file.
        return init_settings, env_settings, InitSettingsSource(settings_cls,
                                                               dict(cls.file_values))


class ServeFlags(Flags):
    """``leflux serve``: all of them."""

    host: str = "127.0.0.1"
    allowed_origins: Annotated[tuple[str, ...], NoDecode] = ()
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
    model = type(base.__name__, (base,), {"file_values": values, "__module__": __name__})
    try:
        return model(**given).model_dump()
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

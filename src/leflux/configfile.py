"""``leflux serve --config leflux.toml``: every flag of the command has a key (its name
without the dashes, ``-`` or ``_`` alike). Precedence: flags, then ``LEFLUX_*``
environment variables, then the file, then the built-in defaults. A key the command does
not have is an error naming it, so a typo never passes silently."""

from __future__ import annotations

import argparse
import os
import tomllib
from pathlib import Path
from typing import Any

from leflux.errors import ConfigError


def _text(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)  # allowed_origins = ["https://a.com", "https://b.com"]
    raise ConfigError(f"config key {key!r}: {type(value).__name__} is not a flag value")


def file_defaults(command: argparse.ArgumentParser, path: Path) -> dict[str, str]:
    """The file's values for ``command``'s flags, minus those the environment sets."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read --config {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"--config {path}: {exc}") from None
    flags = {a.dest: a for a in command._actions
             if a.option_strings and a.dest not in ("help", "config")}
    values: dict[str, str] = {}
    for key, value in data.items():
        dest = key.replace("-", "_")
        action = flags.get(dest)
        if action is None:
            raise ConfigError(f"--config {path}: unknown key {key!r} "
                              f"(known: {', '.join(sorted(flags))})")
        text = _text(key, value)
        if action.choices is not None and text not in action.choices:
            raise ConfigError(f"--config {path}: {key} must be one of "
                              f"{', '.join(map(str, action.choices))}, not {text!r}")
        if "LEFLUX_" + dest.upper() not in os.environ:
            values[dest] = text
    return values


def subcommand(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found: argparse.ArgumentParser = action.choices[name]
            return found
    raise KeyError(name)

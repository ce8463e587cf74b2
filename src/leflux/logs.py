"""Logging set up so that no level writes what visitors type or what their pages hold.

At ``--log-level debug`` the libraries underneath would: aiosqlite logs every call with
its parameters (page contexts, messages, typed card numbers), the LLM SDKs log request
bodies (the prompt), websockets can log frames. Their debug output is either cut down to
shapes and sizes (aiosqlite) or held at INFO, whatever the level asked for; LeFlux's own
loggers never log values in the first place.
"""

from __future__ import annotations

import functools
import json
import logging
from typing import Any

# Loggers whose debug lines carry payloads and nothing a deployer needs.
_HELD_AT_INFO = ("openai", "anthropic", "httpx", "httpcore", "httpx2", "httpcore2",
                 "websockets", "wsproto", "asyncpg", "redis")
# SQLAlchemy logs every statement with its parameters as soon as INFO is enabled.
_HELD_AT_WARNING = ("alembic", "sqlalchemy.engine", "sqlalchemy.pool")
# Where uvicorn hands its logger to the WebSocket library (handshake headers with the
# session id, frames with their text).
_WS_LIBRARIES = ("/websockets/", "/wsproto/", "\\websockets\\", "\\wsproto\\")


def _shape(value: Any) -> Any:
    """What a logged argument is, never what it holds."""
    if isinstance(value, functools.partial):
        func = getattr(value.func, "__qualname__", type(value.func).__name__)
        return f"{func}({len(value.args)} args)"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value  # sizes, counts, codes (and what "%d" needs)
    data, opcode = getattr(value, "data", None), getattr(value, "opcode", None)
    if isinstance(data, bytes | bytearray) and opcode is not None:  # a WebSocket frame
        return f"<{getattr(opcode, 'name', opcode)} frame, {len(data)} bytes>"
    if isinstance(value, BaseException):
        return type(value).__name__
    if isinstance(value, str | bytes):
        return f"<{len(value)} {'chars' if isinstance(value, str) else 'bytes'}>"
    return f"<{type(value).__name__}>"


class ShapesOnly(logging.Filter):
    """Rewrites a record's arguments to their shapes (a call's name and argument count,
    a string's length, an exception's type)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.applies(record):
            return True
        if isinstance(record.args, tuple):
            record.args = tuple(_shape(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _shape(v) for k, v in record.args.items()}
        return True

    def applies(self, record: logging.LogRecord) -> bool:
        return True


class WebSocketShapesOnly(ShapesOnly):
    """The same for the debug lines the WebSocket library logs on uvicorn's logger."""

    def applies(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.INFO and any(
            lib in record.pathname for lib in _WS_LIBRARIES)


def _add_once(logger: logging.Logger, flt: logging.Filter) -> None:
    if not any(type(f) is type(flt) for f in logger.filters):
        logger.addFilter(flt)


class JsonLines(logging.Formatter):
    """One JSON object per line. Only the message as LeFlux's filters left it (their
    arguments are shapes, not values) and, for an exception, its type: no traceback text,
    which could quote what a visitor sent."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str, log_format: str = "text") -> None:
    logging.basicConfig(level=level.upper(), format="%(levelname)s %(name)s: %(message)s")
    if log_format == "json":
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonLines())
    _add_once(logging.getLogger("aiosqlite"), ShapesOnly())
    for names, floor in ((_HELD_AT_INFO, logging.INFO), (_HELD_AT_WARNING, logging.WARNING)):
        for name in names:
            logger = logging.getLogger(name)
            if logger.getEffectiveLevel() < floor:
                logger.setLevel(floor)


def guard_uvicorn() -> None:
    """After uvicorn configured its loggers (``uvicorn.Config``)."""
    _add_once(logging.getLogger("uvicorn.error"), WebSocketShapesOnly())

"""Provider failures -> :class:`PlannerError` with a sentence a visitor may read.

Both SDKs (Stainless-generated) share the same exception shapes, so one mapping
serves both. Details go to the log, never to the visitor.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from leflux.errors import PlannerError

log = logging.getLogger("leflux.providers")


def http_clients() -> list[Any]:
    """The HTTP client libraries loaded: the SDKs stream over httpx2 (newer releases)
    or httpx (older), and errors raised while reading a stream come from that client,
    not from the SDK. An SDK imports its client when it is imported, so a provider asks
    after importing its SDK; a library not loaded raises nothing. (Importing httpx for
    its errors alone was 22 modules, ~9 ms and ~0.9 MB in an openai server, whose SDK
    runs on httpx2.)"""
    return [sys.modules[n] for n in ("httpx2", "httpx") if sys.modules.get(n) is not None]


def http_errors() -> tuple[type[BaseException], ...]:
    """The base error of each HTTP client loaded (``http_clients``)."""
    return tuple(c.HTTPError for c in http_clients())

BUSY = "The assistant is busy right now. Please try again in a moment."
TROUBLE = "The assistant's service is having trouble right now. Please try again in a moment."
TIMEOUT = "The assistant took too long to answer. Please try again."
UNREACHABLE = "The assistant's service could not be reached. Please try again later."
MISCONFIGURED = "The assistant is not set up correctly on this site, so it cannot answer."
REFUSED = "The assistant could not handle that request."


def to_planner_error(exc: BaseException, provider: str, sdk: Any) -> PlannerError:
    """Map one SDK exception (``sdk`` is the ``openai`` or ``anthropic`` module)."""
    if isinstance(exc, PlannerError):
        return exc
    status = getattr(exc, "status_code", None)
    clients = http_clients()
    if isinstance(exc, (TimeoutError, sdk.APITimeoutError,
                        *(c.TimeoutException for c in clients))):
        message = TIMEOUT
    elif isinstance(exc, (sdk.APIConnectionError, *(c.ConnectError for c in clients))):
        message = UNREACHABLE
    elif isinstance(exc, sdk.APIStatusError) and status is not None:
        if status < 400:
            # An error event inside a stream that had started fine (overloaded, ...).
            message = BUSY if "rate_limit" in str(getattr(exc, "body", "")) else TROUBLE
        elif status == 429:
            message = BUSY
        elif status in (401, 403):
            message = MISCONFIGURED
        elif status >= 500:
            message = TROUBLE
        else:
            message = REFUSED
    else:
        message = TROUBLE
    log.warning("%s provider failed: %s: %s", provider, type(exc).__name__, exc)
    err = PlannerError(message)
    err.__cause__ = exc
    return err

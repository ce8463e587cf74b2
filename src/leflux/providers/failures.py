"""Provider failures -> :class:`PlannerError` with a sentence a visitor may read.

Both SDKs (Stainless-generated) share the same exception shapes, so one mapping
serves both. Details go to the log, never to the visitor.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from leflux.errors import PlannerError

log = logging.getLogger("leflux.providers")

# The SDKs stream over httpx2 (newer releases) or httpx (older); errors raised while
# reading a stream come from that client, not from the SDK, so catch either.
_clients = []
for _name in ("httpx2", "httpx"):
    try:
        _clients.append(importlib.import_module(_name))
    except ImportError:
        pass
HTTP_ERRORS: tuple[type[BaseException], ...] = tuple(c.HTTPError for c in _clients)
_HTTP_TIMEOUTS: tuple[type[BaseException], ...] = tuple(c.TimeoutException for c in _clients)
_HTTP_CONNECT: tuple[type[BaseException], ...] = tuple(c.ConnectError for c in _clients)

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
    if isinstance(exc, (TimeoutError, sdk.APITimeoutError, *_HTTP_TIMEOUTS)):
        message = TIMEOUT
    elif isinstance(exc, (sdk.APIConnectionError, *_HTTP_CONNECT)):
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

"""Exceptions raised by LeFlux.

One root, two branches: mistakes of the integrator (bad configuration, bad flags),
and runtime failures (bad input from a client, a planner that failed, a store that
went away). Runtime failures carry the wire ``code`` so the transport
can answer with ``error {message, code}`` or ``{"error": {code, message}}``.

    LeFluxError
    ├── ConfigError                  integrator mistake: bad flag, bad URL, bad site file
    └── LeFluxRuntimeError           has .code, .message (visitor-readable), .status (HTTP)
        ├── InvalidPayload           invalid_payload        400
        ├── InvalidSession           invalid_session        400 / 404
        ├── Forbidden                forbidden              403
        ├── UnknownAction            unknown_action         400
        ├── RateLimited              rate_limited           429
        ├── BudgetExhausted          budget_exhausted       429
        ├── PayloadTooLarge          payload_too_large      413
        ├── LimitReached             limit_reached          409
        ├── Conflict                 (invalid_payload)      409
        ├── LeaseLost                (internal)             409  never sent: the turn stops
        ├── PlannerError             planner_error          502
        ├── StoreUnavailable         internal               503
        └── TaskUnreadable           internal               500  a stored task in an unknown format
"""

from __future__ import annotations


class LeFluxError(Exception):
    """Root of every exception LeFlux raises on purpose."""


class ConfigError(LeFluxError):
    """The integrator configured something wrong (flag, URL, site). Start-up stops."""


class LeFluxRuntimeError(LeFluxError):
    """A runtime failure a visitor or client may be told about."""

    code: str = "internal"
    status: int = 500
    default_message: str = "Something went wrong on our side. Please try again."

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        self.message = message or self.default_message
        if code is not None:
            self.code = code
        super().__init__(self.message)


class InvalidPayload(LeFluxRuntimeError):
    code = "invalid_payload"
    status = 400
    default_message = "That request was not in the expected shape."


class InvalidSession(LeFluxRuntimeError):
    code = "invalid_session"
    status = 400
    default_message = "That session id is not valid."


class Forbidden(LeFluxRuntimeError):
    code = "forbidden"
    status = 403
    default_message = "This site is not allowed to use that session."


class UnknownAction(LeFluxRuntimeError):
    code = "unknown_action"
    status = 400
    default_message = "That action is not known for this session."


class RateLimited(LeFluxRuntimeError):
    code = "rate_limited"
    status = 429
    default_message = "You're going a bit fast. Please wait a moment and try again."


class BudgetExhausted(LeFluxRuntimeError):
    code = "budget_exhausted"
    status = 429
    default_message = ("The assistant has reached this site's usage limit for today. "
                       "Please try again tomorrow.")


class PayloadTooLarge(LeFluxRuntimeError):
    code = "payload_too_large"
    status = 413
    default_message = "That message is too large."


class LimitReached(LeFluxRuntimeError):
    code = "limit_reached"
    status = 409
    default_message = "This task reached its step limit."


class Conflict(LeFluxRuntimeError):
    code = "invalid_payload"
    status = 409
    default_message = "That request conflicts with the session's current state."


class LeaseLost(LeFluxRuntimeError):
    """A write of a turn whose lease another process now holds (storage/fencing.py)."""

    code = "internal"
    status = 409
    default_message = "This chat moved on in another process."


class PlannerError(LeFluxRuntimeError):
    code = "planner_error"
    status = 502
    default_message = "The assistant could not come up with an answer just now. Please try again."


class StoreUnavailable(LeFluxRuntimeError):
    code = "internal"
    status = 503
    default_message = "The service is briefly unavailable. Please try again in a moment."


class TaskUnreadable(LeFluxRuntimeError):
    """A stored open task whose memory is in a format this server does not read (a newer
    server wrote it, or the row was changed by hand). The session closes it and goes on."""

    code = "internal"
    status = 500
    default_message = ("I couldn't pick up the task in progress (it was saved in a form "
                       "this version cannot read), so I stopped it. Please ask again.")

    def __init__(self, task_id: str, detail: str) -> None:
        super().__init__()
        self.task_id = task_id
        self.detail = detail

    def __str__(self) -> str:
        return f"stored task {self.task_id} cannot be read: {self.detail}"

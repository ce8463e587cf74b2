"""Who may use the owner's console: the admin token (``Authorization: Bearer``) or the
console's signed cookie, wrong tokens rate-limited per IP, CSRF checks for changes.

The cookie carries no token: ``<expiry>.<HMAC(token, expiry)>``, so it is checked in
any process that knows the token and stops working when the token changes. The CSRF
token is an HMAC of the cookie, put in the console page and sent back in a header.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import deque
from collections.abc import Callable
from enum import Enum

from starlette.requests import Request

COOKIE = "leflux_admin"
CSRF_HEADER = "x-csrf-token"
COOKIE_MAX_AGE_S = 12 * 3600
# Wrong tokens: at most this many per IP in the window; then every try (right or
# wrong) answers 429 until the window has passed.
MAX_FAILURES = 5
FAILURE_WINDOW_S = 300.0


class Access(Enum):
    NONE = "none"          # no credential at all
    WRONG = "wrong"        # a credential that is not the token
    LOCKED = "locked"      # too many wrong tries from this IP
    BEARER = "bearer"
    COOKIE = "cookie"


class FailedTries:
    """Wrong tokens per IP in a sliding window (pure; the clock is passed in)."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = FAILURE_WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._tries: dict[str, deque[float]] = {}

    def _recent(self, ip: str) -> deque[float]:
        tries = self._tries.setdefault(ip, deque())
        cut = self.clock() - self.window
        while tries and tries[0] <= cut:
            tries.popleft()
        return tries

    def locked(self, ip: str) -> bool:
        tries = self._recent(ip)
        if not tries:
            self._tries.pop(ip, None)
        return len(tries) >= self.limit

    def fail(self, ip: str) -> None:
        self._recent(ip).append(self.clock())
        if len(self._tries) > 10_000:  # bound memory: drop IPs with nothing recent
            for key in [k for k, q in self._tries.items() if not q]:
                del self._tries[key]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class AdminGuard:
    def __init__(self, token: str, clock: Callable[[], float] = time.time) -> None:
        self._key = token.encode()
        self._bearer = f"Bearer {token}".encode()
        self.clock = clock
        self.failures = FailedTries()

    def _sign(self, text: str) -> str:
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()

    def token_ok(self, candidate: str) -> bool:
        return hmac.compare_digest(self._key, candidate.encode())

    def new_cookie(self) -> str:
        expiry = str(int(self.clock()) + COOKIE_MAX_AGE_S)
        return f"{expiry}.{self._sign('console:' + expiry)}"

    def cookie_ok(self, value: str) -> bool:
        expiry, _, sig = value.partition(".")
        if not expiry.isdigit() or int(expiry) < self.clock():
            return False
        return hmac.compare_digest(sig.encode(), self._sign("console:" + expiry).encode())

    def csrf_for(self, cookie: str) -> str:
        return self._sign("csrf:" + cookie)[:40]

    def access(self, request: Request) -> Access:
        """Check the request's credential; a wrong one counts against its IP."""
        header = request.headers.get("authorization")
        if header is None:
            # A stale or foreign cookie is no guess at the token (it is an HMAC): the
            # visitor simply signs in again.
            cookie = request.cookies.get(COOKIE)
            return Access.COOKIE if cookie and self.cookie_ok(cookie) else Access.NONE
        return self.attempt(client_ip(request),
                            lambda: hmac.compare_digest(header.encode(), self._bearer))

    def attempt(self, ip: str, check: Callable[[], bool]) -> Access:
        """One try at the token from ``ip``: BEARER when right, else WRONG or LOCKED."""
        if self.failures.locked(ip):
            return Access.LOCKED
        if check():
            return Access.BEARER
        self.failures.fail(ip)
        return Access.LOCKED if self.failures.locked(ip) else Access.WRONG

    def same_origin(self, request: Request) -> bool:
        """A state change from the console's own page (CSRF): the browser's Origin (or
        Sec-Fetch-Site) says same origin."""
        origin = request.headers.get("origin")
        if origin is not None:
            return origin == f"{request.url.scheme}://{request.headers.get('host', '')}"
        return request.headers.get("sec-fetch-site") in ("same-origin", None)

    def csrf_ok(self, request: Request) -> bool:
        cookie = request.cookies.get(COOKIE, "")
        sent = request.headers.get(CSRF_HEADER, "")
        return self.same_origin(request) and hmac.compare_digest(
            sent.encode(), self.csrf_for(cookie).encode())

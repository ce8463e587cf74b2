"""The Origin allow-list (pure logic, no I/O).

An entry is ``scheme://host[:port]`` or ``scheme://*.domain[:port]``. A wildcard matches
subdomains of ``domain`` at any depth and never ``domain`` itself, ``evil-domain`` or
``domain.evil.net``. Scheme and port must match exactly (default ports are implied).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from leflux.errors import ConfigError

DEFAULT_PORTS = {"http": 80, "https": 443}
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")
_IPV6 = re.compile(r"^\[[0-9a-f:.]+\]$")
_ORIGIN = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<host>\[[^\]]+\]|[^:/?#\[\]@]+)(?::(?P<port>\d{1,5}))?$"
)


def request_origin(
    origin: str | None, *, sec_fetch_site: str | None, scheme: str, host: str | None
) -> str | None:
    """The origin a REST request comes from.

    Browsers leave ``Origin`` out of same-origin GETs (the demo shop calls
    ``/api/widget-config`` on its own host). Only then, and only when the browser itself
    says ``Sec-Fetch-Site: same-origin`` (a header page scripts cannot set), the origin is
    this server's own ``scheme://host``, which must still be on the allow-list.
    """
    if origin:
        return origin
    if sec_fetch_site == "same-origin" and host:
        return f"{scheme}://{host}"
    return None


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int


def parse_origin(value: str | None) -> Origin | None:
    """A browser ``Origin`` header as (scheme, host, port); None if absent or malformed."""
    if not value or len(value) > 300:
        return None
    m = _ORIGIN.match(value.strip().lower())
    if not m:
        return None
    scheme, host = m["scheme"], m["host"]
    if scheme not in DEFAULT_PORTS:
        return None
    if not (_HOST.match(host) or _IPV6.match(host)):
        return None
    port = int(m["port"]) if m["port"] else DEFAULT_PORTS[scheme]
    if not 0 < port < 65536:
        return None
    return Origin(scheme, host, port)


@dataclass(frozen=True)
class OriginRule:
    scheme: str
    host: str  # for a wildcard: the parent domain, without the "*."
    port: int
    wildcard: bool

    @classmethod
    def parse(cls, entry: str) -> OriginRule:
        text = entry.strip().lower().rstrip("/")
        wildcard = False
        m = re.match(r"^([a-z][a-z0-9+.-]*)://\*\.(.+)$", text)
        if m:
            wildcard = True
            text = f"{m[1]}://{m[2]}"
        origin = parse_origin(text)
        if origin is None or (wildcard and "." not in origin.host):
            raise ConfigError(
                f"allowed origin {entry!r} must look like https://shop.example.com, "
                "http://localhost:3000 or https://*.example.com"
            )
        return cls(origin.scheme, origin.host, origin.port, wildcard)

    def matches(self, origin: Origin) -> bool:
        if origin.scheme != self.scheme or origin.port != self.port:
            return False
        if self.wildcard:
            return origin.host.endswith("." + self.host)
        return origin.host == self.host


def parse_rules(entries: Iterable[str]) -> tuple[OriginRule, ...]:
    return tuple(OriginRule.parse(e) for e in entries if e.strip())


def split_origins(value: str) -> tuple[str, ...]:
    """``"https://a.com, https://*.a.com"`` -> each entry, checked."""
    entries = tuple(e.strip() for e in value.split(",") if e.strip())
    parse_rules(entries)
    return entries


T = TypeVar("T")


# Origin headers whose answer a directory remembers (it never changes: a new site list is
# a new directory). A connect asks three times (engine.io's CORS check, the handshake's,
# the Socket.IO connect's): parsing each time was ~5% of a connect + join's CPU.
LOOKUPS_REMEMBERED = 1024


class OriginDirectory(Generic[T]):
    """Which site an Origin belongs to. Exact entries win over wildcards; among equals,
    the first site listed wins."""

    def __init__(self, sites: Sequence[tuple[T, Sequence[str]]]) -> None:
        self._rules: list[tuple[OriginRule, T]] = []
        for site, entries in sites:
            for rule in parse_rules(entries):
                self._rules.append((rule, site))
        self._rules.sort(key=lambda pair: pair[0].wildcard)  # stable: keeps site order
        self._seen: dict[str | None, T | None] = {}

    def lookup(self, origin_header: str | None) -> T | None:
        try:
            return self._seen[origin_header]
        except KeyError:
            pass
        found = self._find(origin_header)
        if len(self._seen) >= LOOKUPS_REMEMBERED:  # many Origins (made up ones): forget
            self._seen.clear()
        self._seen[origin_header] = found
        return found

    def _find(self, origin_header: str | None) -> T | None:
        origin = parse_origin(origin_header)
        if origin is None:
            return None
        for rule, site in self._rules:
            if rule.matches(origin):
                return site
        return None

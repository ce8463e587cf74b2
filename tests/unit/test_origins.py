"""The Origin allow-list as pure logic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leflux.errors import ConfigError
from leflux.transport.origins import (
    LOOKUPS_REMEMBERED,
    OriginDirectory,
    OriginRule,
    parse_origin,
    split_origins,
)

SITES = OriginDirectory([
    ("shop", ["https://*.a.com", "http://localhost:3000"]),
    ("apex", ["https://a.com"]),
    ("ip", ["http://127.0.0.1:8000", "http://[::1]:8000"]),
])


@pytest.mark.parametrize("origin,site", [
    ("https://sub.a.com", "shop"),
    ("https://x.y.a.com", "shop"),
    ("https://SUB.A.COM", "shop"),
    ("https://sub.a.com:443", "shop"),
    ("https://a.com", "apex"),
    ("http://localhost:3000", "shop"),
    ("http://127.0.0.1:8000", "ip"),
    ("http://[::1]:8000", "ip"),
    ("https://evil-a.com", None),
    ("https://a.com.evil.net", None),
    ("https://sub.a.com.evil.net", None),
    ("https://suba.com", None),
    ("http://sub.a.com", None),          # scheme matters
    ("https://sub.a.com:8443", None),    # port matters
    ("http://localhost:3001", None),
    ("http://localhost", None),
    ("https://sub.a.com/", None),        # an Origin has no path
    ("https://user@sub.a.com", None),
    ("null", None),
    ("", None),
    (None, None),
    ("file://sub.a.com", None),
    ("https://*.a.com", None),
])
def test_lookup(origin, site):
    assert SITES.lookup(origin) == site


def test_exact_entry_wins_over_wildcard():
    d = OriginDirectory([("wild", ["https://*.a.com"]), ("exact", ["https://shop.a.com"])])
    assert d.lookup("https://shop.a.com") == "exact"
    assert d.lookup("https://other.a.com") == "wild"


def test_remembered_answers_are_the_rules_answers_and_bounded():
    d = OriginDirectory([("shop", ["https://shop.a.com"]), ("wild", ["https://*.b.com"])])
    asked = ["https://shop.a.com", "https://x.b.com", "https://evil.com", None, "",
             "HTTPS://SHOP.A.COM:443", "https://b.com"]
    first = [d.lookup(o) for o in asked]
    assert first == ["shop", "wild", None, None, None, "shop", None]
    assert [d.lookup(o) for o in asked] == first  # remembered: the same answers
    for i in range(LOOKUPS_REMEMBERED + 10):  # made-up Origins do not grow it for ever
        assert d.lookup(f"https://x{i}.evil.com") is None
    assert len(d._seen) <= LOOKUPS_REMEMBERED
    assert [d.lookup(o) for o in asked] == first


@pytest.mark.parametrize("entry", ["a.com", "https://", "https://*", "https://*.com.",
                                   "ftp://a.com", "https://a.com/path", "*",
                                   "https://a.com:99999", "https://*.localhost"])
def test_bad_entries_are_config_errors(entry):
    with pytest.raises(ConfigError):
        OriginRule.parse(entry)


def test_split_origins():
    assert split_origins(" http://a.com , https://*.b.com,,") == ("http://a.com", "https://*.b.com")
    with pytest.raises(ConfigError):
        split_origins("http://a.com,nonsense")


def test_default_ports_are_implied():
    assert parse_origin("https://a.com") == parse_origin("https://a.com:443")
    assert OriginRule.parse("http://a.com:80").matches(parse_origin("http://a.com"))


@given(st.text(max_size=60))
def test_lookup_never_raises(text):
    result = SITES.lookup(text)
    assert result in (None, "shop", "apex", "ip")


@given(st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True))
def test_wildcard_never_matches_lookalikes(label):
    rule = OriginRule.parse("https://*.a.com")
    for host in (f"{label}a.com", f"{label}-a.com", f"a.com.{label}.net", f"{label}.a.com.x"):
        origin = parse_origin(f"https://{host}")
        assert origin is None or not rule.matches(origin)
    origin = parse_origin(f"https://{label}.a.com")
    if origin is not None:
        assert rule.matches(origin)
